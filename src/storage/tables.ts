// One TableClient per table, created from a connection string, with a request counter (used by
// tests and benchmarks to prove a fixed number of round trips) and short retries: a person
// waiting for a card answer should hear "not saved, try again" in seconds, not minutes.
import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/core-auth';
import { signWithKeyObject } from './sharedKey';
import { storageErrorPolicy } from './telemetryPolicy';

export const TABLE_NAMES = [
  'plans',
  'benefits',
  'measurements',
  'records',
  'ledger',
  'due',
  'conversations',
  'people',
  'audit',
  'leases',
  'forms',
  'imports',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/**
 * Where the tables are: a connection string (account key, SAS or dev storage), or a table endpoint
 * reached with a Microsoft Entra token (keyless: managed identity in Azure). `tlsCa` adds a
 * certificate authority to trust (tests run Azurite over HTTPS with a self-signed certificate).
 */
export type StorageTarget = string | { url: string; credential: TokenCredential; tlsCa?: string };

export interface RequestCounter {
  count: number;
  byMethod: Record<string, number>;
}

export class TableStore {
  readonly counter: RequestCounter = { count: 0, byMethod: {} };
  private readonly clients = new Map<TableName, TableClient>();
  private readonly service: TableServiceClient;
  private readonly options: TableServiceClientOptions & { allowInsecureConnection?: boolean; tlsOptions?: { ca?: string } };

  /** `prefix` namespaces the tables (tests give each suite its own set); letters and digits only. */
  constructor(
    private readonly target: StorageTarget,
    private readonly prefix = '',
  ) {
    if (!/^[A-Za-z0-9]{0,20}$/.test(prefix)) throw new Error('table prefix must be alphanumeric');
    const counting: PipelinePolicy = {
      name: 'gevinstbotRequestCounter',
      sendRequest: (request, next) => {
        this.counter.count++;
        this.counter.byMethod[request.method] = (this.counter.byMethod[request.method] ?? 0) + 1;
        return next(request);
      },
    };
    this.options = {
      allowInsecureConnection: typeof target === 'string' && isLocal(target),
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
      additionalPolicies: [
        { policy: counting, position: 'perRetry' },
        { policy: storageErrorPolicy(), position: 'perRetry' },
      ],
      // Passed through to the pipeline's TLS policy (core-rest-pipeline's tlsOptions).
      ...(typeof target !== 'string' && target.tlsCa ? { tlsOptions: { ca: target.tlsCa } } : {}),
    };
    this.service =
      typeof target === 'string'
        ? TableServiceClient.fromConnectionString(target, this.options)
        : new TableServiceClient(target.url, target.credential, this.options);
    withoutTracing(this.service);
  }

  table(name: TableName): TableClient {
    let client = this.clients.get(name);
    if (!client) {
      const t = this.target;
      client =
        typeof t === 'string'
          ? TableClient.fromConnectionString(t, this.prefix + name, this.options)
          : new TableClient(t.url, this.prefix + name, t.credential, this.options);
      withoutTracing(client);
      signWithKeyObject(client);
      this.clients.set(name, client);
    }
    return client;
  }

  /** Creates the tables that are missing (idempotent). */
  async ensureTables(): Promise<void> {
    await Promise.all(TABLE_NAMES.map((n) => this.table(n).createTable()));
  }

  /** A cheap round trip that proves storage answers (for /healthz). */
  async ping(timeoutMs = 3000): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    const iter = this.table('plans').listEntities({ queryOptions: { filter: "PartitionKey eq '~ping'" }, abortSignal: signal });
    await iter.byPage({ maxPageSize: 1 }).next();
  }

  resetCounter(): void {
    this.counter.count = 0;
    this.counter.byMethod = {};
  }
}

/**
 * The SDK's tracing policy opens a span and sanitises the URL of every request: ~10 % of the
 * client's CPU per request (answer latency), for a no-op span without telemetry, and with
 * Application Insights a duplicate of the HTTP instrumentation's span (the operation-level span,
 * e.g. TableClient.createTable, stays). Removing it changes nothing else in the pipeline.
 */
function withoutTracing(client: { pipeline: { removePolicy(options: { name: string }): unknown } }): void {
  client.pipeline.removePolicy({ name: 'tracingPolicy' });
}

function isLocal(cs: string): boolean {
  return /UseDevelopmentStorage=true/i.test(cs) || /https?:\/\/(127\.0\.0\.1|localhost|\[::1\])/i.test(cs) || /DefaultEndpointsProtocol=http;/i.test(cs);
}

/** The connection string of an Azurite table service on 127.0.0.1:port with the well-known dev account. */
export function azuriteConnectionString(port: number, protocol: 'http' | 'https' = 'http'): string {
  return (
    `DefaultEndpointsProtocol=${protocol};AccountName=devstoreaccount1;` +
    'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
    `TableEndpoint=${protocol}://127.0.0.1:${port}/devstoreaccount1;`
  );
}
