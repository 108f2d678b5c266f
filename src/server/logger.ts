import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './env';

/** Where logs go: stdout by default, a capture stream in tests. */
export interface LoggerSetup {
  level: LogLevel;
  stream?: { write(chunk: string): void };
}

/**
 * pino options for Fastify. Request logs carry method, path (no query string) and id only; the
 * Authorization header and any body are redacted should a handler ever log a request whole.
 */
export function loggerOptions(setup: LoggerSetup): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: setup.level,
    ...(setup.stream ? { stream: setup.stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'req.body',
        'body',
        'values',
        'password',
        '*.password',
        'token',
        // Personal data and secrets the session record holds, should one ever be logged whole.
        'idCard',
        '*.idCard',
        'applicant',
        '*.applicant',
        'adapterState',
        '*.adapterState',
        'appSecret',
        '*.appSecret',
        // Link tokens and lender API keys are bearer credentials; a link's lender user id may be an email.
        'linkToken',
        '*.linkToken',
        'apiKey',
        '*.apiKey',
        'key',
        '*.key',
        'lenderApiKeys',
        '*.lenderApiKeys',
        'lenderUserId',
        '*.lenderUserId',
        'contacts',
        '*.contacts',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req) {
        const url = typeof req.url === 'string' ? req.url.split('?')[0] : undefined;
        return { method: req.method, url };
      },
    },
  };
}
