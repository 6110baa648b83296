// Runs one operator command (src/operator/args.ts parsed it): configuration, a runtime without
// the HTTP server on the configured storage, the command, and a clean close. Loaded only for a
// command that needs all that.
import pino from 'pino';
import { ManualClock } from '../clock';
import { ConfigError, loadConfig } from '../config';
import { formatBusy, formatSummary } from '../jobs/dueWork';
import { listScheduled, nextDue } from '../jobs/upcoming';
import { createLogger } from '../log';
import { startRuntime } from '../runtime';
import { telemetryLogDestination } from '../telemetry/logBridge';
import { stopTelemetry } from '../telemetry/stop';
import { seedDemo } from '../services/demo';
import type { OperatorCommand } from './args';
import { formatNextInstant, formatScheduled, utc } from './scheduleText';

export async function runOperatorCommand(command: OperatorCommand): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const now = new Date();
  const at = ('at' in command && command.at) || now;
  // Logs go to stderr: stdout carries the command's result and nothing else (a storage fault
  // printed JSON log lines among run-due's output).
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', telemetryLogDestination(process.stderr) ?? pino.destination({ fd: 2, sync: true }));
  const clock = new ManualClock(at);
  const runtime = await startRuntime({ ...config, scheduler: false }, { log, clock, noServer: true });
  try {
    switch (command.name) {
      case 'run-due': {
        let runAt = at;
        if (command.next) {
          const next = await nextDue(runtime.services, now);
          if (next.at === undefined) {
            process.stdout.write(`Nothing is due from now (${utc(now.toISOString())}) to ${utc(next.horizon)}.\n`);
            return 0;
          }
          runAt = next.at;
          clock.set(runAt);
          process.stdout.write(formatNextInstant(next));
        }
        const summary = await runtime.runDue(runAt, { shards: command.shards });
        const busy = formatBusy(summary);
        if (busy) process.stderr.write(`run-due: ${busy}\n`);
        process.stdout.write(`${formatSummary(summary)}\n`);
        return summary.failed > 0 ? 1 : 0;
      }
      case 'due':
        process.stdout.write(formatScheduled(await listScheduled(runtime.services, now, command.limit), now));
        return 0;
      case 'demo':
        process.stdout.write(`${await seedDemo(runtime.services, at)}\n`);
        return 0;
    }
  } finally {
    await runtime.close();
    await stopTelemetry(); // an external scheduler's run-due reports its run before exiting
  }
}
