/**
 * A fake Bot Connector: the Teams service stand-in for tests.
 *
 * It answers the REST calls that botbuilder's ConnectorClient makes (paths as built by
 * botframework-connector/lib/connectorApi/operations/conversations.js and teams/operations/teams.js),
 * records every request, and can misbehave on demand (latency, 429 + Retry-After, 5xx,
 * 403/404, hung requests, an enforced per-second rate limit) so the bot's dispatcher can be
 * tested against the failure modes real Teams has.
 *
 * Auth is not checked: local mode sends no Authorization header, and tests with an App ID
 * would otherwise need a token service too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { noteVisible } from './visibleText';

// ─── Public types ───────────────────────────────────────────────────────────────────────────

/** A Teams member as GET /members returns it (TeamsChannelAccount shape). */
export interface FakeMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: string;
}

/** A file served at a download URL (serveFile). */
export interface ServedFile {
  name: string;
  body: Buffer;
  contentType?: string;
  /** Send no Content-Length. */
  chunked?: boolean;
  /** A Content-Length that differs from the body (a lie). */
  contentLength?: number;
  /** Answer with this error status instead (an expired link). */
  status?: number;
}

/** Loose activity shape: tests read whatever the bot sent, so keep it open. */
export interface RecordedActivity {
  type?: string;
  id?: string;
  text?: string;
  replyToId?: string;
  attachments?: { contentType: string; content?: unknown; [k: string]: unknown }[];
  [k: string]: unknown;
}

export type RequestKind =
  | 'create' // POST /v3/conversations
  | 'send' // POST /v3/conversations/:cid/activities
  | 'reply' // POST /v3/conversations/:cid/activities/:aid
  | 'update' // PUT /v3/conversations/:cid/activities/:aid
  | 'delete' // DELETE /v3/conversations/:cid/activities/:aid
  | 'getMember'
  | 'getMembers'
  | 'getPagedMembers'
  | 'teamChannels'
  | 'teamDetails'
  | 'download' // GET /files/:token (a file's content.downloadUrl, see serveFile)
  | 'unknown';

export interface RecordedRequest {
  method: string;
  path: string;
  kind: RequestKind;
  /** Decoded conversation id; for a create, the id of the conversation it made (or would have made). */
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  /** The Teams tenant the call is made for (the activity's conversation, or a create's tenant). */
  tenantId?: string;
  activity?: RecordedActivity;
  body?: unknown;
  authorization?: string;
  /** Arrival time, ms since epoch. */
  at: number;
  /** When the answer was written (after latency); undefined while pending. */
  answeredAt?: number;
  /** HTTP status answered; 0 while pending or when the request was hung up (timeout fault). */
  status: number;
  /** Why the request failed, when it was made to fail. */
  fault?: 'failNext' | 'faultRate' | 'rateLimit' | 'blocked' | 'timeout';
  /** For a 429 with Retry-After: the instant (ms) after which a retry is allowed. */
  retryAllowedAt?: number;
}

/** An activity the connector accepted (send, reply, or the first post of a created conversation). */
export interface DeliveredActivity {
  kind: 'create' | 'send' | 'reply';
  conversationId: string;
  activityId: string;
  activity: RecordedActivity;
  at: number;
}

export type Fault =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 }
  | { status: 403 | 404 }
  | { timeoutMs: number };

/** Which requests a fault applies to. Default: writes (create/send/reply/update/delete). */
export interface FaultScope {
  kinds?: RequestKind[] | 'all';
  /** Only requests to this conversation (or member id, for creates). */
  conversationId?: string;
  /** Only requests made for this tenant. */
  tenantId?: string;
}

export interface FaultRate {
  p429?: number;
  /** Retry-After seconds for random 429s; default 1. */
  retryAfter?: number;
  p5xx?: number;
  p403?: number;
  p404?: number;
  /** With a seed the sequence of faults is reproducible for the same sequence of requests. */
  seed?: number;
}

