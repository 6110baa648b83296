// The bot process: configuration → storage → server → scheduler; graceful shutdown on
// SIGTERM/SIGINT. Started by src/index.ts once the process is prepared.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startRuntime } from './runtime';
import { StorageLockedError } from './storage';
import { telemetryLogDestination } from './telemetry/logBridge';
import { stopTelemetry } from './telemetry/stop';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Gevinstbot cannot start.\n${e.message}\nSee .env.example and README.md (Configuration).\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel, telemetryLogDestination());
  const runtime = await startRuntime(config, { log });
  runtime.settleMemory();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'shutdown', signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await runtime.close();
    log.info({ event: 'shutdown.done' }, 'stopped');
    await stopTelemetry();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason, event: 'unhandledRejection' }, 'unhandled rejection (process stays up)'));
}

export function serve(): void {
  main().catch((e) => {
    if (e instanceof StorageLockedError) {
      process.stderr.write(`Gevinstbot cannot start.\n${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Gevinstbot failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
