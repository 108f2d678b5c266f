import { vi } from 'vitest';
import { createCarrierLink } from '../../embed/loader';
import type { CarrierLinkHandle, CarrierLinkOptions } from '../../embed/types';

/** A link token of the right shape (never a real one). */
export const TOKEN = `lt_${'A'.repeat(43)}`;
export const WIDGET_URL = 'https://link.example.com';
export const WIDGET_ORIGIN = 'https://link.example.com';

export function onlyIframe(): HTMLIFrameElement {
  const frames = document.querySelectorAll('iframe');
  const frame = frames[0];
  if (frames.length !== 1 || !frame) throw new Error(`expected one iframe, found ${frames.length}`);
  return frame;
}

export function widgetWindow(iframe: HTMLIFrameElement): Window {
  const target = iframe.contentWindow;
  if (!target) throw new Error('the iframe has no window (not in the document?)');
  return target;
}

/** Plays the widget's side: messages as if posted from the iframe to the page. */
export function fakeWidget(iframe: HTMLIFrameElement) {
  const channel = new URL(iframe.src).searchParams.get('channel') ?? '';
  const envelope = { ns: 'carrierlink', v: 1, channel } as const;
  let seq = 0;
  const post = (data: unknown, from: { origin?: string; source?: Window } = {}) =>
    window.dispatchEvent(
      new MessageEvent('message', { data, origin: from.origin ?? WIDGET_ORIGIN, source: from.source ?? widgetWindow(iframe) }),
    );
  return {
    channel,
    envelope,
    post,
    hello: () => post({ ...envelope, type: 'hello' }),
    /** An event with the next seq (or the one given). */
    event: (type: string, data: unknown, at?: number) => post({ ...envelope, type, seq: at ?? seq++, data }),
  };
}

export interface Harness {
  handle: CarrierLinkHandle;
  iframe: HTMLIFrameElement;
  widget: ReturnType<typeof fakeWidget>;
  onSuccess: ReturnType<typeof vi.fn>;
  onExit: ReturnType<typeof vi.fn>;
  onEvent: ReturnType<typeof vi.fn>;
  /** The spy on the widget window's postMessage: what the loader sent it. */
  sent: ReturnType<typeof vi.fn>;
}

const created: CarrierLinkHandle[] = [];

/** Destroys every instance createHarness made, so no listener outlives its test. */
export function destroyHarnesses(): void {
  for (const handle of created.splice(0)) handle.destroy();
}

export function createHarness(options: Partial<CarrierLinkOptions> = {}): Harness {
  const onSuccess = vi.fn();
  const onExit = vi.fn();
  const onEvent = vi.fn();
  const handle = createCarrierLink({ token: TOKEN, url: WIDGET_URL, onSuccess, onExit, onEvent, ...options });
  created.push(handle);
  const iframe = onlyIframe();
  const sent = vi.fn();
  vi.spyOn(widgetWindow(iframe), 'postMessage').mockImplementation(sent);
  return { handle, iframe, widget: fakeWidget(iframe), onSuccess, onExit, onEvent, sent };
}
