import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../pages/lender.css';
import { CarrierLinkButton, useCarrierLink } from '../../embed/react';
import type { ExitData, HostEvent, SuccessData } from '../../embed/types';

/** What the example server's POST /link-token answers. */
interface LinkGrant {
  linkToken: string;
  url: string;
}

function isLinkGrant(value: unknown): value is LinkGrant {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.linkToken === 'string' && typeof entry.url === 'string';
}

async function fetchLinkGrant(): Promise<LinkGrant> {
  const params = new URLSearchParams(window.location.search);
  const body: Record<string, string> = {};
  const phone = params.get('phone');
  if (phone) body.phone = phone;
  const response = await fetch('/link-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (!response.ok || !isLinkGrant(json)) throw new Error(`link token request failed: ${response.status}`);
  return json;
}

/** `<CarrierLinkButton>` alone (`?variant=button`): the shortest integration. */
function ConnectButton({ grant }: { grant: LinkGrant }) {
  const [successes, setSuccesses] = useState(0);
  return (
    <section className="card">
      <h2>连接运营商账户</h2>
      <CarrierLinkButton token={grant.linkToken} url={grant.url} onSuccess={() => setSuccesses((count) => count + 1)}>
        连接运营商（按钮组件）
      </CarrierLinkButton>
      <p>
        onSuccess: <output id="success-count">{successes}</output>
      </p>
    </section>
  );
}

/** The lender's connect panel: useCarrierLink for state and a button of the lender's own. */
function Connect({ grant }: { grant: LinkGrant }) {
  const [events, setEvents] = useState<HostEvent[]>([]);
  const [successes, setSuccesses] = useState<SuccessData[]>([]);
  const [exits, setExits] = useState<ExitData[]>([]);
  // A fresh function on every render: the hook must pick up the latest without recreating the iframe.
  const onSuccess = (data: SuccessData) => setSuccesses((list) => [...list, data]);
  const onExit = useCallback((data: ExitData) => setExits((list) => [...list, data]), []);
  const onEvent = useCallback((event: HostEvent) => setEvents((list) => [...list, event]), []);
  const options = { token: grant.linkToken, url: grant.url, onSuccess, onExit, onEvent };
  const { open, ready, error, exit } = useCarrierLink(options);

  return (
    <>
      <section className="card">
        <h2>连接运营商账户</h2>
        <p id="status" role="status">
          {successes.length > 0
            ? `授权成功 · session ${successes[0]?.sessionId ?? ''}`
            : ready
              ? '已就绪'
              : error
                ? `加载失败：${error.reason}`
                : '加载中…'}
        </p>
        <div className="actions">
          <button type="button" onClick={open}>
            连接运营商
          </button>
          <button type="button" className="secondary" onClick={exit}>
            关闭
          </button>
        </div>
      </section>
      <section className="card">
        <h2>回调</h2>
        <p>
          onSuccess: <output id="success-count">{successes.length}</output> · onExit: <output id="exit-count">{exits.length}</output>
        </p>
        <ol id="event-log" aria-label="CarrierLink events">
          {events.map((event, index) => (
            <li key={index}>
              {event.type} {JSON.stringify(event.data)}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function App() {
  const [grant, setGrant] = useState<LinkGrant>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let live = true;
    fetchLinkGrant()
      .then((next) => live && setGrant(next))
      .catch((error: unknown) => live && setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      live = false;
    };
  }, []);
  if (failure) return <p role="alert">{failure}</p>;
  if (!grant) return <p role="status">正在获取授权链接…</p>;
  return new URLSearchParams(window.location.search).get('variant') === 'button' ? (
    <ConnectButton grant={grant} />
  ) : (
    <Connect grant={grant} />
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
