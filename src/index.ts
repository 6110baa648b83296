// Process entry: configuration → storage → server → scheduler; graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config';
import { EnvFileError, loadEnvFile } from './envFile';
import { createLogger } from './log';
import { unsupportedNode } from './nodeVersion';
import { startRuntime } from './runtime';
import { StorageLockedError } from './storage';

async function main(): Promise<void> {
  const oldNode = unsupportedNode();
  if (oldNode) {
    process.stderr.write(`Gevinstbot cannot start.\n${oldNode}\n`);
    process.exit(2);
  }
  let config;
  try {
    loadEnvFile();
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof EnvFileError) {
      process.stderr.write(`Gevinstbot cannot start.\n${e.message}\nSee .env.example and README.md (Configuration).\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const runtime = await startRuntime(config, { log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'shutdown', signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await runtime.close();
    log.info({ event: 'shutdown.done' }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason, event: 'unhandledRejection' }, 'unhandled rejection (process stays up)'));
}

main().catch((e) => {
  if (e instanceof StorageLockedError) {
    process.stderr.write(`Gevinstbot cannot start.\n${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Gevinstbot failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
