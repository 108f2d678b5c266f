import { describe, expect, it } from 'vitest';
import { EVENT_ID_PATTERN, WebhookEventSchema, createEvent } from '../events';

const NOW = Date.parse('2030-03-01T08:00:00.000Z');
const base = { lenderId: 'acme', sessionId: 'ses_AAAAAAAAAAAA', lenderUserId: 'user-42', now: NOW };

describe('webhook events', () => {
  it('builds an outbox entry whose payload is the full body the lender receives', () => {
    const event = createEvent({
      ...base,
      type: 'data_ready',
      data: { provider: 'rong360', counts: { calls: 10, sms: 4, bills: 6 }, extras: {} },
    });
    expect(event.id).toMatch(EVENT_ID_PATTERN);
    expect(event).toMatchObject({
      lenderId: 'acme',
      type: 'data_ready',
      sessionId: 'ses_AAAAAAAAAAAA',
      createdAt: '2030-03-01T08:00:00.000Z',
    });
    expect(event.payload).toEqual({
      id: event.id,
      type: 'data_ready',
      createdAt: '2030-03-01T08:00:00.000Z',
      sessionId: 'ses_AAAAAAAAAAAA',
      lenderUserId: 'user-42',
      mode: 'initial',
      previousSessionId: null,
      data: { provider: 'rong360', counts: { calls: 10, sms: 4, bills: 6 }, extras: {} },
    });
    expect(WebhookEventSchema.safeParse(event.payload).success).toBe(true);
  });

  it('gives every event its own id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createEvent({ ...base, type: 'authorized', data: { provider: 'dianhua' } }).id));
    expect(ids.size).toBe(50);
  });

  it('builds failed and crawl_progress events', () => {
    expect(
      createEvent({ ...base, type: 'failed', data: { provider: 'dianhua', code: 'crawl_failed', message: 'The carrier crawl failed' } })
        .payload,
    ).toMatchObject({
      data: { code: 'crawl_failed' },
    });
    expect(createEvent({ ...base, type: 'crawl_progress', data: { provider: 'rong360', stage: 'calls' } }).type).toBe('crawl_progress');
  });

  it('refuses a body that does not match its type, at the source', () => {
    expect(() => createEvent({ ...base, type: 'data_ready', data: { provider: 'rong360' } })).toThrow();
    expect(() => createEvent({ ...base, type: 'crawl_progress', data: { provider: 'rong360', stage: 'unknown' } })).toThrow();
    expect(() => createEvent({ ...base, type: 'authorized', data: { provider: 'rong360', phone: '13800138000' } })).toThrow();
  });
});
