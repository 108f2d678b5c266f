import { describe, expect, it } from 'vitest';
import { clearStoredSession, readStoredSession, writeStoredSession } from '../session-store';
import { toSnapshot } from '../snapshot';

describe('session store', () => {
  it('round-trips the session through sessionStorage and clears it', () => {
    writeStoredSession({ token: 'tok_0123456789abcdef', maskedPhone: '138****8000', carrier: 'chinaMobile' });
    expect(readStoredSession()).toEqual({ token: 'tok_0123456789abcdef', maskedPhone: '138****8000', carrier: 'chinaMobile' });
    clearStoredSession();
    expect(readStoredSession()).toBeUndefined();
  });

  it('returns a session only to the page of its own link (or to the token-less page)', () => {
    const linked = { token: 'tok_0123456789abcdef', maskedPhone: '138****8000', linkToken: `lt_${'a'.repeat(43)}` };
    writeStoredSession(linked);
    expect(readStoredSession(linked.linkToken)).toEqual(linked);
    expect(readStoredSession(`lt_${'b'.repeat(43)}`)).toBeUndefined();
    expect(readStoredSession()).toBeUndefined();
    writeStoredSession({ token: 'tok_0123456789abcdef', maskedPhone: '138****8000' });
    expect(readStoredSession(linked.linkToken)).toBeUndefined();
    expect(readStoredSession()).toMatchObject({ token: 'tok_0123456789abcdef' });
  });

  it('ignores a tampered or malformed entry', () => {
    window.sessionStorage.setItem('carrierlink.session', '{"token":"short"}');
    expect(readStoredSession()).toBeUndefined();
    window.sessionStorage.setItem(
      'carrierlink.session',
      JSON.stringify({ token: 'tok_0123456789abcdef', maskedPhone: 'x', linkToken: 42 }),
    );
    expect(readStoredSession()).toBeUndefined();
    window.sessionStorage.setItem('carrierlink.session', 'not json');
    expect(readStoredSession()).toBeUndefined();
  });

  it('measures how far the server clock is ahead of the device', () => {
    const snapshot = toSnapshot(
      { step: { type: 'authorized', id: 'a' }, serverTime: '2026-11-20T08:00:10.000Z' },
      Date.parse('2026-11-20T08:00:00.000Z'),
    );
    expect(snapshot.skewMs).toBe(10_000);
  });
});
