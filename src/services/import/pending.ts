// A previewed import between the preview and the admin's Import or Cancel: stored in Table Storage
// (storage/importRepo) so the click works on any instance and after a restart, and expires.
// Import applies exactly the rows the preview showed as new or changed, each through the same use
// case as the typed command (so each change is validated again and audited); rows with problems
// were never stored and are not applied. The click is idempotent: a second Import (a double
// click, a replay) answers with what the first one did.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import type { Problem } from '../../domain/problems';
import { sameTitle } from '../../domain/registerMatch';
import type { Language } from '../../domain/types';
import { IMPORT_MAX_BYTES, type ImportHeader } from '../../storage';
import type { Actor } from '../actor';
import { isAdmin } from '../admins';
import { addBenefit, setBenefit } from '../benefits';
import type { Services } from '../context';
import { deliverToPerson } from '../../delivery/dispatch';
import type { OutboundMessage } from '../../ports/outbound';
import type { ImportPreview, PlannedRow } from './preview';

/** How long a preview can be imported. */
export const IMPORT_TTL_HOURS = 24;
/** How long the bot waits for the file after `import <plan>`. */
export const AWAIT_FILE_MINUTES = 30;
/** An import whose process died while applying it is taken over by the next click after this. */
export const APPLY_STALE_MS = 5 * 60_000;
export const IMPORT_ID_PATTERN = /^[0-9a-f]{24}$/;
/**
 * Teams waits only seconds for the answer to a click. A large import answers after this many rows
 * (or this long) that it is under way, finishes in the background and sends the result.
 */
export const ROWS_IN_REPLY = 25;
export const REPLY_WITHIN_MS = 8_000;

export interface ImportResult {
  created: { row: number; ref: string; title: string }[];
  changed: { row: number; ref: string; title: string }[];
  failed: { row: number; title: string; problems: Problem[] }[];
}

export async function storePendingImport(
  s: Services,
  actor: Actor,
  preview: ImportPreview,
  fileName: string,
  lang: Language,
): Promise<{ id: string; expiresAt: string } | undefined> {
  const planned: PlannedRow[] = preview.rows.flatMap((r) => (r.kind === 'new' || r.kind === 'changed' ? [r.planned] : []));
  const payload = zlib.gzipSync(Buffer.from(JSON.stringify({ v: 1, rows: planned }), 'utf8'));
  if (payload.length > IMPORT_MAX_BYTES) return undefined;
  const now = s.clock.now();
  await s.storage.imports.deleteExpired(actor.tenantId, now.toISOString());
  const id = randomBytes(12).toString('hex');
  const expiresAt = new Date(now.getTime() + IMPORT_TTL_HOURS * 3_600_000).toISOString();
  await s.storage.imports.create(
    {
      tenantId: actor.tenantId,
      id,
      planId: preview.plan.id,
      by: actor.person.id,
      lang,
      fileName: fileName.slice(0, 200),
      createdAt: now.toISOString(),
      expiresAt,
      state: 'pending',
      stateAt: now.toISOString(),
      summary: { ...preview.counts },
    },
    payload,
  );
  return { id, expiresAt };
}

export type ApplyOutcome =
  | { kind: 'working'; done: number; total: number; finished: Promise<ApplyOutcome> }
  | { kind: 'refused' }
  | { kind: 'gone' }
  | { kind: 'expired' }
  | { kind: 'busy' }
  | { kind: 'cancelled'; again: boolean }
  | { kind: 'done'; again: boolean; planId: string; result: ImportResult };

type Loaded = ImportHeader & { etag: string; chunks: number };

async function load(s: Services, actor: Actor, id: string): Promise<ApplyOutcome | Loaded> {
  if (!(await isAdmin(s, actor))) return { kind: 'refused' };
  if (!IMPORT_ID_PATTERN.test(id)) return { kind: 'gone' };
  const h = await s.storage.imports.get(actor.tenantId, id);
  if (!h) return { kind: 'gone' };
  if (h.state === 'done') return { kind: 'done', again: true, planId: h.planId, result: h.result as unknown as ImportResult };
  if (h.state === 'cancelled') return { kind: 'cancelled', again: true };
  if (h.expiresAt <= s.clock.now().toISOString()) return { kind: 'expired' };
  if (h.state === 'applying' && s.clock.now().getTime() - Date.parse(h.stateAt) < APPLY_STALE_MS) return { kind: 'busy' };
  return h;
}

