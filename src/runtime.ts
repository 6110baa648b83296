// Builds and starts a whole Gevinstbot: storage (embedded Azurite when no connection string is
// configured), the Teams edge, the HTTP server and, when SCHEDULER=on, the ticker. Used by the
// process entry (index.ts), the CLI and the integration tests, so all three run the same wiring.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createApp } from './routes/app';
import { createAdapter, type AuthOverrides } from './bot/adapter';
import { TeamsMessenger } from './bot/sender';
import { createTurnHandler } from './bot/turnHandler';
import { TenantRateLimiter } from './delivery/rateLimiter';
import { runDueOnce, type RunOnceOptions } from './jobs/runOnce';
import type { RunSummary } from './jobs/dueWork';
import { startTicker, type Ticker } from './jobs/ticker';
import { MemoryReleaser } from './memoryRelease';
import { createLogger } from './log';
import { PROJECT_ROOT } from './paths';
import { startServer, type RunningServer } from './server';
import { systemClock, type Clock } from './clock';
import type { Services } from './services/context';
import type { Messenger } from './ports/outbound';
import { openStorageAtStart, useEmbeddedStorage, type EmbeddedStorage, type Storage, type StorageTarget } from './storage';
import { defaultCredential } from './storage/credential';
import type { TokenCredential } from '@azure/core-auth';
import { ReportDownloads, type DownloadLimits } from './services/report/downloads';

export interface RuntimeOptions {
  log?: Logger;
  clock?: Clock;
  /** Table name prefix (tests isolate suites with it). */
  tablePrefix?: string;
  /** Skip the HTTP server (CLI jobs). */
  noServer?: boolean;
  authOverrides?: AuthOverrides;
  /** Replace the Teams sender (benchmarks of the dispatcher alone). */
  messenger?: Messenger;
  instanceId?: string;
  /** Keyless storage (AZURE_STORAGE_TABLE_URL): this credential instead of DefaultAzureCredential; `storageTlsCa` a CA to trust. */
  storageCredential?: TokenCredential;
  storageTlsCa?: string;
  /** Smaller bounds on building report files (tests); the defaults are in services/report/limits.ts. */
  reportLimits?: Partial<DownloadLimits>;
}

export interface Runtime {
  services: Services;
  server?: RunningServer;
  url?: string;
  /** One run of everything due at `at`, under the shard leases that are free (jobs/runOnce.ts). */
  runDue(at: Date, options?: RunOnceOptions): Promise<RunSummary>;
  /** Gives back the memory start-up left behind (the bot's entry calls it once it is up; a command need not). */
  settleMemory(): void;
  ticker?: Ticker;
  close(): Promise<void>;
}

export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger(config.logLevel);
  let azurite: EmbeddedStorage | undefined;
  let target: StorageTarget | undefined = config.storageTableUrl
    ? { url: config.storageTableUrl, credential: options.storageCredential ?? defaultCredential(), tlsCa: options.storageTlsCa }
    : config.storageConnectionString;
  if (!target) {
    // A relative DATA_DIR is taken from the project folder, as the .env file is (src/envFile.ts).
    // One Azurite per folder: the bot starts it; a command (noServer) uses the running bot's.
    azurite = await useEmbeddedStorage(path.resolve(PROJECT_ROOT, config.dataDir, 'azurite'), options.noServer ? 'cli' : 'bot', { log });
    target = azurite.connectionString;
    log.info(
      { event: 'storage.embedded', port: azurite.port, shared: azurite.shared },
      azurite.shared ? 'using the embedded storage of the bot running from this folder' : 'embedded Azurite started (data under DATA_DIR/azurite)',
    );
  }
  let storage: Storage;
  try {
    storage = await openStorageAtStart(target, options.tablePrefix);
  } catch (e) {
    await azurite?.stop();
    throw e;
  }

  const { adapter, auth } = createAdapter(config, log, options.authOverrides);
  const limiter = new TenantRateLimiter(config.teamsMaxRps);
  const messenger = options.messenger ?? new TeamsMessenger(auth, config.appId, limiter, log);
  const services: Services = {
    config,
    log,
    storage,
    messenger,
    clock: options.clock ?? systemClock,
    instanceId: options.instanceId ?? randomUUID(),
  };
  const app = createApp(services);
  const reports = new ReportDownloads(services, options.reportLimits);
  const handleTurn = createTurnHandler(app, log);

  let server: RunningServer | undefined;
  if (!options.noServer) {
    try {
      server = await startServer(
        {
          log,
          processMessage: (req, res) => adapter.process(req, res, handleTurn),
          checkHealth: () => storage.store.ping(),
          getReport: (token) => reports.get(token),
        },
        config.host,
        config.port,
      );
    } catch (e) {
      await azurite?.stop();
      throw e;
    }
    log.info({ event: 'server.listening', url: server.url, localMode: config.localMode, node: process.version }, `listening on ${server.url}/api/messages`);
  }

  // A long-lived bot gives back what a large run made it take; a command exits anyway.
  const memory = options.noServer ? undefined : new MemoryReleaser(log);
  let ticker: Ticker | undefined;
  if (config.scheduler && !options.noServer) ticker = startTicker(services, () => memory?.afterWork());

  let closed = false;
  return {
    services,
    server,
    url: server?.url,
    runDue: async (at, o) => {
      const summary = await runDueOnce(services, at, o);
      memory?.afterWork();
      return summary;
    },
    settleMemory: () => memory?.release(),
    ticker,
    async close() {
      if (closed) return;
      closed = true;
      await server?.close();
      await ticker?.stop();
      await azurite?.stop();
    },
  };
}
