// What due work looks like to its handlers: the two handler shapes, and the summary of what one
// run sent (the ticker logs it, `gevinstbot run-due` prints it).
import type { Services } from '../services/context';
import type { DueItem } from '../storage';

export interface RunSummary {
  prompts: number;
  reminders: number;
  digests: number;
  notices: number;
  failed: number;
}

export const emptySummary = (): RunSummary => ({ prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0 });

export function formatSummary(r: RunSummary): string {
  const base = `sent ${r.prompts} prompts, ${r.reminders} reminders, ${r.digests} digests, ${r.notices} notices`;
  return r.failed > 0 ? `${base} (${r.failed} items failed and stay due)` : base;
}

/** A handler does the item's work and counts what it sent. Throwing keeps the item for a later run. */
export type DueHandler = (s: Services, item: DueItem, now: Date, summary: RunSummary) => Promise<void>;
/** A batch handler does many items at once and returns those that are done (the rest stay due). */
export type DueBatchHandler = (s: Services, items: DueItem[], now: Date, summary: RunSummary) => Promise<DueItem[]>;