export async function cancelImport(s: Services, actor: Actor, id: string): Promise<ApplyOutcome> {
  const h = await load(s, actor, id);
  if ('kind' in h) return h;
  const { etag, ...row } = h;
  const ok = await s.storage.imports.update({ ...row, state: 'cancelled', stateAt: s.clock.now().toISOString() }, etag);
  if (ok === undefined) return cancelImport(s, actor, id);
  await s.storage.imports.dropPayload(actor.tenantId, id, h.chunks);
  return { kind: 'cancelled', again: false };
}

export async function applyImport(s: Services, actor: Actor, id: string): Promise<ApplyOutcome> {
  const h = await load(s, actor, id);
  if ('kind' in h) return h;
  const { etag, ...row } = h;
  const claimedEtag = await s.storage.imports.update({ ...row, state: 'applying', stateAt: s.clock.now().toISOString() }, etag);
  if (claimedEtag === undefined) return { kind: 'busy' };
  const payload = await s.storage.imports.payload(actor.tenantId, id, h.chunks);
  if (!payload) return { kind: 'gone' };
  const rows = (JSON.parse(zlib.gunzipSync(payload).toString('utf8')) as { rows: PlannedRow[] }).rows;

  const progress = { done: 0 };
  let replyNow: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (replyNow = resolve));
  const timer = setTimeout(replyNow, REPLY_WITHIN_MS);
  const finished = (async (): Promise<ApplyOutcome> => {
    try {
      const result = await applyRows(s, actor, h.planId, rows, () => {
        if (++progress.done === ROWS_IN_REPLY) replyNow();
      });
      await s.storage.imports.update({ ...row, state: 'done', stateAt: s.clock.now().toISOString(), result: result as unknown as Record<string, unknown> }, claimedEtag);
      await s.storage.imports.dropPayload(actor.tenantId, id, h.chunks);
      return { kind: 'done', again: false, planId: h.planId, result };
    } finally {
      clearTimeout(timer);
    }
  })();
  const first = await Promise.race([finished, enough.then(() => undefined)]);
  if (first) return first;
  return { kind: 'working', done: progress.done, total: rows.length, finished };
}

/** Sends what a long import did to the admin's personal chat, once it has finished. */
export async function sendImportResult(s: Services, actor: Actor, message: OutboundMessage, serviceUrl: string): Promise<void> {
  const sent = await deliverToPerson(s, actor.tenantId, actor.person, message, { serviceUrl });
  if (!sent.ok) s.log.warn({ tenantId: actor.tenantId, error: sent.error }, 'import result not delivered; a click on the card shows it');
}

async function applyRows(s: Services, actor: Actor, planId: string, rows: readonly PlannedRow[], onRow: () => void): Promise<ImportResult> {
  const result: ImportResult = { created: [], changed: [], failed: [] };
  // An earlier Import of this preview that died half-way may have created some benefits already:
  // a row to add whose title is there now changes that benefit instead (to the same values).
  const known = (await s.storage.benefits.list(actor.tenantId, planId)).filter((b) => b.state !== 'archived').map((b) => ({ number: b.number, title: b.title }));
  for (const r of rows) {
    const made = r.mode === 'add' ? known.find((b) => sameTitle(b.title, r.title)) : undefined;
    const number = made?.number ?? r.number ?? 0;
    const outcome = r.mode === 'add' && !made ? await addBenefit(s, actor, planId, r.input) : await setBenefit(s, actor, { plan: planId, number }, r.input);
    onRow();
    if (!outcome.ok) {
      result.failed.push({ row: r.row, title: r.title, problems: outcome.problems.slice(0, 5) });
      continue;
    }
    const b = outcome.value.benefit;
    if (r.mode === 'add' && !made) known.push({ number: b.number, title: b.title });
    (r.mode === 'add' ? result.created : result.changed).push({ row: r.row, ref: `${planId}/${b.number}`, title: b.title });
  }
  return result;
}
