// restify: POST /api/messages (CloudAdapter), GET /healthz, GET /reports/:token.
// Request bodies are capped: a Teams activity is a few kB, a card answer at most tens of kB.
// restify 12 (Node 22+; without spdy, whose process.binding calls warned on every start and broke
// Node 24). @types/restify still describes 8.x: what this file uses of it (createServer, bodyParser,
// pre/use, routes, the restifyError event) is unchanged in 12, and the HTTP tests exercise it.
import restify, { type Server } from 'restify';
import type { Logger } from 'pino';
import { activityProblem } from './bot/activityGuard';
import type { ReportAnswer } from './ports/reportAnswer';
import { rejectUnparsableUrl } from './requestGuards';

export const MAX_BODY_BYTES = 256 * 1024;

export interface ServerDeps {
  log: Logger;
  /** Runs one turn for POST /api/messages (the bot edge). */
  processMessage(req: restify.Request, res: restify.Response): Promise<void>;
  /** Resolves when storage answers; rejects with a reason otherwise. */
  checkHealth(): Promise<void>;
  /**
   * Answers a report link: a file, or a page instead of one (the link is revoked, too many builds
   * just now) with its status; undefined for a bare 404. `inline` files (the dashboard, the PDF)
   * are shown in the browser; `headers` adds e.g. a Content-Security-Policy or Retry-After.
   */
  getReport?(token: string): Promise<ReportAnswer | undefined>;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops taking requests and waits for the ones in flight. */
  close(): Promise<void>;
}

export async function startServer(deps: ServerDeps, host: string, port: number): Promise<RunningServer> {
  // Report tokens are ~150 characters; restify's default cap on a path parameter is 100.
  const server = restify.createServer({ name: 'gevinstbot', handleUncaughtExceptions: false, maxParamLength: 1000 } as restify.ServerOptions);
  server.pre(rejectUnparsableUrl);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  let inFlight = 0;
  let drained: (() => void) | undefined;
  let closing = false;

  server.post('/api/messages', async (req, res) => {
    if (closing) {
      res.send(503, { error: 'shutting down' });
      return;
    }
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: `expected a Bot Framework activity: ${problem}` });
      return;
    }
    inFlight++;
    try {
      await deps.processMessage(req, res);
    } catch (e) {
      deps.log.error({ err: e }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await deps.checkHealth();
      res.send(200, { status: 'ok' });
    } catch (e) {
      res.send(503, { status: 'unavailable', reason: `storage: ${e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : 'unreachable'}` });
    }
  });

  server.get('/reports/:token', async (req, res) => {
    const token = String(req.params?.token ?? '');
    try {
      const report = deps.getReport ? await deps.getReport(token) : undefined;
      if (!report) {
        res.send(404, { error: 'not found' });
        return;
      }
      res.writeHead(report.status, {
        ...report.headers,
        'Content-Type': report.contentType,
        'Content-Length': report.body.length,
        ...(report.fileName !== undefined
          ? { 'Content-Disposition': `${report.inline ? 'inline' : 'attachment'}; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"` }
          : {}),
        'Cache-Control': 'no-store',
      });
      res.end(report.body);
    } catch (e) {
      deps.log.error({ err: e }, 'report failed');
      res.send(503, { error: 'report unavailable, try again later' });
    }
  });

  // No stack traces or paths to clients, whatever goes wrong.
  server.on('restifyError', (_req: unknown, res: restify.Response, err: { statusCode?: number; message?: string }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    // Never echo the request back (restify's 404 names the path) and never a stack trace.
    const message = status >= 500 ? 'internal error' : status === 404 ? 'not found' : (err.message ?? 'bad request').slice(0, 200);
    (err as { toJSON?: () => unknown }).toJSON = () => ({ error: message });
    if (status >= 500) deps.log.error({ err }, 'server error');
    cb();
    void res;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  return {
    server,
    url,
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, 10_000))]);
      }
    },
  };
}
