// pino → OpenTelemetry logs (and so to Application Insights as traces/messages). pino writes its
// JSON lines to stdout as before; when telemetry runs, each line is also emitted as a log record
// with its level, message and a fixed list of id fields. Done as a destination rather than the
// pino instrumentation, which only patches pino when the distro starts before pino is required,
// and which would forward every field of every line.
import type { Logger as OtelLogger, LogAttributes } from '@opentelemetry/api-logs';
import { scrub } from '../log';

/** Fields of a log line that reach telemetry; everything else (names, text, values) stays in stdout only. */
export const LOG_FIELDS = [
  'event',
  'tenantId',
  'planId',
  'benefit',
  'kind',
  'status',
  'statusCode',
  'code',
  'verb',
  'signal',
  'port',
  'localMode',
  'count',
  'activityType',
  'prompts',
  'reminders',
  'digests',
  'notices',
  'failed',
] as const;

const SEVERITY: Record<number, [number, string]> = {
  10: [1, 'TRACE'],
  20: [5, 'DEBUG'],
  30: [9, 'INFO'],
  40: [13, 'WARN'],
  50: [17, 'ERROR'],
  60: [21, 'FATAL'],
};

let otelLogger: OtelLogger | undefined;

export function installLogBridge(logger: OtelLogger | undefined): void {
  otelLogger = logger;
}

/** UPNs and e-mail addresses out of free text (error messages may quote one). */
const withoutAddresses = (text: string): string => scrub(text).replace(/[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g, '[address]');

/** Turns one pino JSON line into a log record (exported for tests). */
export function emitLine(line: string, logger: OtelLogger | undefined = otelLogger): void {
  if (!logger) return;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const attributes: LogAttributes = {};
  for (const k of LOG_FIELDS) {
    const v = entry[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[`gevinstbot.${k}`] = v;
  }
  const err = entry.err as { type?: unknown; message?: unknown; code?: unknown; statusCode?: unknown } | undefined;
  if (err && typeof err === 'object') {
    if (typeof err.type === 'string') attributes['exception.type'] = err.type;
    if (typeof err.message === 'string') attributes['exception.message'] = withoutAddresses(err.message).slice(0, 500);
    if (typeof err.code === 'string' || typeof err.code === 'number') attributes['gevinstbot.err.code'] = err.code;
    if (typeof err.statusCode === 'number') attributes['gevinstbot.err.status'] = err.statusCode;
  }
  const [severityNumber, severityText] = SEVERITY[entry.level as number] ?? [9, 'INFO'];
  logger.emit({
    severityNumber,
    severityText,
    body: typeof entry.msg === 'string' ? withoutAddresses(entry.msg) : '',
    attributes,
    timestamp: typeof entry.time === 'number' ? entry.time : Date.now(),
  });
}

/**
 * A pino destination: the stream as always (stdout for the bot, stderr for a command), plus the
 * bridge while telemetry runs. Undefined when telemetry is off, so the caller's own destination
 * stays and nothing changes.
 */
export function telemetryLogDestination(stream: NodeJS.WritableStream = process.stdout): { write(line: string): void } | undefined {
  if (!otelLogger) return undefined;
  return {
    write(line: string) {
      stream.write(line);
      emitLine(line);
    },
  };
}
