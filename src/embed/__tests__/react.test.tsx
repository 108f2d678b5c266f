import { StrictMode, useEffect } from 'react';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HANDSHAKE_TIMEOUT_MS } from '../constants';
import { CarrierLinkButton, useCarrierLink } from '../react';
import type { UseCarrierLinkOptions } from '../react';
import { TOKEN, WIDGET_URL, fakeWidget, onlyIframe } from '../../test-support/embed/harness';

const overlayShown = () => onlyIframe().closest<HTMLElement>('[role="dialog"]')?.style.getPropertyValue('display') === 'flex';

/** Shows the hook's state, as a lender's page would. */
function Status(props: UseCarrierLinkOptions) {
  const { ready, error } = useCarrierLink(props);
  return (
    <p>
      <output aria-label="ready">{String(ready)}</output>
      <output aria-label="error">{error ? error.reason : 'none'}</output>
    </p>
  );
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('CarrierLinkButton', () => {
  it('ends StrictMode mount/unmount/mount with one iframe and calls onSuccess once', () => {
    const onSuccess = vi.fn();
    render(
      <StrictMode>
        <CarrierLinkButton token={TOKEN} url={WIDGET_URL} onSuccess={onSuccess}>
          Connect
        </CarrierLinkButton>
      </StrictMode>,
    );
    expect(document.querySelectorAll('iframe')).toHaveLength(1);
    expect(document.querySelectorAll('[role="dialog"]')).toHaveLength(1);
    const widget = fakeWidget(onlyIframe());
    act(() => {
      widget.hello();
      widget.event('success', { sessionId: 's_1', taskId: 't_1' });
      widget.event('success', { sessionId: 's_1', taskId: 't_1' });
    });
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith({ sessionId: 's_1', taskId: 't_1' });
  });

  it('is a real button that opens the modal, which shows loading before the widget is ready', async () => {
    render(
      <CarrierLinkButton token={TOKEN} url={WIDGET_URL} onSuccess={() => undefined} className="primary">
        Connect
      </CarrierLinkButton>,
    );
    const button = screen.getByRole('button', { name: 'Connect' });
    expect(button).toHaveClass('primary');
    expect(button).toHaveAttribute('type', 'button');
    await userEvent.click(button);
    expect(overlayShown()).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('正在加载…');
  });

  it('uses the latest callbacks without recreating the iframe', () => {
    const first = vi.fn();
    const second = vi.fn();
    const props = { token: TOKEN, url: WIDGET_URL, children: 'Connect' };
    const view = render(<CarrierLinkButton {...props} onSuccess={first} />);
    const iframe = onlyIframe();
    view.rerender(<CarrierLinkButton {...props} onSuccess={second} />);
    expect(onlyIframe()).toBe(iframe);
    const widget = fakeWidget(iframe);
    act(() => {
      widget.hello();
      widget.event('success', { sessionId: 's_1', taskId: 't_1' });
    });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('makes a new instance when the token changes, and removes the iframe on unmount', () => {
    const props = { url: WIDGET_URL, onSuccess: () => undefined };
    const view = render(<CarrierLinkButton {...props} token={TOKEN} />);
    const iframe = onlyIframe();
    view.rerender(<CarrierLinkButton {...props} token={`lt_${'B'.repeat(43)}`} />);
    expect(onlyIframe()).not.toBe(iframe);
    expect(new URL(onlyIframe().src).searchParams.get('link_token')).toBe(`lt_${'B'.repeat(43)}`);
    view.unmount();
    expect(document.querySelector('iframe')).toBeNull();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });
});

describe('useCarrierLink', () => {
  it('reports ready after the widget says so', () => {
    render(<Status token={TOKEN} url={WIDGET_URL} onSuccess={() => undefined} />);
    expect(screen.getByLabelText('ready')).toHaveTextContent('false');
    const widget = fakeWidget(onlyIframe());
    act(() => {
      widget.hello();
      widget.event('ready', { locale: 'zh-CN' });
    });
    expect(screen.getByLabelText('ready')).toHaveTextContent('true');
  });

  it('exposes a load failure as error and passes it to onExit', () => {
    vi.useFakeTimers();
    const onExit = vi.fn();
    render(<Status token={TOKEN} url={WIDGET_URL} onSuccess={() => undefined} onExit={onExit} />);
    act(() => {
      vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS);
    });
    expect(screen.getByLabelText('error')).toHaveTextContent('load_failed');
    expect(onExit).toHaveBeenCalledWith(expect.objectContaining({ reason: 'load_failed' }));
  });

  it('opens through open() and closes through exit(), reporting host_closed', async () => {
    const onExit = vi.fn();
    function Controls() {
      const { open, exit } = useCarrierLink({ token: TOKEN, url: WIDGET_URL, onSuccess: () => undefined, onExit });
      return (
        <>
          <button type="button" onClick={open}>
            Open
          </button>
          <button type="button" onClick={exit}>
            Close
          </button>
        </>
      );
    }
    render(<Controls />);
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(overlayShown()).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(overlayShown()).toBe(false);
    expect(onExit).toHaveBeenCalledExactlyOnceWith({ reason: 'host_closed', step: null });
  });

  it('opens once the instance exists when open() is called before it does', () => {
    function OpensAtOnce({ open }: { open: () => void }) {
      // A child's effect runs before its parent's: the parent's instance does not exist yet.
      useEffect(() => open(), [open]);
      return null;
    }
    function Host() {
      const { open } = useCarrierLink({ token: TOKEN, url: WIDGET_URL, onSuccess: () => undefined });
      return <OpensAtOnce open={open} />;
    }
    render(<Host />);
    expect(overlayShown()).toBe(true);
  });
});
