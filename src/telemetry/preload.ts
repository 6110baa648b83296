// Started by the process entries (src/index.ts, src/cli.ts) once the .env file is read and before
// the bot's modules are loaded: when APPLICATIONINSIGHTS_CONNECTION_STRING is set, the Azure
// Monitor distro must start before restify, botbuilder and the Azure SDK are required, so their
// HTTP calls are traced. When it is not set, nothing else is loaded. A malformed value is left to
// src/config.ts, which names it.
import { appInsightsProblem } from '../configChecks';

export function startTelemetryIfConfigured(env: NodeJS.ProcessEnv = process.env): void {
  const cs = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (cs && appInsightsProblem(cs) === undefined) {
    (require('./azureMonitor') as typeof import('./azureMonitor')).startAzureMonitor(cs);
  }
}
