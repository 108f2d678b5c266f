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
