// The Teams side of the answer benchmark in a process of its own: it POSTs the invokes to the
// bot's /api/messages, `concurrency` at a time, over kept-alive connections, and times each
// (request sent → response read), so the client's own work (building requests, parsing answers)
// is not done on the bot's CPU, and is kept small (plain node:http rather than fetch): on a
// two-core machine it competes with the bot and Azurite for the same cores.
import { fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

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

function post(agent: http.Agent, url: URL, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

if (require.main === module && process.argv.includes('--load')) {
  process.once('message', async (m: { url: string; jobs: LoadJob[]; concurrency: number }) => {
    try {
      const url = new URL(/\/api\/messages\/?$/.test(m.url) ? m.url : `${m.url.replace(/\/+$/, '')}/api/messages`);
      const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
      const bodies = m.jobs.map((j) => JSON.stringify(j.activity));
      const results: LoadResult[] = new Array(m.jobs.length);
      let next = 0;
      const worker = async () => {
        while (next < m.jobs.length) {
          const i = next++;
          const t0 = performance.now();
          const r = await post(agent, url, bodies[i]);
          const t1 = performance.now();
          const ok = r.status === 200 && m.jobs[i].expect.every((e) => r.body.includes(e));
          results[i] = { ms: t1 - t0, start: performance.timeOrigin + t0, end: performance.timeOrigin + t1, status: r.status, ok, ...(ok ? {} : { body: r.body.slice(0, 200) }) };
        }
      };
      await Promise.all(Array.from({ length: Math.min(m.concurrency, m.jobs.length) }, worker));
      agent.destroy();
      process.send?.({ results });
    } catch (e) {
      process.send?.({ error: String((e as Error)?.stack ?? e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