export interface ConnectorStats {
  requests: number;
  /** Activities accepted (sends + replies + creates carrying an activity). */
  delivered: number;
  creates: number;
  sends: number;
  replies: number;
  updates: number;
  deletes: number;
  reads: number;
  /** All 429 answers, injected or from the rate limit. */
  throttled: number;
  /** 429 answers caused by setRateLimit. */
  over: number;
  /** 429 answers caused by setTenantRateLimit (a tenant over its own limit). */
  overTenant: number;
  serverErrors: number;
  forbidden: number;
  notFound: number;
  timeouts: number;
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

const WRITE_KINDS: RequestKind[] = ['create', 'send', 'reply', 'update', 'delete'];
/** The calls that count against Teams' per-app send limit. */
const RATE_LIMITED_KINDS: RequestKind[] = ['create', 'send', 'reply'];

/** The stable id the fake gives a bot↔user personal chat, so repeated creates find the same chat. */
export function fakePersonalConversationId(memberId: string): string {
  return `a:fake-${memberId}`;
}

/** `19:x@thread.tacv2;messageid=123` → `19:x@thread.tacv2`: a thread belongs to its channel. */
export function baseConversationId(conversationId: string): string {
  const i = conversationId.indexOf(';messageid=');
  return i >= 0 ? conversationId.slice(0, i) : conversationId;
}

/** mulberry32: tiny, fast and good enough to make fault sequences reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function emptyStats(): ConnectorStats {
  return {
    requests: 0,
    delivered: 0,
    creates: 0,
    sends: 0,
    replies: 0,
    updates: 0,
    deletes: 0,
    reads: 0,
    throttled: 0,
    over: 0,
    overTenant: 0,
    serverErrors: 0,
    forbidden: 0,
    notFound: 0,
    timeouts: 0,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The tenant a call is for: a create names it, an activity carries it on its conversation. */
function tenantOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const fromChannelData = (cd: unknown) => (isRecord(cd) && isRecord(cd.tenant) ? str(cd.tenant.id) : undefined);
  return (
    str(body.tenantId) ??
    (isRecord(body.conversation) ? str(body.conversation.tenantId) : undefined) ??
    fromChannelData(body.channelData) ??
    (isRecord(body.activity) ? fromChannelData(body.activity.channelData) : undefined)
  );
}

const ERROR_CODES: Record<number, { code: string; message: string }> = {
  // Codes and messages as Teams answers them, so error handling written against the fake
  // also reads real errors.
  400: { code: 'BadArgument', message: 'Incorrect conversation creation parameters' },
  403: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  429: { code: 'Throttled', message: 'Too many requests.' },
  500: { code: 'ServiceError', message: 'Internal server error.' },
  502: { code: 'BadGateway', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'Service unavailable.' },
};

function errorBody(status: number, override?: { code: string; message: string }): unknown {
  return { error: override ?? ERROR_CODES[status] ?? { code: 'Error', message: `HTTP ${status}` } };
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Hang up instead of answering (timeout fault). */
  hangUp?: boolean;
  hangUpAfterMs?: number;
  fault?: RecordedRequest['fault'];
  retryAfterSeconds?: number;
  onSuccess?: () => void;
}

interface PendingFault {
  remaining: number;
  fault: Fault;
  scope: FaultScope;
}

// ─── The server ─────────────────────────────────────────────────────────────────────────────

export class FakeConnector {
  readonly requests: RecordedRequest[] = [];
  readonly delivered: DeliveredActivity[] = [];
  readonly updates: { conversationId: string; activityId: string; activity: RecordedActivity; at: number }[] = [];
  readonly deletes: { conversationId: string; activityId: string; at: number }[] = [];
  stats: ConnectorStats = emptyStats();

