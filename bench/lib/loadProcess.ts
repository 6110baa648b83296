// The Teams side of the answer benchmark in a process of its own: it POSTs the invokes to the
// bot's /api/messages, `concurrency` at a time, and times each (request sent → response read),
// so the client's own work (building requests, parsing answers) is not done on the bot's CPU.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { postActivity } from '../../test/support/activities';

export interface LoadJob {
  activity: Record<string, unknown>;
  /** Substrings the response body must contain. */
  expect: string[];
}

export interface LoadResult {
  ms: number;
  /** performance.timeOrigin-based instants of sending and of the answer read (ms). */
  start: number;
  end: number;
  status: number;
  ok: boolean;
  /** The start of the body when not ok. */
  body?: string;
}

/** Runs the jobs from a child process; resolves with one result per job, in job order. */
export function runLoad(url: string, jobs: LoadJob[], concurrency: number): Promise<LoadResult[]> {
  const child = fork(__filename, ['--load'], { execArgv: ['--require', 'tsx/cjs', '--no-deprecation'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { results?: LoadResult[]; error?: string }) => {
      child.disconnect();
      if (m.results) resolve(m.results);
      else reject(new Error(m.error));
    });
    child.once('exit', (code) => reject(new Error(`load process exited (${code})`)));
    child.send({ url, jobs, concurrency });
  });
}

if (require.main === module && process.argv.includes('--load')) {
  process.once('message', async (m: { url: string; jobs: LoadJob[]; concurrency: number }) => {
    try {
      const results: LoadResult[] = new Array(m.jobs.length);
      let next = 0;
      const worker = async () => {
        while (next < m.jobs.length) {
          const i = next++;
          const job = m.jobs[i];
          const t0 = performance.now();
          const r = await postActivity(m.url, job.activity);
          const t1 = performance.now();
          const ms = t1 - t0;
          const body = JSON.stringify(r.body ?? '');
          const ok = r.status === 200 && job.expect.every((e) => body.includes(e));
          results[i] = { ms, start: performance.timeOrigin + t0, end: performance.timeOrigin + t1, status: r.status, ok, ...(ok ? {} : { body: body.slice(0, 200) }) };
        }
      };
      // A short warm-up is left to the caller: every job here is timed.
      await Promise.all(Array.from({ length: Math.min(m.concurrency, m.jobs.length) }, worker));
      process.send?.({ results });
    } catch (e) {
      process.send?.({ error: String((e as Error)?.stack ?? e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
