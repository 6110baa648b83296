// The storage facade the rest of the app gets: every repository over one TableStore.
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

export type { PlanRow } from './planRepo';
export type { BenefitRow } from './benefitRepo';
export type { PeriodRow, HistoryRow, LatestValue } from './measurementRepo';
export type { LedgerEntry, DeliveryKind, DeliveryState, Claim } from './ledgerRepo';
export type { DueItem, DueKind } from './dueRepo';
export { DUE_ORDER } from './dueRepo';
export type { LeaseChange, LeaseRow, LeaseState } from './leaseRepo';
export type { ConversationRow, StoredReference } from './conversationRepo';
export { MAX_PEOPLE_PER_QUERY } from './conversationRepo';
export type { PersonRow } from './peopleRepo';
export type { FormClaim } from './formRepo';
export type { ImportHeader, AwaitingFile } from './importRepo';
export { IMPORT_MAX_BYTES } from './importRepo';
export { isConflict, isStale, isNotFound, isTransient, StorageUnavailableError } from './errors';
export { startAzurite, freePort, type EmbeddedAzurite } from './embeddedAzurite';
export { ledgerSubject, targetPeriod } from './keys';
export type { StorageTarget } from './tables';
export { openStorageAtStart, StorageStartError } from './startup';
export { useEmbeddedStorage, StorageLockedError, type EmbeddedStorage } from './embeddedStorage';
