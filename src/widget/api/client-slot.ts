import { createContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';

/**
 * The query client the page was given (the server's render, tests), or null: then the session and
 * link screens make the browser's own. A plain context, so the first load carries no query library
 * (the phone step needs none); query-runtime.tsx, in the lazy chunks, provides the client.
 */
export const QueryClientSlot = createContext<QueryClient | null>(null);
