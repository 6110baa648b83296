// What `gevinstbot due` and `gevinstbot run-due --next` print: instants in UTC and in the plan's
// own time zone, one item a line in aligned columns (instant, local time, kind, plan, benefit,
// owner). Plain English, as the rest of the operator's command line; no colours, no tabs.
import { formatInstant } from '../domain/dates';
import type { DueKind } from '../storage';
import type { NextDue, ScheduledWork } from '../jobs/upcoming';

const KIND: Record<DueKind, string> = {
  prompt: 'prompt',
  reminder: 'reminder',
  periodEnd: 'period end',
  digest: 'digest',
  targetCheck: 'target check',
};

/** `2026-12-07T08:00:00Z`: the stored instant without its milliseconds. */
export const utc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

/** `2026-12-07 09:00 Europe/Oslo`. */
export const local = (iso: string, timezone: string) => `${formatInstant(new Date(iso).toISOString(), timezone, 'en')} ${timezone}`;

export function formatScheduled(list: { work: ScheduledWork[]; more: boolean; horizon: string }, now: Date): string {
  if (list.work.length === 0) return `Nothing is scheduled from now (${utc(now.toISOString())}) to ${utc(list.horizon)}.\n`;
  const rows = [
    ['instant (UTC)', 'local time', 'kind', 'plan', 'benefit', 'owner'],
    ...list.work.map((w) => [
      utc(w.item.at),
      local(w.item.at, w.plan.timezone),
      `${KIND[w.item.kind] ?? w.item.kind}${w.overdue ? ' (overdue)' : ''}`,
      w.plan.id,
      w.item.benefitNumber ? `${w.plan.id}/${w.item.benefitNumber}` : '-',
      w.benefit ? w.benefit.owner.name : '-',
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
  if (list.more) lines.push(`… and more: gevinstbot due --limit ${Math.min(list.work.length * 2, 500)} shows more.`);
  return `${lines.join('\n')}\n`;
}

/** The line run-due --next prints before its summary. */
export function formatNextInstant(next: Exclude<NextDue, { at: undefined }>): string {
  const zones = [...new Set(next.work.map((w) => w.plan.timezone))];
  const at = next.at.toISOString();
  const locals = zones.map((z) => local(at, z)).join('; ');
  return next.overdue ? `due now: ${utc(at)} (${locals}), overdue since ${utc(next.since)}\n` : `due at ${utc(at)} (${locals})\n`;
}
