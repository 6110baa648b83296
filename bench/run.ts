// `npm run bench`: runs every benchmark, each in a process of its own (its memory and
// timers never disturb the next), and prints the goal lines together at the end.
//   npm run bench                     all, full input sizes (bench/inputs/inputs.json "full")
//   npm run bench -- --quick          all, quick sizes (under two minutes)
//   npm run bench -- sendRate footprint   only these
// Exit code 1 when a goal is missed, 2 when a benchmark crashed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productionNodeOptions } from './lib/nodeOptions';
import type { ResultLine } from './lib/report';

const BENCHES = ['roundTrips', 'answerLatency', 'sendRate', 'tenants', 'shards', 'backlog', 'footprint', 'reportRender', 'cliStartup', 'localDurability'] as const;

function runOne(name: string, quick: boolean, out: string): Promise<number> {
  const file = path.join(__dirname, `${name}.ts`);
  const args = ['--expose-gc', '--no-deprecation', ...productionNodeOptions(), '--require', 'tsx/cjs', file, ...(quick ? ['--quick'] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, BENCH_OUT: out } });
    child.on('exit', (code) => resolve(code ?? 2));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const chosen = argv.filter((a) => !a.startsWith('--'));
  const unknown = chosen.filter((c) => !(BENCHES as readonly string[]).includes(c));
  if (unknown.length) {
    console.error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
    process.exit(2);
  }
  const names = chosen.length ? chosen : [...BENCHES];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-bench-'));
  const out = path.join(dir, 'results.jsonl');
  const started = Date.now();
  console.log(`Gevinstbot benchmarks (${quick ? 'quick' : 'full'}): ${names.join(', ')}; ${os.cpus().length} cores, node ${process.version} ${productionNodeOptions().join(' ')}, load average ${os.loadavg()[0].toFixed(1)}\n`);
  let worst = 0;
  for (const name of names) {
    console.log(`── ${name}`);
    const code = await runOne(name, quick, out);
    worst = Math.max(worst, code);
    console.log('');
  }
  const lines: ResultLine[] = existsSync(out)
    ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResultLine)
    : [];
  rmSync(dir, { recursive: true, force: true });
  const goals = lines.filter((l) => l.ok !== undefined);
  console.log(`── summary (${((Date.now() - started) / 1000).toFixed(0)} s, ${quick ? 'quick' : 'full'} sizes)`);
  for (const l of goals) console.log(l.text);
  const missed = goals.filter((l) => !l.ok).length;
  console.log(missed === 0 && worst === 0 ? `\nall ${goals.length} goals met` : `\n${missed} of ${goals.length} goals missed${worst === 2 ? '; a benchmark crashed' : ''}`);
  process.exit(worst === 2 ? 2 : missed > 0 ? 1 : 0);
}

void main();
