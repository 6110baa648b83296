// Application Insights through the Azure Monitor OpenTelemetry distribution. Required only when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set: without it this file is never loaded, and the bot
// starts with the memory and start-up time it had before telemetry existed.
//
// Start it before anything that the distro instruments is required (its HTTP instrumentation
// patches node:http as modules load): src/processStart.ts starts it before the entries load the rest.
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { installTelemetry, uninstallTelemetry } from './index';
import { installLogBridge } from './logBridge';

let running: { shutdown(): Promise<void> } | undefined;

export type ExtraTelemetryOptions = Pick<AzureMonitorOpenTelemetryOptions, 'metricReaders' | 'spanProcessors' | 'logRecordProcessors'>;

/** Starts the distro (idempotent). `extra` adds readers/processors (tests capture in memory). */
export function startAzureMonitor(connectionString: string, extra: ExtraTelemetryOptions = {}): void {
  if (running) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const distro = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  // The distro turns the Azure SDK's own console logger on at "warning", which prints one
  // deprecation notice per table client to stdout (pino's stream); errors are what an operator needs.
  process.env.APPLICATIONINSIGHTS_INSTRUMENTATION_LOGGING_LEVEL ??= 'ERROR';
  distro.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Logs come from pino through the bridge (logBridge.ts); the SDK's own HTTP spans for storage
    // and Teams calls come from the azureSdk instrumentation, inbound requests from http.
    instrumentationOptions: {
      http: { enabled: true },
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
      console: { enabled: false },
    },
    // Live Metrics keeps a connection to Azure open all the time; opt in on the portal side if wanted.
    enableLiveMetrics: false,
    ...extra,
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const apiLogs = require('@opentelemetry/api-logs') as typeof import('@opentelemetry/api-logs');
  installTelemetry(api.metrics.getMeter('gevinstbot'), api.trace.getTracer('gevinstbot'));
  installLogBridge(apiLogs.logs.getLogger('gevinstbot'));
  running = { shutdown: () => distro.shutdownAzureMonitor() };



}

/** Flushes what is buffered and stops exporting (at shutdown, so the last minute is not lost). */
export async function shutdownAzureMonitor(): Promise<void> {
  const r = running;
  running = undefined;
  uninstallTelemetry();
  installLogBridge(undefined);
  await r?.shutdown();
}
