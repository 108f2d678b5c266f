import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../webhooks/events';
import { SessionDataResponseSchema, SessionEventsResponseSchema } from '../schemas';
import { fixture } from '../../../test-support/providers/dianhua/helpers';
import { answerFrom } from '../../../test-support/providers/dianhua/stub-client';
import { normalizeReport } from '../../../providers/dianhua/report-map';
import {
  KEY_BANK,
  T0,
  authorize,
  collected,
  iso,
  lenderHarness,
  makeReady,
  putLink,
  putSession,
  loginStep,
} from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';

const ID = 'ses_AbCdEfGhIjKl';
const base = `/api/v1/sessions/${ID}`;
let h: Harness;

beforeEach(async () => {
  h = await lenderHarness();
});
afterEach(async () => h.close());

const errorCode = async (url: string, key?: string) => {
  const response = await h.get(url, key);
  return { status: response.statusCode, code: (response.json() as { error?: { code: string } }).error?.code };
};

describe('GET /api/v1/sessions/:sessionId/data and /raw', () => {
  it('answers the normalized data and the raw payloads once ready', async () => {
    await makeReady(h.store, ID, 'rong360');
    const data = await h.get(`${base}/data`);
    expect(data.statusCode).toBe(200);
    expect(SessionDataResponseSchema.parse(data.json())).toEqual({
      sessionId: ID,
      provider: 'rong360',
      collectedAt: iso(T0 + 600_000),
      data: collected('rong360'),
    });
    const raw = await h.get(`${base}/raw`);
    expect(raw.json()).toEqual({ sessionId: ID, provider: 'rong360', raw: { '/calls': { vendor: 'payload' } } });
  });

  it('answers 409 not_ready before the data is in', async () => {
    await putLink(h.store, ID);
    expect(await errorCode(`${base}/data`)).toEqual({ status: 409, code: 'not_ready' });
    await authorize(h.store, 'ses_CCCCCCCCCCCC', 'rong360');
    expect(await errorCode('/api/v1/sessions/ses_CCCCCCCCCCCC/raw')).toEqual({ status: 409, code: 'not_ready' });
  });

  it('answers 404 not_available when no data will ever come', async () => {
    await authorize(h.store, ID, 'rong360');
    await h.store.collections.markFailed(ID, { code: 'crawl_failed', message: 'The carrier crawl failed' }, iso(T0 + 700_000), []);
    expect(await errorCode(`${base}/data`)).toEqual({ status: 404, code: 'not_available' });
  });

  it('answers 410 purged after retention', async () => {
    await makeReady(h.store, ID, 'rong360');
    await h.store.purge(iso(T0 + 86_400_000), iso(T0 + 86_400_000));
    expect(await errorCode(`${base}/data`)).toEqual({ status: 410, code: 'purged' });
    expect(await errorCode(`${base}/raw`)).toEqual({ status: 410, code: 'purged' });
  });

  it("never answers another lender's data", async () => {
    await makeReady(h.store, ID, 'rong360');
    const response = await h.get(`${base}/data`, KEY_BANK);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('10086');
  });
});

describe('GET /api/v1/sessions/:sessionId/report|score|tags', () => {
  it('answers a ready extra in its neutral shape, says pending with 409 and failed with 200', async () => {
    const wire = answerFrom(fixture('doc-15.5-report.txt')).data;
    const report = normalizeReport(wire);
    await makeReady(
      h.store,
      ID,
      'dianhua',
      {
        report: { status: 'ready', data: report, raw: { 'calls/report': wire } },
        tags: { status: 'failed', code: 'tags_failed', message: 'Tags are unavailable' },
      },
      ['score'],
    );
    const ready = await h.get(`${base}/report`);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ sessionId: ID, status: 'ready', data: { version: 'V2.8.0', overview: { homeRegion: '北京' } } });
    const pending = await h.get(`${base}/score`);
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toEqual({ sessionId: ID, status: 'pending' });
    const failed = await h.get(`${base}/tags`);
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toEqual({ sessionId: ID, status: 'failed', code: 'tags_failed', message: 'Tags are unavailable' });

    // The extras sit inside the normalized data; their vendor payloads only under /raw.
    const data = SessionDataResponseSchema.parse((await h.get(`${base}/data`)).json()).data;
    expect(data.report?.version).toBe('V2.8.0');
    expect(data).toMatchObject({ collectionScore: null, numberTags: null });
    expect(JSON.stringify(data)).not.toContain('tel_info');
    const raw = (await h.get(`${base}/raw`)).json<{ raw: Record<string, unknown> }>().raw;
    expect(Object.keys(raw).sort()).toEqual(['/calls', 'calls/report']);
  });

  it('reads an extra stored as the vendor sent it (before extras were normalized) in the neutral shape', async () => {
    const wire = answerFrom(fixture('doc-16.5-cuishou.json')).data;
    await makeReady(h.store, ID, 'dianhua', { score: { status: 'ready', data: wire } });
    const score = await h.get(`${base}/score`);
    expect(score.json()).toMatchObject({ status: 'ready', data: { scoreId: '2ee8d51feb381c1c72509ee254fccdd9', records: 7 } });
    expect((await h.get(`${base}/raw`)).json<{ raw: Record<string, unknown> }>().raw).toHaveProperty('score');
  });

  it('says pending while a Dianhua session is still collecting', async () => {
    await authorize(h.store, ID, 'dianhua');
    const response = await h.get(`${base}/report`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ sessionId: ID, status: 'pending' });
  });

  it('answers 404 not_available for a Rong360 session, authorized or still in the widget', async () => {
    await makeReady(h.store, ID, 'rong360');
    expect(await errorCode(`${base}/report`)).toEqual({ status: 404, code: 'not_available' });
    await putSession(h.store, 'ses_DDDDDDDDDDDD', loginStep, { provider: 'rong360' });
    expect(await errorCode('/api/v1/sessions/ses_DDDDDDDDDDDD/tags')).toEqual({ status: 404, code: 'not_available' });
  });

  it('answers 404 not_available for an extra that was never requested, and 410 once purged', async () => {
    await makeReady(h.store, ID, 'dianhua', { report: { status: 'ready', data: {} } }, []);
    expect(await errorCode(`${base}/score`)).toEqual({ status: 404, code: 'not_available' });
    await h.store.purge(iso(T0 + 86_400_000), iso(T0 + 86_400_000));
    expect(await errorCode(`${base}/report`)).toEqual({ status: 410, code: 'purged' });
  });
});

