// The storage facade the rest of the app gets: every repository over one TableStore (open.ts), and
// the types and helpers of the folder that other layers may use.
export { openStorage, type Storage } from './open';
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
