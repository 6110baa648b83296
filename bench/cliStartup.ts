// CLI start-up: how long `gevinstbot` takes to answer a call that needs no storage (`help`, a bad
// flag), as whole processes timed from outside, against a bare `node -e 0` on the same Node. The
// CLI loads configuration, the runtime, botbuilder and the storage client only for the commands
// that use them, so such a call costs little more than starting Node.
//   runs: 15 of each (5 with --quick), taken in turn (A B A B …) so a drifting host moves both.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fmt, goal, info, main, progress, quantile } from './lib/report';
import { isQuick } from './lib/inputs';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'gevinstbot.js');

function wallMs(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: 'none' } });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - started) / 1e6;
}

main('cliStartup', async () => {
  const runs = isQuick() ? 5 : 15;
  const cases: { name: string; command: string; args: string[] }[] = [
    { name: 'gevinstbot help', command: process.execPath, args: [BIN, 'help'] },
    { name: 'gevinstbot run-due --at nope (a bad flag)', command: process.execPath, args: [BIN, 'run-due', '--at', 'nope'] },
    { name: 'npx gevinstbot help', command: 'npx', args: ['--offline', 'gevinstbot', 'help'] },
  ];
  const bare: number[] = [];
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  wallMs(process.execPath, ['-e', '0']);
  for (const c of cases) wallMs(c.command, c.args); // warm-up: disk cache, npx's own cache
  for (let i = 0; i < runs; i++) {
    progress(`round ${i + 1} of ${runs}`);
    bare.push(wallMs(process.execPath, ['-e', '0']));
    for (const c of cases) times.get(c.name)!.push(wallMs(c.command, c.args));
  }
  const bareMedian = quantile(bare, 0.5);
  info('cliStartup', `bare node -e 0: median ${fmt(bareMedian, 0)} ms (${runs} runs, node ${process.version})`);
  for (const c of cases) {
    const xs = times.get(c.name)!;
    const median = quantile(xs, 0.5);
    const text = `${c.name}: median ${fmt(median, 0)} ms, max ${fmt(Math.max(...xs), 0)} ms, ${fmt(median / bareMedian, 1)}× a bare node start (${runs} runs)`;
    if (c.command === 'npx') goal('cliStartup', text, 'median ≤ 2000 ms', median <= 2000);
    else goal('cliStartup', text, 'median ≤ 500 ms', median <= 500);
  }
});
