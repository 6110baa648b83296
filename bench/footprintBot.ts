// The bot process of the footprint benchmark: the product as production runs it (compiled
// JavaScript, plain node, no tsx), with the HTTP server up and the scheduler replaced by run-due
// on request over IPC, so its resident memory is the bot's alone. Built by bench/footprint.ts
// into dist/bench-footprint/ (tsconfig.footprint.json) and started with node --expose-gc.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startRuntime } from '../src/runtime';
import { ManualClock } from '../src/clock';

type Msg = { id: number; op: 'runDue'; at: string } | { id: number; op: 'memory'; idleMs?: number } | { id: number; op: 'stop' };

export interface Memory {
  rss: number;
  heap: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Resident memory by kind (Linux /proc/self/status): anonymous (heap, malloc) and file-backed (code). */
  rssAnon?: number;
  rssFile?: number;
  /** Resident anonymous memory by mapping (Linux /proc/self/smaps): glibc's main malloc arena
   *  ([heap]), mappings of exactly 256 KiB (V8's heap pages, in use or kept in its page pool), the rest. */
  anonByMapping?: { mallocHeap: number; pages256k: number; pages256kCount: number; other: number };
  /** Committed size of each V8 heap space, MB. */
  spaces: Record<string, number>;
}

const mb = (x: number) => x / 1024 / 1024;

function residentByKind(): { rssAnon?: number; rssFile?: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile') };
  } catch {
    return {};
  }
}

function anonByMapping(): Memory['anonByMapping'] {
  try {
    const out = { mallocHeap: 0, pages256k: 0, pages256kCount: 0, other: 0 };
    let kind: 'mallocHeap' | 'pages256k' | 'other' | undefined;
    for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
      const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) {
        const size = parseInt(head[2], 16) - parseInt(head[1], 16);
        kind = head[3] === '[heap]' ? 'mallocHeap' : head[3] === '' ? (size === 256 * 1024 ? 'pages256k' : 'other') : undefined;
        continue;
      }
      const anon = /^Anonymous:\s+(\d+) kB/.exec(line);
      if (anon && kind && Number(anon[1]) > 0) {
        out[kind] += Number(anon[1]) / 1024;
        if (kind === 'pages256k') out.pages256kCount++;
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

function memory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  const spaces: Record<string, number> = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = mb(s.space_size);
  return { rss: mb(m.rss), heap: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), ...residentByKind(), anonByMapping: anonByMapping(), spaces };
}

/**
 * BENCH_ALLOC_PROFILE=<dir>: a sampling profile of everything allocated during each run-due,
 * collected or not (what the young and old generations had to carry), as <dir>/<at>.heapprofile
 * (Chrome DevTools' Memory tab reads it: self size by function, with the call tree).
 */
async function startAllocationSampling(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_ALLOC_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop(name) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(`${dir}/${name}.heapprofile`, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function start(): Promise<void> {
  // Warnings and errors (JSON lines on the benchmark's output): a prompt that fails is logged as a
  // warning, and a run-due that leaves items due must say why.
  const level = process.env.BENCH_BOT_LOG_LEVEL ?? 'warn';
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: level });
  const clock = new ManualClock(new Date(process.env.BENCH_NOW ?? Date.now()));
  const runtime = await startRuntime(config, { clock, tablePrefix: process.env.BENCH_TABLE_PREFIX, log: pino({ level }) });
  runtime.settleMemory(); // as src/serve.ts does once the bot is up
  const handle = async (m: Msg): Promise<unknown> => {
    switch (m.op) {
      case 'runDue': {
        clock.set(m.at);
        const started = Date.now();
        const cpu = process.cpuUsage();
        const sampling = await startAllocationSampling();
        const summary = await runtime.runDue(new Date(m.at));
        const used = process.cpuUsage(cpu);
        await sampling?.stop(`${m.at.replace(/[:.]/g, '')}`);
        return { summary, seconds: (Date.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, ...memory() };
      }
      case 'memory':
        // After idleMs of an idle process: what V8 gives back once it sees the process idle.
        if (m.idleMs) await new Promise((r) => setTimeout(r, m.idleMs));
        return memory();
      case 'stop':
        await runtime.close();
        setImmediate(() => process.exit(0));
        return undefined;
    }
  };
  process.on('message', (m: Msg) => {
    handle(m).then(
      (value) => process.send?.({ id: m.id, ok: true, value }),
      (e: unknown) => process.send?.({ id: m.id, ok: false, error: String((e as Error)?.stack ?? e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ id: 0, ok: true, value: { url: runtime.url } });
}

start().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
