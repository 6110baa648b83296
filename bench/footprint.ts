// Footprint (figure 4): resident memory of the bot process (process.memoryUsage().rss
// after a forced GC) once N benefits are configured and one run-due has prompted all of them —
// three times in a row in the same process, to show it stays flat (no leak).
//
// The bot runs as production runs it: compiled JavaScript (bench/tsconfig.footprint.json → 
// dist/bench-footprint/) in a process of its own, plain node --expose-gc, HTTP server up, run-due
// on request over IPC (bench/footprintBot.ts). This process configures the benefits through the
// same storage, the fake connector runs in a third process (no latency, no limit;
// TEAMS_MAX_RPS=1000) and Azurite in a fourth, so only the bot's memory is counted.
//
// Each round configures N new benefits (plans of its own) for the same N owners, and one run-due
// prompts all of them, so every run sends exactly N prompts and nothing else is due. The owners
// belong to `tenants` organisations (Teams tenants) served by the one deployment, each with its
// plans; cadences are spread over ten hours of the round (round 1: Monday 00:00–09:00 Oslo, run at
// 09:00; round 2: 10:00–19:00; round 3: 20:00 Monday–05:00 Tuesday) and target dates over two
// months, and each round starts from empty plan, benefit, period and due tables. This keeps
// Azurite's partitions and tables small (a tenant's conversations, an hour bucket of the
// due table): its in-memory tables scan a partition for every point read and insert (~3 ms per
// operation at 10 000 entities, 0.3 ms at 1 000), which would measure the emulator, not the bot.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { asMember } from '../test/support/activities';
import { newestSourceMtime } from '../test/support/processes';
import { startConnectorProcess } from './lib/connectorProcess';
import { Gen, benefitFields, isQuick, loadInputs } from './lib/inputs';
import type { Memory } from './footprintBot';
import { productionNodeOptions } from './lib/nodeOptions';
import { fmt, goal, info, main, progress } from './lib/report';
import { TENANT_ID, numberedPerson, seedBenefits, seedConversations, seedPlan, startBenchAzurite, startWorld } from './lib/world';

const BENCH = 'footprint';
const ROOT = path.join(__dirname, '..');
const BOT_JS = path.join(ROOT, 'dist', 'bench-footprint', 'bench', 'footprintBot.js');

/** Compiles src/ and the bot entry unless the build is newer than every source. */
function ensureBuilt(): void {
  const sources = Math.max(newestSourceMtime(), statSync(path.join(__dirname, 'footprintBot.ts')).mtimeMs);
  if (existsSync(BOT_JS) && statSync(BOT_JS).mtimeMs > sources) return;
  progress('compiling src/ for the bot process (tsc)');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, 'tsconfig.footprint.json')], { stdio: 'inherit' });
}

interface BotReply extends Memory {
  summary?: { prompts: number; failed: number };
  seconds?: number;
  /** The bot's CPU time (user + system) over the run-due. */
  cpuSeconds?: number;
}

/** One line of where the resident memory is: the JS heap's committed spaces, buffers, the rest. */
function breakdown(m: Memory): string {
  const spaces = Object.entries(m.spaces)
    .filter(([, v]) => v >= 0.5)
    .map(([k, v]) => `${k.replace(/_space$/, '')} ${fmt(v, 1)}`)
    .join(', ');
  const a = m.anonByMapping;
  const maps = a ? ` [malloc heap ${fmt(a.mallocHeap, 1)}, ${a.pages256kCount} mappings of 256 KiB ${fmt(a.pages256k, 1)}, other ${fmt(a.other, 1)}]` : '';
  const anon = m.rssAnon === undefined ? '' : `; resident anonymous ${fmt(m.rssAnon, 1)}, file-backed ${fmt(m.rssFile ?? 0, 1)}${maps}`;
  return `rss ${fmt(m.rss, 1)} MB (heap ${fmt(m.heap, 1)} used of ${fmt(m.heapTotal, 1)} committed: ${spaces}; external ${fmt(m.external, 1)}, array buffers ${fmt(m.arrayBuffers, 1)}${anon})`;
}

