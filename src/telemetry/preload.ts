// Imported first by the process entries (src/index.ts, src/cli.ts): when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set, the Azure Monitor distro starts before restify,
// botbuilder and the Azure SDK are loaded, so their HTTP calls are traced. When it is not set,
// this file loads nothing else. A malformed value is left to src/config.ts, which names it.
import { appInsightsProblem } from '../configChecks';

const cs = process.env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
if (cs && appInsightsProblem(cs) === undefined) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./azureMonitor') as typeof import('./azureMonitor')).startAzureMonitor(cs);
}
