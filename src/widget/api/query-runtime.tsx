import { useContext, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { QueryClientSlot } from './client-slot';
import { createQueryClient } from './query-client';

// The browser page's one client, made when a screen first needs it.
let pageClient: QueryClient | undefined;

/** The session's and the link's screens under the page's query client (client-slot.ts). */
export function WithQueryClient({ children }: { children: ReactNode }) {
  const given = useContext(QueryClientSlot);
  const client = given ?? (pageClient ??= createQueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
