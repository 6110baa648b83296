// Goal lines: every figure printed with its input size and, where there is one, its goal.
// A benchmark run as a child of bench/run.ts also writes its lines to $BENCH_OUT (JSON).
import { appendFileSync } from 'node:fs';

export interface ResultLine {
  bench: string;
  text: string;
  /** undefined = an informative figure without a goal. */
  ok?: boolean;
}

const lines: ResultLine[] = [];

export function goal(bench: string, text: string, goalText: string, ok: boolean): void {
  const line = `${text} — goal ${goalText} ${ok ? '✔' : '✘'}`;
  lines.push({ bench, text: line, ok });
  console.log(line);
}

export function info(bench: string, text: string): void {
  lines.push({ bench, text });
  console.log(`  · ${text}`);
}

export function progress(text: string): void {
  if (process.env.BENCH_QUIET_PROGRESS) return;
  console.error(`    … ${text}`);
}

export function flushResults(): ResultLine[] {
  const out = process.env.BENCH_OUT;
  if (out) appendFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  return [...lines];
}

export const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** The q-quantile (0..1) of xs, nearest-rank. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Runs fn over items with at most `n` at once. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** Wraps a benchmark's main: prints failures, writes results, sets the exit code. */
export function main(name: string, run: () => Promise<void>): void {
  const started = Date.now();
  run()
    .then(() => {
      const results = flushResults();
      console.error(`    (${name}: ${fmt((Date.now() - started) / 1000, 1)} s)`);
      process.exit(results.some((r) => r.ok === false) ? 1 : 0);
    })
    .catch((e: unknown) => {
      lines.push({ bench: name, text: `${name}: crashed: ${(e as Error).stack ?? String(e)}`, ok: false });
      flushResults();
      console.error(e);
      process.exit(2);
    });
}