  private server?: http.Server;
  private url?: string;
  private nextId = 1_000;
  private latencyMs = 0;
  /** Latency of one tenant's calls, where it differs from latencyMs. */
  private tenantLatencyMs = new Map<string, number>();
  private faultQueue: PendingFault[] = [];
  private listeners: ((r: RecordedRequest) => void)[] = [];
  private faultRate: FaultRate | undefined;
  private random: () => number = Math.random;
  private blocked = new Map<string, 403 | 404>();
  private maxPerSecond: number | undefined;
  /** Whether the limit applies to each tenant on its own (as Teams counts a bot's calls per tenant). */
  private limitPerTenant = false;
  /** Arrival times of accepted rate-limited calls inside the sliding window, per tenant ('' for all). */
  private windows = new Map<string, number[]>();
  private maxPerTenantPerSecond: number | undefined;
  /** Arrival times of accepted rate-limited calls per tenant inside the sliding window. */
  private tenantWindows = new Map<string, number[]>();
  /** Rate-limited calls accepted, per tenant (what each tenant's Teams saw). */
  readonly acceptedByTenant = new Map<string, number>();
  private rosters = new Map<string, FakeMember[]>();
  private channelsByTeam = new Map<string, { id: string; name: string | null }[]>();
  private teamNames = new Map<string, string>();
  /** Latest "retry allowed at" per conversation key, from 429 answers with Retry-After. */
  private retryGate = new Map<string, number>();
  private earlyArrivals: { key: string; at: number; allowedAt: number }[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private files = new Map<string, ServedFile>();
  private nextFile = 1;

  // ── lifecycle ──

  /** Starts listening on 127.0.0.1 (a free port); resolves with the service URL, ending in '/'. */
  async start(): Promise<string> {
    if (this.url) return this.url;
    const server = http.createServer((req, res) => {
      // A malformed request (e.g. bad percent-encoding) must not take the test run down.
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(errorBody(400, { code: 'BadRequest', message: String(e) })));
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this.url;
  }

  get serviceUrl(): string {
    if (!this.url) throw new Error('FakeConnector not started: call start() first');
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    this.url = undefined;
    if (!server) return;
    // Keep-alive sockets from botbuilder's client would otherwise hold close() open.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ── configuration ──

  /** Adds a member to a conversation's or team's roster; '*' = known in every conversation. */
  addMember(conversationIdOrTeamId: string | '*', member: FakeMember): this {
    const list = this.rosters.get(conversationIdOrTeamId) ?? [];
    const i = list.findIndex((m) => m.id === member.id);
    if (i >= 0) list[i] = member;
    else list.push(member);
    this.rosters.set(conversationIdOrTeamId, list);
    return this;
  }

  removeMember(conversationIdOrTeamId: string | '*', memberId: string): this {
    const list = this.rosters.get(conversationIdOrTeamId);
    if (list) this.rosters.set(conversationIdOrTeamId, list.filter((m) => m.id !== memberId));
    return this;
  }

  /**
   * Declares a (non-General) channel of a team: it shows in the channel list, and members
   * of the team are members of the channel (as in Teams, where standard channels share the
   * team roster).
   */
  addChannel(teamId: string, channel: { id: string; name?: string }): this {
    const list = this.channelsByTeam.get(teamId) ?? [];
    list.push({ id: channel.id, name: channel.name ?? null });
    this.channelsByTeam.set(teamId, list);
    return this;
  }

  /**
   * Serves a file the way Teams hands one sent to a bot: at a short-lived download URL (the
   * attachment's content.downloadUrl). Returns that URL. `chunked` sends no Content-Length (the
   * bot must count while it reads); `contentLength` lies about the size.
   */
  serveFile(name: string, body: Buffer, options: Omit<ServedFile, 'name' | 'body'> = {}): string {
    const token = `f${this.nextFile++}-${name.replace(/[^\w.-]/g, '_')}`;
    this.files.set(token, { name, body, ...options });
    return `${this.serviceUrl}files/${encodeURIComponent(token)}`;
  }

  /** How often each served file was downloaded. */
  downloads(): number {
    return this.requests.filter((r) => r.kind === 'download').length;
  }

  setTeamName(teamId: string, name: string): this {
    this.teamNames.set(teamId, name);
    return this;
  }

  /**
   * Calls `listener` with each request as it arrives, before it is answered (a test can cut
   * storage at the moment a send reaches Teams). Returns a function that removes the listener.
   */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Delay before every answer, in ms; with a tenant id, before the answers to that tenant's calls only. */
  setLatency(ms: number, tenantId?: string): this {
    if (tenantId === undefined) this.latencyMs = Math.max(0, ms);
    else this.tenantLatencyMs.set(tenantId, Math.max(0, ms));
    return this;
  }

  /** The next n matching requests fail with the given fault (queued after earlier failNext calls). */
  failNext(n: number, fault: Fault, scope: FaultScope = {}): this {
    if (n > 0) this.faultQueue.push({ remaining: n, fault, scope });
    return this;
  }

  /** Random faults on writes; pass undefined (or all zeros) to switch off. */
  setFaultRate(rate: FaultRate | undefined): this {
    this.faultRate = rate;
    this.random = rate?.seed !== undefined ? mulberry32(rate.seed) : Math.random;
    return this;
  }

  /** Every request to this conversation (or a create for this member/channel) fails permanently. */
  blockConversation(idOrMemberId: string, status: 403 | 404): this {
    this.blocked.set(idOrMemberId, status);
    return this;
  }

  unblockConversation(idOrMemberId: string): this {
    this.blocked.delete(idOrMemberId);
    return this;
  }

  /**
   * At most maxPerSecond accepted create/send/reply calls in any 1 s window; undefined = no limit.
   * perTenant: the limit holds for each tenant's calls on its own (a deployment serving many).
   */
  setRateLimit(maxPerSecond: number | undefined, options: { perTenant?: boolean } = {}): this {
    this.maxPerSecond = maxPerSecond;
    this.limitPerTenant = options.perTenant ?? false;
    this.windows.clear();
    return this;
  }

  /**
   * At most maxPerSecond accepted create/send/reply calls per tenant in any 1 s window, as Teams
   * limits an app per tenant; more get 429 with Retry-After 1 and count in stats.overTenant.
   * The tenant is the activity's conversation.tenantId (or its channelData.tenant, or a create's).
   */
  setTenantRateLimit(maxPerSecond: number | undefined): this {
    this.maxPerTenantPerSecond = maxPerSecond;
    this.tenantWindows.clear();
    return this;
  }

  /** Forgets recorded traffic and stats; keeps rosters, faults and limits. */
  clear(): this {
    this.requests.length = 0;
    this.delivered.length = 0;
    this.updates.length = 0;
    this.deletes.length = 0;
    this.stats = emptyStats();
    this.retryGate.clear();
    this.earlyArrivals = [];
    this.windows.clear();
    this.tenantWindows.clear();
    this.acceptedByTenant.clear();
    return this;
  }

  /** Clears recorded traffic and all configured faults, limits and latency (rosters stay). */
  reset(): this {
    this.clear();
    this.faultQueue = [];
    this.setFaultRate(undefined);
    this.blocked.clear();
    this.maxPerSecond = undefined;
    this.limitPerTenant = false;
    this.maxPerTenantPerSecond = undefined;
    this.latencyMs = 0;
    this.tenantLatencyMs.clear();
    return this;
  }

  // ── queries ──

  /** All activities the connector accepted, in order (sends, replies, first posts of creates). */
  sentActivities(): DeliveredActivity[] {
    return [...this.delivered];
  }

  /**
   * Activities delivered to a conversation. A channel id also matches posts and replies in
   * its threads (`<channel>;messageid=<n>`); a thread id matches only that thread.
   */
  activitiesTo(conversationId: string): RecordedActivity[] {
    return this.delivered
      .filter((d) => d.conversationId === conversationId || baseConversationId(d.conversationId) === conversationId)
      .map((d) => d.activity);
  }

  /** The adaptive card contents delivered to a conversation. */
  cardsTo(conversationId: string): Record<string, unknown>[] {
    return this.activitiesTo(conversationId).flatMap((a) =>
      (a.attachments ?? [])
        .filter((att) => att.contentType === 'application/vnd.microsoft.card.adaptive' && isRecord(att.content))
        .map((att) => att.content as Record<string, unknown>),
    );
  }

  /** The non-empty texts delivered to a conversation. */
  textsTo(conversationId: string): string[] {
    return this.activitiesTo(conversationId)
      .map((a) => a.text)
      .filter((t): t is string => typeof t === 'string' && t.length > 0);
  }

  /**
   * Requests that arrived for a conversation before the Retry-After of an earlier 429 to the
   * same conversation had expired. tolerance absorbs clock granularity (ms).
   */
  earlyRetries(toleranceMs = 10): number {
    return this.earlyArrivals.filter((e) => e.at + toleranceMs < e.allowedAt).length;
  }

  /** Details of the early retries counted by earlyRetries(), for assertion messages. */
  earlyRetryDetails(toleranceMs = 10): { key: string; at: number; allowedAt: number }[] {
    return this.earlyArrivals.filter((e) => e.at + toleranceMs < e.allowedAt);
  }

  /**
   * Polls the recorded requests until one matches; resolves with it, or rejects after
   * timeoutMs with a list of what was received.
   */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.poll(() => this.requests.find((r) => r.status !== 0 && predicate(r)), timeoutMs, 'request');
  }

  /** Like waitFor, over delivered activities. */
  waitForActivity(predicate: (d: DeliveredActivity) => boolean, timeoutMs = 5_000): Promise<DeliveredActivity> {
    return this.poll(() => this.delivered.find(predicate), timeoutMs, 'activity');
  }

  /** Resolves once n activities have been delivered (in total, or to conversationId). */
  async waitForCount(n: number, conversationId?: string, timeoutMs = 5_000): Promise<DeliveredActivity[]> {
    const matching = (): DeliveredActivity[] =>
      conversationId === undefined
        ? this.delivered
        : this.delivered.filter(
            (d) => d.conversationId === conversationId || baseConversationId(d.conversationId) === conversationId,
          );
    await this.poll(() => (matching().length >= n ? true : undefined), timeoutMs, `${n} activities`);
    return [...matching()];
  }

  /** One line per request; used in failure messages and handy in a debugger. */
  describe(): string {
    if (this.requests.length === 0) return '  (no requests received)';
    return this.requests
      .map((r) => {
        const what = r.activity
          ? ` ${r.activity.type ?? '?'}${r.activity.text ? ` "${r.activity.text.slice(0, 60)}"` : ''}${
              r.activity.attachments?.length ? ` [${r.activity.attachments.map((a) => a.contentType).join(',')}]` : ''
            }`
          : '';
        return `  ${r.method} ${r.kind} ${r.conversationId ?? ''} → ${r.status}${r.fault ? ` (${r.fault})` : ''}${what}`;
      })
      .join('\n');
  }

  private poll<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const tick = (): void => {
        const hit = find();
        if (hit !== undefined) return resolve(hit);
        if (Date.now() >= deadline) {
          return reject(
            new Error(`FakeConnector: no matching ${what} within ${timeoutMs} ms. Received:\n${this.describe()}`),
          );
        }
        setTimeout(tick, 10);
      };
      tick();
    });
  }

  // ── request handling ──

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    // Split before decoding: conversation ids contain ':' ';' '@' and arrive percent-encoded.
    const segments = url.pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
    // A service URL may have a path of its own (Teams: https://smba.trafficmanager.net/emea/; the
    // Agents Playground: http://localhost:56150/_connector): the API starts at its v3 segment.
    const v3 = segments.indexOf('v3');
    if (v3 > 0) segments.splice(0, v3);
    const method = (req.method ?? 'GET').toUpperCase();
    const rec: RecordedRequest = {
      method,
      path: url.pathname,
      kind: 'unknown',
      at,
      status: 0,
      body,
      authorization: str(req.headers.authorization),
    };
    this.route(rec, method, segments, body);
    if (segments[0] === 'files' && method === 'GET') return this.download(rec, segments[1] ?? '', res);
    rec.tenantId = tenantOf(body);
    this.requests.push(rec);
    for (const l of this.listeners) l(rec);
    this.stats.requests++;
    this.noteEarlyArrival(rec);

    const answer = this.decide(rec, url, body);
    const finish = (): void => {
      this.timers.delete(timer);
      rec.fault = answer.fault;
      if (answer.hangUp) {
        rec.status = 0;
        rec.answeredAt = Date.now();
        this.count(rec, answer);
        req.socket.destroy();
        return;
      }
      if (answer.status < 300) answer.onSuccess?.();
      rec.status = answer.status;
      rec.answeredAt = Date.now();
      if (answer.retryAfterSeconds !== undefined) {
        rec.retryAllowedAt = rec.answeredAt + answer.retryAfterSeconds * 1000;
        const key = this.gateKey(rec);
        if (key) this.retryGate.set(key, Math.max(this.retryGate.get(key) ?? 0, rec.retryAllowedAt));
      }
      this.count(rec, answer);
      const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...(payload ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        ...answer.headers,
      });
      res.end(payload);
    };
    // A hung request holds the socket for its timeout on top of the latency, then drops it.
    const latency = (rec.tenantId !== undefined ? this.tenantLatencyMs.get(rec.tenantId) : undefined) ?? this.latencyMs;
    const timer = setTimeout(finish, latency + (answer.hangUpAfterMs ?? 0));
    this.timers.add(timer);
  }

  private download(rec: RecordedRequest, token: string, res: http.ServerResponse): void {
    rec.kind = 'download';
    this.requests.push(rec);
    this.stats.requests++;
    const file = this.files.get(token);
    if (!file || file.status) {
      rec.status = file?.status ?? 404;
      res.writeHead(rec.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(errorBody(rec.status)));
      return;
    }
    rec.status = 200;
    const headers: Record<string, string | number> = { 'Content-Type': file.contentType ?? 'application/octet-stream' };
    if (!file.chunked) headers['Content-Length'] = file.contentLength ?? file.body.length;
    res.writeHead(200, headers);
    if (!file.chunked) {
      res.end(file.body);
      return;
    }
    // In 64 KiB pieces, so a reader that stops early really stops the transfer.
    let at = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (at >= file.body.length) {
        res.end();
        return;
      }
      const piece = file.body.subarray(at, at + 65_536);
      at += piece.length;
      if (res.write(piece)) setImmediate(next);
      else res.once('drain', next);
    };
    res.on('error', () => undefined);
    next();
  }

  /** Fills kind, conversationId, activityId, memberId and activity from the URL and body. */
  private route(rec: RecordedRequest, method: string, s: string[], body: unknown): void {
    const [v3, coll, id, sub, subId] = s;
    if (v3 !== 'v3') return;
    if (coll === 'conversations') {
      if (s.length === 2 && method === 'POST') {
        rec.kind = 'create';
        if (isRecord(body) && isRecord(body.activity)) rec.activity = body.activity as RecordedActivity;
        rec.conversationId = this.createTarget(body);
        return;
      }
      if (id === undefined) return;
      rec.conversationId = id;
      if (sub === 'activities' && s.length === 4 && method === 'POST') {
        rec.kind = 'send';
        rec.activity = isRecord(body) ? (body as RecordedActivity) : undefined;
      } else if (sub === 'activities' && s.length === 5 && subId !== 'history') {
        rec.activityId = subId;
        if (method === 'POST') rec.kind = 'reply';
        else if (method === 'PUT') rec.kind = 'update';
        else if (method === 'DELETE') rec.kind = 'delete';
        if (method !== 'DELETE' && isRecord(body)) rec.activity = body as RecordedActivity;
      } else if (sub === 'members' && s.length === 5 && method === 'GET') {
        rec.kind = 'getMember';
        rec.memberId = subId;
      } else if (sub === 'members' && s.length === 4 && method === 'GET') {
        rec.kind = 'getMembers';
      } else if (sub === 'pagedmembers' && method === 'GET') {
        rec.kind = 'getPagedMembers';
      }
    } else if (coll === 'teams' && id !== undefined && method === 'GET') {
      rec.conversationId = id;
      if (sub === 'conversations') rec.kind = 'teamChannels';
      else if (sub === undefined) rec.kind = 'teamDetails';
    }
  }

  /** The conversation a create would yield: the member's personal chat or a new channel thread. */
  private createTarget(body: unknown): string | undefined {
    if (!isRecord(body)) return undefined;
    const channelId = this.createChannelId(body);
    if (channelId) return channelId; // thread id assigned on success
    const member = Array.isArray(body.members) && isRecord(body.members[0]) ? str(body.members[0].id) : undefined;
    return member ? fakePersonalConversationId(member) : undefined;
  }

  private createChannelId(body: Record<string, unknown>): string | undefined {
    const cd = body.channelData;
    return isRecord(cd) && isRecord(cd.channel) ? str(cd.channel.id) : undefined;
  }

  private createMemberId(body: unknown): string | undefined {
    return isRecord(body) && Array.isArray(body.members) && isRecord(body.members[0])
      ? str(body.members[0].id)
      : undefined;
  }

  /** Requests to a thread share the channel's gate: Teams throttles by conversation, not message. */
  private gateKey(rec: RecordedRequest): string | undefined {
    return rec.conversationId ? baseConversationId(rec.conversationId) : undefined;
  }

  private noteEarlyArrival(rec: RecordedRequest): void {
    const key = this.gateKey(rec);
    if (!key) return;
    const allowedAt = this.retryGate.get(key);
    if (allowedAt !== undefined && rec.at < allowedAt) this.earlyArrivals.push({ key, at: rec.at, allowedAt });
  }

  private matchesScope(rec: RecordedRequest, scope: FaultScope): boolean {
    const kinds = scope.kinds ?? WRITE_KINDS;
    if (kinds !== 'all' && !kinds.includes(rec.kind)) return false;
    if (scope.tenantId !== undefined && rec.tenantId !== scope.tenantId) return false;
    if (scope.conversationId !== undefined) {
      const c = scope.conversationId;
      const targets = [rec.conversationId, rec.conversationId && baseConversationId(rec.conversationId)];
      if (rec.kind === 'create') targets.push(this.createMemberId(rec.body));
      if (!targets.includes(c)) return false;
    }
    return true;
  }

  private blockedStatus(rec: RecordedRequest): 403 | 404 | undefined {
    if (!WRITE_KINDS.includes(rec.kind) && rec.kind !== 'getMember') return undefined;
    const candidates = new Set<string>();
    if (rec.conversationId) {
      candidates.add(rec.conversationId);
      candidates.add(baseConversationId(rec.conversationId));
    }
    if (rec.kind === 'create') {
      const m = this.createMemberId(rec.body);
      if (m) candidates.add(m);
    }
    for (const c of candidates) {
      const s = this.blocked.get(c);
      if (s) return s;
    }
    // A blocked member id also blocks its personal chat.
    for (const [k, s] of this.blocked) {
      if (rec.conversationId === fakePersonalConversationId(k)) return s;
    }
    return undefined;
  }

  private faultAnswer(fault: Fault, source: RecordedRequest['fault']): Answer {
    if ('timeoutMs' in fault) return { status: 0, hangUp: true, hangUpAfterMs: fault.timeoutMs, fault: 'timeout' };
    if (fault.status === 429) {
      return fault.retryAfter !== undefined
        ? {
            status: 429,
            body: errorBody(429),
            headers: { 'Retry-After': String(fault.retryAfter) },
            retryAfterSeconds: fault.retryAfter,
            fault: source,
          }
        : { status: 429, body: errorBody(429), fault: source };
    }
    return { status: fault.status, body: errorBody(fault.status), fault: source };
  }

  private decide(rec: RecordedRequest, url: URL, body: unknown): Answer {
    const blocked = this.blockedStatus(rec);
    if (blocked) return { status: blocked, body: errorBody(blocked), fault: 'blocked' };

    const queued = this.faultQueue.find((f) => this.matchesScope(rec, f.scope));
    if (queued) {
      queued.remaining--;
      if (queued.remaining <= 0) this.faultQueue.splice(this.faultQueue.indexOf(queued), 1);
      return this.faultAnswer(queued.fault, 'failNext');
    }

    const windowKey = this.maxPerSecond !== undefined && RATE_LIMITED_KINDS.includes(rec.kind) ? (this.limitPerTenant ? (rec.tenantId ?? '') : '') : undefined;
    if (windowKey !== undefined && this.maxPerSecond !== undefined) {
      const window = (this.windows.get(windowKey) ?? []).filter((t) => t > rec.at - 1_000);
      this.windows.set(windowKey, window);
      if (window.length >= this.maxPerSecond) {
        this.stats.over++;
        return {
          status: 429,
          body: errorBody(429),
          headers: { 'Retry-After': '1' },
          retryAfterSeconds: 1,
          fault: 'rateLimit',
        };
      }
    }

    const tenant = RATE_LIMITED_KINDS.includes(rec.kind) ? rec.tenantId?.toLowerCase() : undefined;
    if (this.maxPerTenantPerSecond !== undefined && tenant !== undefined) {
      const w = (this.tenantWindows.get(tenant) ?? []).filter((t) => t > rec.at - 1_000);
      this.tenantWindows.set(tenant, w);
      if (w.length >= this.maxPerTenantPerSecond) {
        this.stats.overTenant++;
        return { status: 429, body: errorBody(429), headers: { 'Retry-After': '1' }, retryAfterSeconds: 1, fault: 'rateLimit' };
      }
    }

    const rate = this.faultRate;
    if (rate && WRITE_KINDS.includes(rec.kind)) {
      // One draw per write keeps a seeded run reproducible for the same request order.
      const r = this.random();
      let edge = rate.p429 ?? 0;
      if (r < edge) return this.faultAnswer({ status: 429, retryAfter: rate.retryAfter ?? 1 }, 'faultRate');
      edge += rate.p5xx ?? 0;
      if (r < edge) {
        const statuses = [500, 502, 503] as const;
        const pick = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
        return this.faultAnswer({ status: pick }, 'faultRate');
      }
      edge += rate.p403 ?? 0;
      if (r < edge) return this.faultAnswer({ status: 403 }, 'faultRate');
      edge += rate.p404 ?? 0;
      if (r < edge) return this.faultAnswer({ status: 404 }, 'faultRate');
    }

    const answer = this.serve(rec, url, body);
    if (answer.status < 300 && windowKey !== undefined) this.windows.get(windowKey)?.push(rec.at);
    if (answer.status < 300 && tenant !== undefined) {
      this.acceptedByTenant.set(tenant, (this.acceptedByTenant.get(tenant) ?? 0) + 1);
      if (this.maxPerTenantPerSecond !== undefined) this.tenantWindows.get(tenant)?.push(rec.at);
    }
    return answer;
  }

  /** The successful behaviour of each endpoint. */
  private serve(rec: RecordedRequest, url: URL, body: unknown): Answer {
    const newId = (): string => String(this.nextId++);
    switch (rec.kind) {
      case 'create': {
        if (!isRecord(body)) return { status: 400, body: errorBody(400) };
        const tenantId =
          str(body.tenantId) ??
          (isRecord(body.channelData) && isRecord(body.channelData.tenant) ? str(body.channelData.tenant.id) : undefined);
        const channelId = this.createChannelId(body);
        const memberId = this.createMemberId(body);
        // Teams refuses a 1:1 chat without a tenant; catching that here saves a surprise in production.
        if (!channelId && (!memberId || !tenantId)) return { status: 400, body: errorBody(400) };
        const activity = rec.activity;
        if (channelId) {
          if (!activity) return { status: 400, body: errorBody(400) };
          const activityId = newId();
          const conversationId = `${channelId};messageid=${activityId}`;
          rec.conversationId = conversationId;
          rec.activityId = activityId;
          return {
            status: 201,
            body: { id: conversationId, activityId, serviceUrl: this.url },
            onSuccess: () => this.deliver('create', conversationId, activityId, activity, rec.at),
          };
        }
        const conversationId = fakePersonalConversationId(memberId as string);
        const activityId = activity ? newId() : undefined;
        rec.activityId = activityId;
        return {
          status: 201,
          body: { id: conversationId, ...(activityId ? { activityId } : {}), serviceUrl: this.url },
          onSuccess: () => {
            if (activity && activityId) this.deliver('create', conversationId, activityId, activity, rec.at);
          },
        };
      }
      case 'send':
      case 'reply': {
        if (!rec.activity || !rec.conversationId) return { status: 400, body: errorBody(400) };
        const id = newId();
        const activity = rec.activity;
        const conversationId = rec.conversationId;
        const kind = rec.kind;
        return { status: 200, body: { id }, onSuccess: () => this.deliver(kind, conversationId, id, activity, rec.at) };
      }
      case 'update': {
        const { conversationId, activityId, activity } = rec;
        if (!conversationId || !activityId || !activity) return { status: 400, body: errorBody(400) };
        return {
          status: 200,
          body: { id: activityId },
          onSuccess: () => {
            this.updates.push({ conversationId, activityId, activity, at: rec.at });
            noteVisible(`update in ${conversationId}`, activity);
          },
        };
      }
      case 'delete': {
        const { conversationId, activityId } = rec;
        if (!conversationId || !activityId) return { status: 400, body: errorBody(400) };
        return { status: 200, onSuccess: () => this.deletes.push({ conversationId, activityId, at: rec.at }) };
      }
      case 'getMember': {
        const member = this.findMember(rec.conversationId ?? '', rec.memberId ?? '');
        return member
          ? { status: 200, body: member }
          : {
              status: 404,
              body: errorBody(404, {
                code: 'MemberNotFoundInConversation',
                message: `The member ${rec.memberId ?? ''} was not found in the conversation.`,
              }),
            };
      }
      case 'getMembers':
        return { status: 200, body: this.roster(rec.conversationId ?? '') };
      case 'getPagedMembers': {
        const all = this.roster(rec.conversationId ?? '');
        const pageSize = Math.max(1, Number(url.searchParams.get('pageSize') ?? '') || 100);
        const start = Number(url.searchParams.get('continuationToken') ?? '0') || 0;
        const members = all.slice(start, start + pageSize);
        const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
        return { status: 200, body: { members, ...(next ? { continuationToken: next } : {}) } };
      }
      case 'teamChannels': {
        const teamId = rec.conversationId ?? '';
        // The General channel's id equals the team id, and Teams gives it no name.
        const conversations = [{ id: teamId, name: null }, ...(this.channelsByTeam.get(teamId) ?? [])];
        return { status: 200, body: { conversations } };
      }
      case 'teamDetails': {
        const teamId = rec.conversationId ?? '';
        return {
          status: 200,
          body: { id: teamId, name: this.teamNames.get(teamId) ?? null, aadGroupId: null },
        };
      }
      default:
        return { status: 404, body: errorBody(404, { code: 'NotFound', message: `No route for ${rec.method} ${rec.path}` }) };
    }
  }

  private deliver(
    kind: DeliveredActivity['kind'],
    conversationId: string,
    activityId: string,
    activity: RecordedActivity,
    at: number,
  ): void {
    this.delivered.push({ kind, conversationId, activityId, activity, at });
    noteVisible(`${kind} to ${conversationId}`, activity);
  }

  private count(rec: RecordedRequest, answer: Answer): void {
    const s = this.stats;
    const ok = answer.status >= 200 && answer.status < 300;
    if (answer.hangUp) s.timeouts++;
    else if (answer.status === 429) s.throttled++;
    else if (answer.status >= 500) s.serverErrors++;
    else if (answer.status === 403) s.forbidden++;
    else if (answer.status === 404) s.notFound++;
    if (!ok) return;
    switch (rec.kind) {
      case 'create':
        s.creates++;
        if (rec.activity) s.delivered++;
        break;
      case 'send':
        s.sends++;
        s.delivered++;
        break;
      case 'reply':
        s.replies++;
        s.delivered++;
        break;
      case 'update':
        s.updates++;
        break;
      case 'delete':
        s.deletes++;
        break;
      default:
        s.reads++;
    }
  }

  /** Members of a conversation: its own roster, its channel's, its team's, then '*'. */
  private roster(conversationId: string): FakeMember[] {
    const base = baseConversationId(conversationId);
    const keys = [conversationId, base];
    for (const [teamId, channels] of this.channelsByTeam) {
      if (channels.some((c) => c.id === base)) keys.push(teamId);
    }
    keys.push('*');
    const seen = new Set<string>();
    const out: FakeMember[] = [];
    for (const k of keys) {
      for (const m of this.rosters.get(k) ?? []) {
        if (!seen.has(m.id)) {
          seen.add(m.id);
          out.push(m);
        }
      }
    }
    return out;
  }

  /** Teams accepts the Teams user id, the AAD object id or the UPN; so does the fake. */
  private findMember(conversationId: string, memberId: string): FakeMember | undefined {
    const wanted = memberId.toLowerCase();
    return this.roster(conversationId).find(
      (m) =>
        m.id === memberId ||
        m.aadObjectId?.toLowerCase() === wanted ||
        m.userPrincipalName?.toLowerCase() === wanted ||
        m.email?.toLowerCase() === wanted,
    );
  }
}

/** The tenant a create/send/reply is for, as Teams would count it. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Convenience: a started connector (remember to stop it). */
export async function startFakeConnector(): Promise<{ connector: FakeConnector; serviceUrl: string }> {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  return { connector, serviceUrl };
}
