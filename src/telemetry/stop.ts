// Flushes and stops Application Insights at shutdown, if it was started. Loads nothing when it
// was not (the distro module is only looked up in the require cache, never required from here).
import { isTelemetryActive } from './index';

export async function stopTelemetry(timeoutMs = 10_000): Promise<void> {
  if (!isTelemetryActive()) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { shutdownAzureMonitor } = require('./azureMonitor') as typeof import('./azureMonitor');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    shutdownAzureMonitor().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
