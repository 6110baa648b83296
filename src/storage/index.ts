// The storage facade the rest of the app gets: every repository over one TableStore.
import { AuditRepo } from './auditRepo';
import { BenefitRepo } from './benefitRepo';
import { ConversationRepo } from './conversationRepo';
import { DueRepo } from './dueRepo';
import { LeaseRepo } from './leaseRepo';
import { LedgerRepo } from './ledgerRepo';
import { MeasurementRepo } from './measurementRepo';
import { PeopleRepo } from './peopleRepo';
import { PlanRepo } from './planRepo';
import { RecordRepo } from './recordRepo';
import { TableStore } from './tables';

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
}

export async function openStorage(connectionString: string, prefix = ''): Promise<Storage> {
  const store = new TableStore(connectionString, prefix);
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
  };
}

export type { PlanRow } from './planRepo';
export type { BenefitRow } from './benefitRepo';
export type { PeriodRow, HistoryRow, LatestValue } from './measurementRepo';
export type { LedgerEntry, DeliveryKind, DeliveryState, Claim } from './ledgerRepo';
export type { DueItem, DueKind } from './dueRepo';
export { DUE_ORDER } from './dueRepo';
export type { LeaseChange, LeaseRow, LeaseState } from './leaseRepo';
export type { ConversationRow, StoredReference } from './conversationRepo';
export type { PersonRow } from './peopleRepo';
export { isConflict, isStale, isNotFound, isTransient, StorageUnavailableError } from './errors';
export { startAzurite, freePort, type EmbeddedAzurite } from './embeddedAzurite';
export { ledgerSubject, targetPeriod } from './keys';
