// A large backlog (figure: scale): `items` due items waiting at once, as after an outage, worked
// through by one run-due. runDue reads them a page (1 000 rows) at a time per kind, so its heap
// must not grow with the backlog. Measured: the heap the run keeps (the highest heapUsed after a
// forced GC, every 500 ms) and its raw peak, the same for reading the whole backlog in one go (what
// run-due did before it paged: `listDue(now)`), and the time per 1 000 items.
//
// The items are prompts of archived plans: each page costs the handler one plan read per plan in
// it and the deletes, so what is measured is the paging itself, not the sending (a live backlog
// is sent at the tenants' caps, TEAMS_MAX_RPS, one page at a time in the same way).
import os from 'node:os';
import type { DueItem } from '../src/storage';
import { runDueOnce } from '../src/jobs/runOnce';
import { isQuick, loadInputs } from './lib/inputs';
import { fmt, goal, info, main, progress } from './lib/report';
import { FIRST_PROMPT, seedPlan, startBenchAzurite, startWorld } from './lib/world';

const BENCH = 'backlog';
const MB = 1024 * 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * Heap above the start while `work` runs: `rawMb` is the highest heapUsed seen (sampled every
 * 10 ms; it includes garbage not yet collected, so it grows with the allocation rate and the time
 * V8 lets pass before collecting), `liveMb` the highest heap after a forced collection (every
 * 500 ms, and at the end with the result still held): what the run really keeps.
 */
async function peakDuring<T>(work: () => Promise<T>): Promise<{ value: T; rawMb: number; liveMb: number; ms: number }> {
  gc();
  gc();
  const base = process.memoryUsage().heapUsed;
  let raw = base;
  let live = base;
  const sample = setInterval(() => {
    raw = Math.max(raw, process.memoryUsage().heapUsed);
  }, 10);
  const collect = setInterval(() => {
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
  }, 500);
  const started = Date.now();
  try {
    const value = await work();
    const ms = Date.now() - started;
    raw = Math.max(raw, process.memoryUsage().heapUsed);
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
    return { value, rawMb: (raw - base) / MB, liveMb: (live - base) / MB, ms };
  } finally {
    clearInterval(sample);
    clearInterval(collect);
  }
}

main(BENCH, async () => {
  const { mode, sizes } = loadInputs(isQuick());
  const cfg = sizes.backlog;
  const azurite = await startBenchAzurite();
  try {
    const w = await startWorld({ azurite, serviceUrl: 'http://127.0.0.1:9/', noServer: true });
    const perPlan = Math.ceil(cfg.items / cfg.plans);
    progress(`seeding ${cfg.items} due prompts: ${cfg.plans} archived plans (one tenant each) × ${perPlan}`);
    for (let p = 0; p < cfg.plans; p++) {
      const tenantId = `00000000-0000-4000-9000-${String(p).padStart(12, '0')}`;
      await seedPlan(w, `etterslep-${p}`, { tenantId, archived: true });
      const items: DueItem[] = Array.from({ length: perPlan }, (_, i) => ({ at: FIRST_PROMPT, tenantId, planId: `etterslep-${p}`, benefitNumber: i + 1, kind: 'prompt' }));
      await w.services.storage.due.scheduleMany(items);
    }
    const seeded = cfg.plans * perPlan;

    progress('reading the whole backlog at once (as run-due did before it paged)');
    const all = await peakDuring(() => w.services.storage.due.listDue(FIRST_PROMPT));
    const allCount = all.value.length;
    all.value.length = 0;

    progress(`run-due over the backlog, a page at a time`);
    const run = await peakDuring(() => runDueOnce(w.services, new Date(FIRST_PROMPT)));
    const left = (await w.services.storage.due.listDue(FIRST_PROMPT)).length;
    goal(
      BENCH,
      `heap kept by run-due over a backlog of ${seeded} due items: +${fmt(run.liveMb, 1)} MB at most after a GC (raw peak +${fmt(run.rawMb, 1)} MB); reading them all at once keeps +${fmt(all.liveMb, 1)} MB (raw +${fmt(all.rawMb, 1)} MB) for ${allCount} items; ${left} left due`,
      `≤ ${cfg.maxPeakHeapMb} MB, 0 left`,
      run.liveMb <= cfg.maxPeakHeapMb && left === 0,
    );
    info(BENCH, `run-due took ${fmt(run.ms / 1000, 1)} s: ${fmt(run.ms / (seeded / 1000), 0)} ms per 1 000 items (read, handled, deleted); summary ${JSON.stringify(run.value)}`);
    info(BENCH, `mode ${mode}; load average at the end ${os.loadavg().map((x) => fmt(x, 1)).join(' ')} on ${os.cpus().length} cores`);
    await w.close();
  } finally {
    await azurite.stop();
  }
});