describe('GET /api/v1/sessions/:sessionId/events', () => {
  it("lists the session's webhook events with their delivery state, and only to their lender", async () => {
    await authorize(h.store, ID, 'rong360');
    const make = (type: 'authorized' | 'crawl_progress', ms: number) =>
      type === 'authorized'
        ? createEvent({ type, lenderId: 'acme', sessionId: ID, lenderUserId: 'user-42', data: { provider: 'rong360' }, now: T0 + ms })
        : createEvent({
            type,
            lenderId: 'acme',
            sessionId: ID,
            lenderUserId: 'user-42',
            data: { provider: 'rong360', stage: 'calls' },
            now: T0 + ms,
          });
    const first = make('authorized', 0);
    const second = make('crawl_progress', 1000);
    await h.store.outbox.enqueue([first, second]);
    await h.store.outbox.markDelivered(first.id, iso(T0 + 500));
    await h.store.outbox.markRetry(second.id, 1, iso(T0 + 9000), 'http_500');

    const response = await h.get(`${base}/events`);
    expect(response.statusCode).toBe(200);
    expect(SessionEventsResponseSchema.parse(response.json())).toEqual({
      sessionId: ID,
      events: [
        {
          id: first.id,
          type: 'authorized',
          createdAt: iso(T0),
          attempts: 0,
          nextAttemptAt: null,
          deliveredAt: iso(T0 + 500),
          deadAt: null,
          lastError: null,
        },
        {
          id: second.id,
          type: 'crawl_progress',
          createdAt: iso(T0 + 1000),
          attempts: 1,
          nextAttemptAt: iso(T0 + 9000),
          deliveredAt: null,
          deadAt: null,
          lastError: 'http_500',
        },
      ],
    });
    expect(response.body).not.toContain('user-42');
    expect((await h.get(`${base}/events`, KEY_BANK)).statusCode).toBe(404);
  });
});

describe('ID-card numbers: full in the model, masked per lender when answered', () => {
  const FULL = '11010519491231002X';
  const data = {
    ...collected('rong360'),
    subscriber: { ...collected('rong360').subscriber, idCard: FULL, idCardMasking: 'none' as const },
  };
  const raw = { 'wd.api.mobilephone.getdata': { data: { data_list: [{ userdata: { id_card: FULL, real_name: '张三' } }] } } };
  const ready = () => makeReady(h.store, ID, 'rong360', {}, [], { data, raw });
  const subscriberOf = async (url: string, key?: string) => SessionDataResponseSchema.parse((await h.get(url, key)).json()).data.subscriber;

  it('masks them by default, in /data and /raw alike, and refuses idCard=full to a lender not allowed it', async () => {
    await ready();
    expect(await subscriberOf(`${base}/data`)).toMatchObject({ idCard: '1101************2X', idCardMasking: 'carrierlink' });
    const rawText = (await h.get(`${base}/raw`)).body;
    expect(rawText).not.toContain(FULL);
    expect(rawText).toContain('1101************2X');
    expect(rawText).toContain('张三');
    expect(await errorCode(`${base}/data?idCard=full`)).toEqual({ status: 403, code: 'forbidden' });
    expect(await errorCode(`${base}/raw?idCard=full`)).toEqual({ status: 403, code: 'forbidden' });
    expect(await errorCode(`${base}/data?idCard=half`)).toEqual({ status: 400, code: 'bad_request' });
  });

  it('answers them in full to a lender the operator lists, which may still ask for them masked', async () => {
    await h.close();
    h = await lenderHarness({ fullIdCardLenders: ['acme'] });
    await ready();
    expect(await subscriberOf(`${base}/data`)).toMatchObject({ idCard: FULL, idCardMasking: 'none' });
    expect((await h.get(`${base}/raw`)).body).toContain(FULL);
    expect(await subscriberOf(`${base}/data?idCard=masked`)).toMatchObject({ idCard: '1101************2X', idCardMasking: 'carrierlink' });
    expect((await h.get(`${base}/raw?idCard=masked`)).body).not.toContain(FULL);
  });

  it('leaves a number the carrier masked itself as the carrier gave it', async () => {
    await makeReady(h.store, ID, 'rong360');
    expect(await subscriberOf(`${base}/data`)).toMatchObject({ idCard: '1101********12', idCardMasking: 'carrier' });
  });
});
