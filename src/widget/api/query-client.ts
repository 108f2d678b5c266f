import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './http';

/** Reads retry a dropped connection twice; writes never retry (an SMS code must not be sent twice). */
export function createQueryClient(options: { retryReads?: boolean } = {}): QueryClient {
  const retryReads = options.retryReads ?? true;
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => retryReads && failures < 2 && error instanceof ApiRequestError && error.code === 'network_error',
      },
      mutations: { retry: false },
    },
  });
}
