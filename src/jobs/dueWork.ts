// What due work looks like to its handlers: the two handler shapes, and the summary of what one
// run sent (the ticker logs it, `gevinstbot run-due` prints it).
import { SHARD_COUNT } from '../domain/shards';
import type { Services } from '../services/context';
import type { DueItem } from '../storage';

export interface RunSummary {
  prompts: number;
  reminders: number;
  digests: number;
  notices: number;
  failed: number;
  /** Items left due because another live run holds them, or this run lost its lease: not failures. */
  deferred: number;
  /** Shards another live run holds, so this run did not touch their work. */
  busy?: { shards: number; holders: string[]; until: string };
}

export const emptySummary = (): RunSummary => ({ prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0, deferred: 0 });

export function formatSummary(r: RunSummary): string {
  let line = `sent ${r.prompts} prompts, ${r.reminders} reminders, ${r.digests} digests, ${r.notices} notices`;
  if (r.failed > 0) line += ` (${r.failed} items failed and stay due)`;
  if (r.deferred > 0) line += ` (${r.deferred} items held by another run stay due)`;
  return line;
}

/** The stderr line of a run that found work held by another live run (and the CLI's exit stays 0). */
export function formatBusy(r: RunSummary): string | undefined {
  if (!r.busy) return undefined;
  const { shards, holders, until } = r.busy;
  return `another run holds the run lease of ${shards} of ${SHARD_COUNT} shards (${holders.join(', ')}, until ${until} unless renewed); their work was left to it`;
}

/** A handler does the item's work and counts what it sent. Throwing keeps the item for a later run. */
export type DueHandler = (s: Services, item: DueItem, now: Date, summary: RunSummary) => Promise<void>;
/**
 * A batch handler is started once per run and then given the run's pages of items, several at a
 * time; what the pages share (each tenant's send pool, so its cap holds for the whole run) lives in
 * the run it starts. Each page returns the items that are done (the rest stay due).
 */
export type DueBatchHandler = (s: Services, now: Date, summary: RunSummary) => (items: DueItem[]) => Promise<DueItem[]>;
