// Structured logs (pino, JSON lines). Secrets never reach them: credentials, tokens and connection
// strings are redacted by path, and error objects are reduced to message/code/status.
import pino, { type Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'gevinstbot' },
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
          'password',
          '*.password',
          'appPassword',
          '*.appPassword',
          'connectionString',
          '*.connectionString',
          'storageConnectionString',
          '*.storageConnectionString',
          'reportSecret',
          '*.reportSecret',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        err: (e: unknown) => {
          if (!(e instanceof Error)) return { message: String(e).slice(0, 500) };
          const x = e as Error & { code?: unknown; statusCode?: unknown };
          return { type: x.name, message: scrub(x.message).slice(0, 500), code: x.code, statusCode: x.statusCode };
        },
      },
    },
    destination,
  );
}

/** Removes anything that looks like a key, signature or bearer token from free text. */
export function scrub(text: string): string {
  return text
    .replace(/(AccountKey|SharedAccessSignature|sig|password|secret)=([^;&\s]+)/gi, '$1=[redacted]')
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '[jwt redacted]');
}
