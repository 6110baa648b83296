// restify: POST /api/messages (CloudAdapter), GET /healthz, GET /reports/:token.
// Request bodies are capped: a Teams activity is a few kB, a card answer at most tens of kB.
// restify 12 (Node 22+; without spdy, whose process.binding calls warned on every start and broke
// Node 24). @types/restify still describes 8.x: what this file uses of it (createServer, bodyParser,
// pre/use, routes, the restifyError event) is unchanged in 12, and the HTTP tests exercise it.
import restify, { type Server } from 'restify';
import type { Logger } from 'pino';
import { rejectUnparsableUrl } from './requestGuards';

export const MAX_BODY_BYTES = 256 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (o: Record<string, unknown>, key: string, ok: (v: unknown) => boolean) => o[key] === undefined || ok(o[key]);
const isString = (v: unknown) => typeof v === 'string';
const isShort = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max;
// Ids become Table Storage keys (base64url of their UTF-8 bytes; a key may be 1 KiB of UTF-16, so
// about 500 characters): bounded in bytes, far above any id Teams sends (GUIDs, 29:…, 19:…).
const isShortId = (maxBytes: number) => (v: unknown) => typeof v === 'string' && Buffer.byteLength(v) <= maxBytes;
const isAccount = (v: unknown) =>
  isObject(v) && isShortId(256)(v.id) && optional(v, 'name', isShort(1024)) && optional(v, 'aadObjectId', isShortId(256)) && optional(v, 'role', isString);
const hasShortId = (maxBytes: number) => (v: unknown) => isObject(v) && optional(v, 'id', isShortId(maxBytes));
// Conversation ids travel in URL paths and request headers of the replies: printable ASCII only.
const CONVERSATION_ID = /^[\x21-\x7e][\x20-\x7e]{0,255}$/;

/**
 * Why a request body is not an activity the bot can answer, or undefined when it is (issue #9:
 * 10 000 generated hostile requests found activities with a numeric locale, a string for
 * entities, a conversation without an id and the like; each crashed the turn, either in our turn
 * handler or in botbuilder serialising the reply, and came back as a 500; the 100 000-case soak
 * found ids so long that their storage keys broke the 1 KiB limit). Teams always sends these
 * fields with these types and far shorter ids; anything else is refused with a 400 before a turn
 * starts. Only types and lengths are checked: unknown fields, types and names are left to the
 * turn handler.
 */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'not an object';
  if (!isString(body.type) || body.type === '') return 'type';
  for (const key of ['id', 'channelId', 'serviceUrl', 'locale', 'text', 'name', 'replyToId', 'action', 'textFormat', 'timestamp', 'localTimestamp']) {
    if (!optional(body, key, isString)) return key;
  }
  const conversation = body.conversation;
  if (!isObject(conversation) || !isString(conversation.id) || !CONVERSATION_ID.test(conversation.id as string)) return 'conversation.id';
  if (!optional(conversation, 'conversationType', isString) || !optional(conversation, 'tenantId', isShortId(128)) || !optional(conversation, 'name', isString)) return 'conversation';
  if (!optional(body, 'from', isAccount)) return 'from';
  if (!optional(body, 'recipient', isAccount)) return 'recipient';
  if (!optional(body, 'channelData', isObject)) return 'channelData';
  const channelData = (body.channelData ?? {}) as Record<string, unknown>;
  if (!optional(channelData, 'tenant', hasShortId(128))) return 'channelData.tenant';
  for (const key of ['team', 'channel']) {
    if (!optional(channelData, key, hasShortId(256))) return `channelData.${key}`;
  }
  for (const key of ['teamsChannelId', 'teamsTeamId']) {
    if (!optional(channelData, key, isShortId(256))) return `channelData.${key}`;
  }
  for (const key of ['entities', 'attachments']) {
    if (!optional(body, key, (v) => Array.isArray(v) && v.every(isObject))) return key;
  }
  for (const key of ['membersAdded', 'membersRemoved']) {
    if (!optional(body, key, (v) => Array.isArray(v) && v.every(isAccount))) return key;
  }
  return undefined;
}

export interface ServerDeps {
  log: Logger;
  /** Runs one turn for POST /api/messages (the bot edge). */
  processMessage(req: restify.Request, res: restify.Response): Promise<void>;
  /** Resolves when storage answers; rejects with a reason otherwise. */
  checkHealth(): Promise<void>;
  /** Serves a report for a token, or undefined for 404. */
  getReport?(token: string): Promise<{ fileName: string; contentType: string; body: Buffer } | undefined>;
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
      res.writeHead(200, {
        'Content-Type': report.contentType,
        'Content-Length': report.body.length,
        'Content-Disposition': `attachment; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"`,
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
