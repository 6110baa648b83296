// What every process entry does before it loads the bot (src/index.ts, src/cli.ts), in this order:
// refuse a Node.js that is too old, read the .env file (it may hold
// APPLICATIONINSIGHTS_CONNECTION_STRING), then start telemetry, which must run before restify,
// botbuilder and the Azure SDK are loaded to trace their calls. Nothing heavy is imported here.
import { EnvFileError, loadEnvFile } from './envFile';
import { unsupportedNode } from './nodeVersion';
import { startTelemetryIfConfigured } from './telemetry/preload';

/** Why this process cannot start (the text for stderr), or undefined when it is ready. */
export function prepareProcess(): string | undefined {
  const oldNode = unsupportedNode();
  if (oldNode) return oldNode;
  try {
    loadEnvFile();
  } catch (e) {
    if (e instanceof EnvFileError) return e.message;
    throw e;
  }
  startTelemetryIfConfigured();
  return undefined;
}
