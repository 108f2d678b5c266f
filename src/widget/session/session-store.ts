import { CARRIERS, type Carrier } from '../../flow/phone';

// sessionStorage keeps the session across a reload but not across tabs or browser restarts.
const STORAGE_KEY = 'carrierlink.session';

/** What the widget keeps in the browser between reloads. */
export interface StoredSession {
  token: string;
  /** Already masked (138****8000): the full number is never stored in the browser. */
  maskedPhone: string;
  carrier?: Carrier;
  /** The link token the session was opened from; absent for the token-less page. */
  linkToken?: string;
}

// Checked by hand rather than with zod: this runs before the first render, and zod's core stays
// out of the entry chunk (see api/response-schemas.ts). The entry is our own, written below.
function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.token === 'string' &&
    entry.token.length >= 16 &&
    typeof entry.maskedPhone === 'string' &&
    (entry.carrier === undefined || CARRIERS.some((carrier) => carrier === entry.carrier)) &&
    (entry.linkToken === undefined || typeof entry.linkToken === 'string')
  );
}

// Storage can throw (blocked third-party storage in an iframe); the session then lives in memory only.
let memory: StoredSession | undefined;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function readAny(): StoredSession | undefined {
  const store = storage();
  if (!store) return memory;
  let raw: string | null;
  try {
    raw = store.getItem(STORAGE_KEY);
  } catch {
    return memory;
  }
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isStoredSession(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stored session of this page: opened from `linkToken`, or from the token-less page when it is
 * undefined. A session of another link (or of the other kind of page) is not this page's to resume.
 */
export function readStoredSession(linkToken?: string): StoredSession | undefined {
  const session = readAny();
  return session?.linkToken === linkToken ? session : undefined;
}

export function writeStoredSession(session: StoredSession): void {
  memory = session;
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // memory copy above is enough for this page's lifetime
  }
}

export function clearStoredSession(): void {
  memory = undefined;
  try {
    storage()?.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
