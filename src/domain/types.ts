// Pure domain types shared by every layer. No I/O here, and no imports from outside domain/.
// Instants are UTC ISO-8601 strings; calendar dates are 'YYYY-MM-DD' strings in the plan's time zone.

export type Language = 'nb' | 'en';
export type BenefitType = 'cost' | 'time' | 'quality';
export type Direction = 'up' | 'down';

/** Lifecycle of one benefit (DOMAIN.md). */
export type BenefitState = 'planned' | 'tracking' | 'achieved' | 'missed' | 'archived';

/** Status shown in digests: derived, never stored. */
export type Status = 'achieved' | 'onTrack' | 'atRisk' | 'offTrack' | 'noData';

/** A person as Teams knows them. `id` is the Teams user id (29:… in real Teams). */
export interface Person {
  id: string;
  name: string;
  aadObjectId?: string;
  upn?: string;
}

/** Where a plan posts: its Teams channel. */
export interface ChannelRef {
  conversationId: string;
  /** The channel's name when Teams told it (at `plan new`). */
  name?: string;
  /** The team's first channel (Teams shows it as General / Generelt, in the reader's language). */
  general?: boolean;
  /** The bot's id in that conversation (28:<app id> in Teams), needed to post proactively. */
  botId: string;
  teamId?: string;
  channelId?: string;
  serviceUrl: string;
}

export interface Plan {
  tenantId: string;
  id: string; // slug, unique within the tenant
  name: string;
  channel: ChannelRef;
  digest: string; // cadence text, e.g. "fri 14:00"
  timezone: string; // IANA
  language?: Language;
  hourlyRate: number; // NOK per hour
  hoursPerFte: number;
  tolerance: number; // percentage points
  leader?: Person;
  archived: boolean;
  nextBenefitNumber: number;
  createdAt: string;
  createdBy: Person;
}

export interface Benefit {
  tenantId: string;
  planId: string;
  number: number;
  title: string;
  type: BenefitType;
  unit: string;
  baseline?: number; // absent = 'planned': the first prompt asks for it
  baselineDate?: string;
  target: number;
  due: string; // target date
  direction: Direction;
  /** true when the admin typed direction=; otherwise it follows baseline/target. */
  directionSet: boolean;
  cadence: string; // e.g. "mon 09:00"
  message?: string;
  realization?: string;
  owner: Person;
  deputy?: Person;
  start?: string; // date; defaults to baseline date or creation
  state: BenefitState;
  /** The date the target was met first (success notice sent once per target). */
  achievedAt?: string;
  /**
   * Set on every benefit when its plan is archived (archiving is final), so that the benefit row
   * an answer reads anyway says the plan takes no answers, on every instance at once, while the
   * answer reads the plan itself through a short cache (PlanRepo.getRecent).
   */
  planArchived?: boolean;
  createdAt: string;
}

/** Kinds of stored measurement rows. */
export type MeasurementKind = 'value' | 'baseline' | 'skip' | 'away';

/** One answer for one (benefit, period). Corrections keep the earlier versions in history. */
export interface Measurement {
  planId: string;
  benefitNumber: number;
  period: string; // e.g. 2026-W49, 2026-12, 2026-12-01
  periodStart: string; // instant: the start of the interval measured
  kind: MeasurementKind;
  value?: number;
  reason?: string; // for skip
  comment?: string;
  by: Person;
  at: string; // instant
  version: number; // 1 for the first answer, 2 for the first correction, …
}

export interface Confirmation {
  planId: string;
  benefitNumber: number;
  by: Person;
  at: string;
  comment?: string;
  realisedValue: number; // in the benefit's unit (sum of period gains)
  realisedNok?: number;
  realisedHours?: number;
}

/** A benefit's newest answered value (not the baseline answer), shown as "previous" on cards. */
export interface LatestValue {
  value: number;
  period: string;
  periodStart: string;
}

export interface Lesson {
  planId: string;
  benefitNumber: number;
  by: Person;
  at: string;
  lesson: string;
  newDue?: string;
  newTarget?: number;
}

export interface AuditEntry {
  planId: string; // or '_tenant' for admin changes
  at: string;
  by: Person;
  action: string; // e.g. 'plan.new', 'benefit.set'
  subject: string; // e.g. 'digitalt-tilsyn/2'
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * State of one (benefit, period): created when the prompt is sent, updated by the answer.
 * One row per pair is what makes answers idempotent (ARCHITECTURE rule 3) and lets a plan's
 * digest read prompts and answers in one partition query.
 */
export type PeriodState = 'open' | 'answered' | 'skipped' | 'away' | 'unreachable';

export interface PeriodRecord {
  planId: string;
  benefitNumber: number;
  /** The period asked about (`2026-W49`, `2026-11`, `2026-12-07`): the interval the prompt closes. */
  period: string;
  periodStart: string; // the previous occurrence: the start of the interval measured
  periodEnd: string; // the occurrence that prompted: the end of the interval measured
  /** The next prompt's occurrence: after it an open period counts as missed (no more reminders). */
  answerDueAt?: string;
  closesAt: string; // two cadence intervals after the prompt: answers are refused after it
  state: PeriodState;
  /** true when this period asks for the baseline (a benefit in 'planned'). */
  baseline: boolean;
  promptedAt?: string;
  /** The run that claimed the prompt (delivery/fence.ts): taken over only once that run is dead. */
  claim?: string;
  promptedTo?: string; // Teams user id (owner or, while away, the deputy)
  promptActivityId?: string;
  promptConversationId?: string;
  /** The language the prompt card was sent in: its answers are shown in the same one. */
  lang?: Language;
  reminderSentAt?: string;
  value?: number;
  reason?: string; // why it could not be measured
  comment?: string;
  by?: Person;
  at?: string;
  version: number; // 0 = unanswered; 1 = first answer; 2+ = corrections
}

/** When an unanswered period counts as missed (rows written before `answerDueAt` kept it in periodEnd). */
export const answerDueOf = (row: Pick<PeriodRecord, 'answerDueAt' | 'periodEnd'>): string => row.answerDueAt ?? row.periodEnd;
