// CPU profiles of one stretch of a benchmark (node:inspector, the same profiler as
// `node --cpu-prof`, but started and stopped around the work measured, so seeding is not in it),
// and a summary of a profile: the functions with the most self time and the most total time.
//   BENCH_PROFILE=/tmp/prof npx tsx bench/tenants.ts     writes /tmp/prof/<name>.cpuprofile
//   npx tsx bench/lib/profile.ts <file.cpuprofile> [n]    prints the top n (default 25)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Runs fn under the CPU profiler when $BENCH_PROFILE names a folder; writes <name>.cpuprofile there. */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params?: object) =>
    new Promise<R>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as R))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`    … profile written to ${file}`);
    console.error(summarise(profile, 15));
  }
}

const where = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url.replace(process.cwd() + '/', '')}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

/** The top n functions by self time and by total time (a function counted once per stack). */
export function summarise(profile: CpuProfile, n = 25): string {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let all = 0;
  let idle = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000; // ms until the next sample
    const leaf = byId.get(samples[i]);
    if (!leaf) continue;
    all += dt;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    self.set(where(leaf), (self.get(where(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const key = where(byId.get(id)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  }
  const busy = all - idle;
  // Self time per package (node_modules/<pkg>) or source folder: where the CPU goes, by owner.
  const byPackage = new Map<string, number>();
  for (const [k, ms] of self) {
    const m = /^\S+ (@[^/]+\/[^/]+|[^@/][^/]*)\//.exec(k);
    const owner = m ? m[1] : k.startsWith('(') ? k.split(' ')[0] : 'node internals';
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([k]) => !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `      ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `    busy ${busy.toFixed(0)} ms of ${all.toFixed(0)} ms sampled\n    self time by package:\n${top(byPackage)}\n    self time:\n${top(self)}\n    total time:\n${top(total)}`;
}

if (require.main === module) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/lib/profile.ts <file.cpuprofile> [n]');
    process.exit(2);
  }
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(n ?? 25)));
}
