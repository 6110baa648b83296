// The fake Bot Connector (test/support/fakeConnector.ts) in a child process of its own, driven
// over IPC. Teams timestamps and counts calls on its own clock; a connector sharing the bot's
// event loop would see a burst whenever the bot is busy (and add its own memory to the bot's RSS).
import { fork, type ChildProcess } from 'node:child_process';
import { FakeConnector, type ConnectorStats, type FakeMember, type RequestKind } from '../../test/support/fakeConnector';

export interface CallRecord {
  kind: RequestKind;
  tenantId?: string;
  /** Arrival, ms since epoch (the connector's clock). */
  at: number;
  status: number;
  conversationId?: string;
}

/** Calls per second over the window from the first to the last arrival (calls in arrival order). */
export function windowRate(calls: CallRecord[]): { rate: number; seconds: number } {
  if (calls.length < 2) return { rate: NaN, seconds: 0 };
  const seconds = (calls[calls.length - 1].at - calls[0].at) / 1000;
  return { rate: (calls.length - 1) / seconds, seconds };
}

export interface ConnectorSummary {
  stats: ConnectorStats;
  /** create/send/reply calls, in arrival order. */
  calls: CallRecord[];
  /** Adaptive cards delivered per conversation. */
  cardsPerConversation: Record<string, number>;
  /** Accepted create/send/reply calls per tenant. */
  acceptedByTenant: Record<string, number>;
}

type Op =
  | { op: 'start' }
  | { op: 'addMembers'; members: FakeMember[] }
  | { op: 'setLatency'; ms: number; tenantId?: string }
  | { op: 'setRateLimit'; perSecond?: number; perTenant?: boolean }
  | { op: 'setTenantRateLimit'; perSecond?: number }
  | { op: 'clear' }
  | { op: 'summary' }
  | { op: 'cardsTo'; conversationId: string }
  | { op: 'stop' };

export interface ConnectorClient {
  serviceUrl: string;
  addMembers(members: FakeMember[]): Promise<void>;
  setLatency(ms: number, tenantId?: string): Promise<void>;
  /** perTenant: the limit holds for each tenant's calls on its own. */
  setRateLimit(perSecond: number | undefined, options?: { perTenant?: boolean }): Promise<void>;
  /** Teams' limit per tenant (FakeConnector.setTenantRateLimit): over it counts stats.overTenant. */
  setTenantRateLimit(perSecond: number | undefined): Promise<void>;
  clear(): Promise<void>;
  summary(): Promise<ConnectorSummary>;
  cardsTo(conversationId: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startConnectorProcess(): Promise<ConnectorClient> {
  const child: ChildProcess = fork(__filename, ['--serve'], { execArgv: ['--require', 'tsx/cjs', '--no-deprecation'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error(m.error));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`connector process exited (${code})`));
    waiting.clear();
  });
  const call = <T>(op: Op): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, ...op });
    });
  const serviceUrl = await call<string>({ op: 'start' });
  return {
    serviceUrl,
    addMembers: async (members) => {
      for (let i = 0; i < members.length; i += 2000) await call({ op: 'addMembers', members: members.slice(i, i + 2000) });
    },
    setLatency: (ms, tenantId) => call({ op: 'setLatency', ms, tenantId }),
    setRateLimit: (perSecond, options = {}) => call({ op: 'setRateLimit', perSecond, perTenant: options.perTenant }),
    setTenantRateLimit: (perSecond) => call({ op: 'setTenantRateLimit', perSecond }),
    clear: () => call({ op: 'clear' }),
    summary: () => call({ op: 'summary' }),
    cardsTo: (conversationId) => call({ op: 'cardsTo', conversationId }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await call({ op: 'stop' }).catch(() => undefined);
      await exited;
    },
  };
}

// ── the child ──
if (require.main === module && process.argv.includes('--serve')) {
  const connector = new FakeConnector();
  const handle = async (m: Op): Promise<unknown> => {
    switch (m.op) {
      case 'start':
        return connector.start();
      case 'addMembers':
        // One roster entry per member under '*' (addMember's duplicate check is O(n) per call).
        for (const member of m.members) connector.addMember('*', member);
        return undefined;
      case 'setLatency':
        connector.setLatency(m.ms, m.tenantId);
        return undefined;
      case 'setRateLimit':
        connector.setRateLimit(m.perSecond, { perTenant: m.perTenant });
        return undefined;
      case 'setTenantRateLimit':
        connector.setTenantRateLimit(m.perSecond);
        return undefined;
      case 'clear':
        connector.clear();
        return undefined;
      case 'summary': {
        const calls: CallRecord[] = connector.requests
          .filter((r) => r.kind === 'create' || r.kind === 'send' || r.kind === 'reply')
          .map((r) => ({ kind: r.kind, tenantId: r.tenantId, at: r.at, status: r.status, conversationId: r.conversationId }))
          .sort((a, b) => a.at - b.at);
        const cardsPerConversation: Record<string, number> = {};
        for (const d of connector.delivered) {
          const cards = (d.activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').length;
          if (cards > 0) cardsPerConversation[d.conversationId] = (cardsPerConversation[d.conversationId] ?? 0) + cards;
        }
        return { stats: connector.stats, calls, cardsPerConversation, acceptedByTenant: Object.fromEntries(connector.acceptedByTenant) } satisfies ConnectorSummary;
      }
      case 'cardsTo':
        return connector.cardsTo(m.conversationId);
      case 'stop':
        await connector.stop();
        setImmediate(() => process.exit(0));
        return undefined;
    }
  };
  process.on('message', (m: Op & { id: number }) => {
    handle(m).then(
      (value) => process.send?.({ id: m.id, ok: true, value }),
      (e: unknown) => process.send?.({ id: m.id, ok: false, error: String((e as Error)?.stack ?? e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
