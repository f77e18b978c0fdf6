import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';
import { scrubSecrets } from './mask-secret';

export type { Logger };

/**
 * Structured JSON logs on stdout (the guide: "logs on stdout, configured through LOG_LEVEL").
 * Secrets never reach a line: known fields are censored, and every string is scrubbed for
 * anything shaped like a token or key, plus the exact secrets the gateway knows at start.
 */
export function createLogger(level: LogLevel, options: { destination?: DestinationStream; secrets?: () => readonly string[] } = {}): Logger {
  const secrets = options.secrets ?? (() => []);
  return pino(
    {
      level,
      base: { service: 'passerelle-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]',
          'headers.authorization', '*.token', '*.apiKey', '*.accessToken', '*.adminToken', 'token', 'apiKey', 'accessToken', 'adminToken',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => scrubObject(obj, secrets()) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets()) : a)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function scrubObject(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: scrubSecrets(value.message, secrets), stack: value.stack ? scrubSecrets(value.stack, secrets) : undefined };
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubObject(v, secrets, depth + 1);
  return out;
}
