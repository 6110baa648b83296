// The bot process of the footprint benchmark: the product as production runs it (compiled
// JavaScript, plain node, no tsx), with the HTTP server up and the scheduler replaced by run-due
// on request over IPC, so its resident memory is the bot's alone. Built by bench/footprint.ts
// into dist/bench-footprint/ (tsconfig.footprint.json) and started with node --expose-gc.
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startRuntime } from '../src/runtime';
import { ManualClock } from '../src/clock';

type Msg = { id: number; op: 'runDue'; at: string } | { id: number; op: 'memory' } | { id: number; op: 'stop' };

function memory(): { rss: number; heap: number; heapTotal: number; external: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  const mb = (x: number) => x / 1024 / 1024;
  return { rss: mb(m.rss), heap: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) };
}

async function start(): Promise<void> {
  // Warnings and errors (JSON lines on the benchmark's output): a prompt that fails is logged as a
  // warning, and a run-due that leaves items due must say why.
  const level = process.env.BENCH_BOT_LOG_LEVEL ?? 'warn';
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: level });
  const clock = new ManualClock(new Date(process.env.BENCH_NOW ?? Date.now()));
  const runtime = await startRuntime(config, { clock, tablePrefix: process.env.BENCH_TABLE_PREFIX, log: pino({ level }) });
  const handle = async (m: Msg): Promise<unknown> => {
    switch (m.op) {
      case 'runDue': {
        clock.set(m.at);
        const started = Date.now();
        const summary = await runtime.runDue(new Date(m.at));
        return { summary, seconds: (Date.now() - started) / 1000, ...memory() };
      }
      case 'memory':
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
