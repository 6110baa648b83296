// Every repository over one TableStore: the storage the rest of the app gets.
import { AuditRepo } from './auditRepo';
import { BenefitRepo } from './benefitRepo';
import { ConversationRepo } from './conversationRepo';
import { DueRepo } from './dueRepo';
import { FormRepo } from './formRepo';
import { ImportRepo } from './importRepo';
import { LeaseRepo } from './leaseRepo';
import { LedgerRepo } from './ledgerRepo';
import { MeasurementRepo } from './measurementRepo';
import { PeopleRepo } from './peopleRepo';
import { PlanRepo } from './planRepo';
import { RecordRepo } from './recordRepo';
import { TableStore, type StorageTarget } from './tables';

export interface Storage {
  store: TableStore;
  plans: PlanRepo;
  benefits: BenefitRepo;
  measurements: MeasurementRepo;
  records: RecordRepo;
  ledger: LedgerRepo;
  due: DueRepo;
  conversations: ConversationRepo;
  people: PeopleRepo;
  audit: AuditRepo;
  leases: LeaseRepo;
  forms: FormRepo;
  imports: ImportRepo;
}

export async function openStorage(target: StorageTarget, prefix = ''): Promise<Storage> {
  const store = new TableStore(target, prefix);
  await store.ensureTables();
  return {
    store,
    plans: new PlanRepo(store),
    benefits: new BenefitRepo(store),
    measurements: new MeasurementRepo(store),
    records: new RecordRepo(store),
    ledger: new LedgerRepo(store),
    due: new DueRepo(store),
    conversations: new ConversationRepo(store),
    people: new PeopleRepo(store),
    audit: new AuditRepo(store),
    leases: new LeaseRepo(store),
    forms: new FormRepo(store),
    imports: new ImportRepo(store),
  };
}
