import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STEP_KINDS, WIDGET_EXIT_REASONS } from '../../../embed/constants';
import { BROWSER_EVENTS_PATH as FLOW_PATH, BROWSER_EXIT_REASONS, SCREEN_KINDS } from '../../../flow/analytics';
import { BrowserEventsRequestSchema } from '../../../flow/browser-events';
import { LINK_TOKEN, TOKEN, linkAnswer, stepAnswer, storeSession } from '../../../test-support/widget/fixtures';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { renderApp } from '../../../test-support/widget/render';
import { BROWSER_EVENTS_PATH, createServerEvents } from '../server-events';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const step = { kind: 'authorize' as const, fields: ['servicePassword'] };

function sent(fetchMock: ReturnType<typeof vi.fn>) {
  return fetchMock.mock.calls.map(([path, init]) => {
    const request = init as RequestInit;
    return {
      path,
      authorization: new Headers(request.headers).get('authorization'),
      keepalive: request.keepalive,
      body: JSON.parse(String(request.body)) as unknown,
    };
  });
}

describe('server events (step analytics from the browser)', () => {
  it('speaks the server endpoint exactly: path, screen kinds and exit reasons', () => {
    expect(BROWSER_EVENTS_PATH).toBe(FLOW_PATH);
    expect([...SCREEN_KINDS]).toEqual([...STEP_KINDS]);
    for (const reason of WIDGET_EXIT_REASONS) expect(BROWSER_EXIT_REASONS).toContain(reason);
  });

  it('tells each screen and the exit once, with the link token until a session exists, then its token', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    let session: string | undefined;
    const events = createServerEvents({ linkToken: LINK_TOKEN, sessionToken: () => session, fetch: fetchMock });
    events.emit({ type: 'step_shown', data: { step: { kind: 'phone', fields: ['phone'] } } });
    events.emit({ type: 'submitted', data: { step: { kind: 'phone', fields: ['phone'] } } });
    session = TOKEN;
    events.emit({ type: 'step_shown', data: { step } });
    events.emit({ type: 'resize', data: { height: 600 } });
    events.emit({ type: 'exit', data: { reason: 'user_closed', step } });
    window.dispatchEvent(new Event('pagehide'));
    events.close();
    const requests = sent(fetchMock);
    expect(requests).toEqual([
      {
        path: BROWSER_EVENTS_PATH,
        authorization: `Bearer ${LINK_TOKEN}`,
        keepalive: true,
        body: { events: [{ kind: 'screen_view', screen: 'phone', fields: ['phone'] }] },
      },
      {
        path: BROWSER_EVENTS_PATH,
        authorization: `Bearer ${TOKEN}`,
        keepalive: true,
        body: { events: [{ kind: 'screen_view', screen: 'authorize', fields: ['servicePassword'] }] },
      },
      {
        path: BROWSER_EVENTS_PATH,
        authorization: `Bearer ${TOKEN}`,
        keepalive: true,
        body: { events: [{ kind: 'exit', reason: 'user_closed', screen: 'authorize', fields: ['servicePassword'] }] },
      },
    ]);
    // Every body is one the server accepts.
    for (const request of requests) expect(BrowserEventsRequestSchema.safeParse(request.body).success).toBe(true);
  });

  it('says page_left when the page goes away without an exit, and ignores a failing network', async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const events = createServerEvents({ linkToken: LINK_TOKEN, sessionToken: () => undefined, fetch: fetchMock });
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).not.toHaveBeenCalled();
    events.emit({ type: 'step_shown', data: { step } });
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('pagehide'));
    events.close();
    window.dispatchEvent(new Event('pagehide'));
    expect(sent(fetchMock).map((request) => request.body)).toEqual([
      { events: [{ kind: 'screen_view', screen: 'authorize', fields: ['servicePassword'] }] },
      { events: [{ kind: 'exit', reason: 'page_left', screen: 'authorize', fields: ['servicePassword'] }] },
    ]);
  });

  it('reports the link page even outside a lender frame (a webview opening the link), with the stored session token', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const { fetchMock } = stubFetch((request) => {
      if (request.path === '/api/link') return linkAnswer({ state: 'used' });
      if (request.path === BROWSER_EVENTS_PATH) return { status: 200, body: {} };
      return stepAnswer({ type: 'authorized', id: 'done' });
    });
    const events = createServerEvents({ linkToken: LINK_TOKEN });
    renderApp({ params: { linkToken: LINK_TOKEN, mode: 'modal' }, bridge: null, serverEvents: events });
    // The authorized screen is a lazy chunk: its first import under a busy test run can be slow.
    expect(await screen.findByRole('heading', { name: '授权成功' }, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(fetchMock.mock.calls.some(([path]) => path === BROWSER_EVENTS_PATH)).toBe(true));
    const call = fetchMock.mock.calls.find(([path]) => path === BROWSER_EVENTS_PATH);
    expect(new Headers((call?.[1] as RequestInit).headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    events.close();
  });
});