function startBot(env: Record<string, string>): Promise<{ call(m: object): Promise<BotReply>; stop(): Promise<void> }> {
  const execArgv = ['--expose-gc', '--no-deprecation', ...productionNodeOptions(), ...(process.env.BENCH_BOT_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [])];
  const child: ChildProcess = fork(BOT_JS, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: BotReply) => void; reject: (e: Error) => void }>();
  return new Promise((resolveStart, rejectStart) => {
    child.on('message', (m: { id: number; ok: boolean; value?: BotReply; error?: string }) => {
      if (m.id === 0) {
        resolveStart({
          call: (msg) =>
            new Promise<BotReply>((resolve, reject) => {
              const id = ++seq;
              waiting.set(id, { resolve, reject });
              child.send({ id, ...msg });
            }),
          stop: async () => {
            if (child.exitCode !== null) return;
            const exited = new Promise((r) => child.once('exit', r));
            child.send({ id: ++seq, op: 'stop' });
            await exited;
          },
        });
        return;
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.value!);
      else w?.reject(new Error(m.error));
    });
    child.on('exit', (code) => {
      rejectStart(new Error(`bot process exited (${code})`));
      for (const w of waiting.values()) w.reject(new Error(`bot process exited (${code})`));
    });
  });
}

main(BENCH, async () => {
  const { seed, mode, sizes } = loadInputs(isQuick());
  const cfg = sizes.footprint;
  const g = new Gen(seed, BENCH);
  ensureBuilt();
  const azurite = await startBenchAzurite();
  const connector = await startConnectorProcess();
  const tablePrefix = `fp${process.pid}`;
  // This process's own runtime is used for configuring only (storage writes; no server).
  const w = await startWorld({ azurite, serviceUrl: connector.serviceUrl, env: { TEAMS_MAX_RPS: '1000' }, noServer: true, tablePrefix });
  const bot = await startBot({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, BENCH_TABLE_PREFIX: tablePrefix, BENCH_NOW: '2026-11-29T22:00:00.000Z', TEAMS_MAX_RPS: '1000' });
  try {
    const idle = await bot.call({ op: 'memory' });
    progress(`idle after start: ${breakdown(idle)}`);
    const owners = Array.from({ length: cfg.benefits }, (_, i) => numberedPerson(i + 1));
    const tenants = Array.from({ length: cfg.tenants }, (_, t) => (t === 0 ? TENANT_ID : `00000000-0000-0000-0000-${String(100 + t).padStart(12, '0')}`));
    const perPlan = Math.ceil(cfg.benefits / cfg.plans);
    const plansPerTenant = Math.ceil(cfg.plans / cfg.tenants);
    const tenantOfPlan = (k: number) => tenants[Math.floor(k / plansPerTenant)];
    await connector.addMembers(owners.map((p) => asMember(p)));
    for (let k = 0; k < cfg.plans; k++) await seedConversations(w, owners.slice(k * perPlan, (k + 1) * perPlan), tenantOfPlan(k));
    const rounds: { rss: number; heap: number; heapTotal: number; external: number; seconds: number; prompts: number }[] = [];
    const mondayOslo = Date.parse('2026-11-29T23:00:00.000Z'); // Monday 30 November 00:00 in Oslo (UTC+1)
    const hourAt = (h: number) => new Date(mondayOslo + h * 3_600_000).toISOString();
    const cadenceAt = (h: number) => `${h < 24 ? 'mon' : 'tue'} ${String(h % 24).padStart(2, '0')}:00`;
    for (let r = 0; r < cfg.runs; r++) {
      const first = 10 * r;
      if (r > 0) {
        // The previous round's rows go (its plans, benefits, period rows and the items it
        // scheduled): Azurite's inserts slow down with the size of a table, and the bot keeps
        // nothing of them in memory anyway. Owners and their chats stay.
        for (const table of ['due', 'measurements', 'benefits', 'plans'] as const) {
          const client = w.services.storage.store.table(table);
          await client.deleteTable();
          await client.createTable();
        }
      }
      progress(`round ${r + 1}: configuring ${cfg.benefits} benefits (${cfg.plans} plans, cadences ${cadenceAt(first)}–${cadenceAt(first + 9)}), then run-due at ${cadenceAt(first + 9)}`);
      w.clock.set(new Date(Date.parse(hourAt(first)) - 30 * 60_000)); // configured half an hour before the first
      for (let k = 0; k < cfg.plans; k++) {
        const plan = await seedPlan(w, `fp${r + 1}-${k + 1}`, { tenantId: tenantOfPlan(k) });
        const specs = [];
        for (let n = 1; n <= perPlan && k * perPlan + n <= cfg.benefits; n++) {
          const i = k * perPlan + n - 1;
          const due = new Date(Date.UTC(2027, 4, 1 + (i % 61))).toISOString().slice(0, 10);
          specs.push({ number: n, owner: owners[i], cadence: cadenceAt(first + (i % 10)), due, ...benefitFields(g, n) });
        }
        for (let i = 0; i < specs.length; i += 1000) await seedBenefits(w, plan, specs.slice(i, i + 1000));
      }
      let reply = await bot.call({ op: 'runDue', at: hourAt(first + 9) });
      let prompts = reply.summary?.prompts ?? 0;
      let seconds = reply.seconds ?? 0;
      if (prompts < cfg.benefits && (reply.summary?.failed ?? 0) > 0) {
        // Items that failed stay due and the next tick sends them, as in production; the bot's log
        // lines above say why. One more run-due (a minute later) finishes the round.
        info(BENCH, `round ${r + 1}: ${reply.summary?.failed} of ${cfg.benefits} prompts failed in the first run-due (see the log lines above); sent by the next`);
        reply = await bot.call({ op: 'runDue', at: new Date(Date.parse(hourAt(first + 9)) + 60_000).toISOString() });
        prompts += reply.summary?.prompts ?? 0;
        seconds += reply.seconds ?? 0;
      }
      if (prompts !== cfg.benefits) throw new Error(`round ${r + 1}: ${prompts} prompts sent, expected ${cfg.benefits} (${reply.summary?.failed} failed)`);
      await connector.clear();
      rounds.push({ rss: reply.rss, heap: reply.heap, heapTotal: reply.heapTotal, external: reply.external, seconds, prompts });
      progress(`round ${r + 1}: ${prompts} prompts in ${fmt(seconds, 1)} s (bot CPU ${fmt(reply.cpuSeconds ?? 0, 1)} s); ${breakdown(reply)}`);
      const idleMs = Number(process.env.BENCH_FOOTPRINT_IDLE_MS ?? 0);
      if (idleMs > 0) progress(`round ${r + 1}, ${idleMs / 1000} s later: ${breakdown(await bot.call({ op: 'memory', idleMs }))}`);
    }
    const peak = Math.max(...rounds.map((x) => x.rss));
    const growth = rounds[rounds.length - 1].rss - rounds[0].rss;
    const heapGrowth = rounds[rounds.length - 1].heap - rounds[0].heap;
    // Flat: what a leak would grow, the heap after GC, within 5 MB from the first round to the last;
    // resident memory (which also holds freed pages the allocator keeps) within 10 % of the first.
    const rssLimit = Math.max(10, rounds[0].rss * 0.1);
    goal(
      BENCH,
      `resident memory after configuring ${cfg.benefits} benefits (${cfg.tenants} tenants × ${plansPerTenant} plans × ${perPlan}) and one run-due over them: ${rounds.map((x) => `${fmt(x.rss, 0)} MB`).join(', ')} (${cfg.runs} rounds; ${fmt(peak / cfg.maxRssMb, 2)} of ${cfg.maxRssMb} MB)`,
      `≤ ${cfg.maxRssMb} MB`,
      peak <= cfg.maxRssMb,
    );
    goal(
      BENCH,
      `footprint flat across rounds: heap after GC ${rounds.map((x) => fmt(x.heap, 1)).join(' → ')} MB (${heapGrowth >= 0 ? '+' : ''}${fmt(heapGrowth, 1)}), resident ${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MB from round 1 to ${cfg.runs}`,
      `heap within 5 MB, resident within ${fmt(rssLimit, 0)} MB`,
      heapGrowth <= 5 && growth <= rssLimit,
    );
    goal(BENCH, `resident memory of the bot idle after start: ${fmt(idle.rss, 0)} MB (heap ${fmt(idle.heap, 0)} MB), node ${process.version} ${productionNodeOptions().join(' ')} as npm start`, `≤ ${cfg.maxIdleRssMb} MB`, idle.rss <= cfg.maxIdleRssMb);
    info(BENCH, `after each round: heap ${rounds.map((x) => `${fmt(x.heap, 0)} of ${fmt(x.heapTotal, 0)}`).join(', ')} MB used of committed, external ${rounds.map((x) => fmt(x.external, 1)).join(', ')} MB; run-due ${rounds.map((x) => `${fmt(x.prompts / x.seconds, 0)}/s`).join(', ')} prompts with a fast connector`);
    info(BENCH, `mode ${mode}, seed ${seed}`);
  } finally {
    await bot.stop().catch(() => undefined);
    await w.close();
    await connector.stop();
    await azurite.stop();
  }
});
