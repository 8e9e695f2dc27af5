import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may carry secrets or personal data; pino replaces them before a line is written.
 * Code should not log these in the first place; this is the net under it.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-attain-signature"]',
  'req.headers.cookie',
  '*.email',
  '*.secret',
  '*.hmacSecret',
  '*.secretKeyMultibase',
  '*.keyEncryptionKey',
  '*.password',
  'email',
  'secret',
];

export function createLogger(options: { level: string; name?: string; destination?: 1 | 2 }): Logger {
  return pino(
    {
      level: options.level,
      ...(options.name === undefined ? {} : { name: options.name }),
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    pino.destination({ dest: options.destination ?? 1, sync: true }),
  );
}
