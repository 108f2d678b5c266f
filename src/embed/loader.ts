import { HANDSHAKE_TIMEOUT_MS, PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from './constants';
import { css, isFocusable, lockOverflow } from './dom';
import { isWidgetMessage } from './guards';
import { resolveWidget } from './options';
import type { ExitData, HostEvent, HostMessage, StepInfo } from './protocol';
import type { CarrierLinkHandle, CarrierLinkOptions } from './types';

/**
 * The host-page side of the embed: one iframe per `createCarrierLink` call, talking to the widget
 * over the postMessage protocol of protocol.ts. No React and no zod (embed.js, 2 KB gzip), and
 * nothing runs at import time, so the module is safe to import during server rendering.
 */

/** Where the loader runs: the page's window, and the URL embed.js was loaded from (the default server). */
export interface LoaderEnv {
  window: Window;
  scriptUrl?: string;
}

/** [iframe title and dialog label, loading note, load failure message]; zh-CN unless `locale: 'en'`. */
const ZH_CN = ['运营商授权', '正在加载…', '加载失败'] as const;
const EN = ['Carrier authorization', 'Loading…', 'Failed to load'] as const;

/** Creates the widget's iframe at once (hidden, so it is usually ready by `open()`) and returns its handle. */
export function createCarrierLink(options: CarrierLinkOptions, env?: LoaderEnv): CarrierLinkHandle {
  const win = env ? env.window : window;
  const doc = win.document;
  const { origin, channel, src, container } = resolveWidget(options, win, env && env.scriptUrl);
  const { onSuccess, onExit, onEvent, radius } = options;
  const text = options.locale === 'en' ? EN : ZH_CN;

  const iframe = doc.createElement('iframe');
  iframe.title = text[0];
  let overlay: HTMLElement | null = null;
  let note: HTMLElement | null = null;
  const media = !container && win.matchMedia ? win.matchMedia('(max-width: 480px)') : null;
  // Full screen on narrow viewports, a card of at most 420x760 otherwise, rounded like the widget's.
  const fit = () =>
    css(
      iframe,
      media && media.matches
        ? 'max-width:none;max-height:none;border-radius:0'
        : `max-width:420px;max-height:760px;border-radius:${radius == null ? 12 : radius}px`,
    );
  if (container) {
    css(iframe, 'border:0;width:100%;height:560px;display:none');
    container.appendChild(iframe);
  } else {
    overlay = doc.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', text[0]);
    css(
      overlay,
      'position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;background:#0008;display:none;align-items:center;justify-content:center',
    );
    note = doc.createElement('div');
    note.setAttribute('role', 'status');
    note.textContent = text[1];
    // Absolutely positioned in a flex container: centred, and on top of the invisible iframe.
    css(note, 'position:absolute;color:#fff;font:15px sans-serif');
    // Invisible but focusable until the widget is ready; the loading note shows meanwhile.
    css(iframe, 'border:0;display:block;width:100%;height:100%;opacity:0');
    fit();
    if (media) media.addEventListener('change', fit);
    overlay.append(note, iframe);
    (doc.body || doc.documentElement).appendChild(overlay);
  }
  iframe.src = src;

  let destroyed = false;
  let shown = false;
  /** onExit (or onSuccess) was already reported for the current showing. */
  let left = false;
  let succeeded = false;
  let greeted = false;
  let lastSeq = -1;
  let step: StepInfo | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Undoes the scroll lock of the current modal showing (open() replaces it). */
  let unlock: Array<() => void> = [];
  let restoreFocus: HTMLOrSVGElement | null = null;

  // A throwing host callback must not stop the loader's bookkeeping; rethrow it asynchronously.
  const call = <T>(fn: ((arg: T) => void) | undefined, arg: T) => {
    try {
      if (fn) fn(arg);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  };
  const exit = (data: ExitData) => {
    left = true;
    if (!succeeded) call(onExit, data);
  };
  const hide = () => {
    if (!shown) return;
    shown = false;
    css(overlay || iframe, 'display:none');
    for (const undo of unlock) undo();
    if (restoreFocus) restoreFocus.focus();
  };
  const arm = () => {
    timer = setTimeout(() => {
      timer = undefined;
      hide();
      exit({ reason: 'load_failed', step: null, error: { code: 'load_failed', retryable: true, message: text[2] } });
    }, HANDSHAKE_TIMEOUT_MS);
  };

  const onMessage = (event: MessageEvent) => {
    const target = iframe.contentWindow;
    const message: unknown = event.data;
    if (!target || event.source !== target || event.origin !== origin || !isWidgetMessage(message, channel)) return;
    if (message.type === 'hello') {
      // The widget repeats hello until acknowledged, and says it again after a reload (seq restarts).
      greeted = true;
      lastSeq = -1;
      clearTimeout(timer);
      const ack: HostMessage = { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel, type: 'hello_ack' };
      target.postMessage(ack, origin);
      return;
    }
    if (!greeted || message.seq <= lastSeq) return;
    lastSeq = message.seq;
    // The event's own `{ type, data }` pair (TypeScript cannot correlate two fields of a union).
    call(onEvent, { type: message.type, data: message.data } as HostEvent);
    if (message.type === 'ready' && note) {
      css(note, 'display:none');
      css(iframe, 'opacity:1');
    } else if (message.type === 'step_shown') {
      step = message.data.step;
    } else if (message.type === 'success') {
      left = true;
      if (!succeeded) {
        succeeded = true;
        call(onSuccess, message.data);
      }
    } else if (message.type === 'exit') {
      if (overlay) hide();
      exit(message.data);
    } else if (message.type === 'resize' && container) {
      css(iframe, `height:${message.data.height}px`);
    }
  };
  win.addEventListener('message', onMessage);
  arm();

  return {
    open() {
      if (destroyed) throw new Error('CarrierLink: destroyed; call create() again');
      if (shown) return;
      shown = true;
      left = false;
      // After a load failure, opening again retries: reload the frame and wait for hello anew.
      if (!greeted && !timer) {
        iframe.src = src;
        arm();
      }
      if (!overlay) return css(iframe, 'display:block');
      unlock = [doc.documentElement, doc.body].map(lockOverflow);
      const active = doc.activeElement;
      restoreFocus = isFocusable(active) ? active : null;
      css(overlay, 'display:flex');
      iframe.focus();
    },
    close() {
      if (!shown) return;
      hide();
      if (!left) exit({ reason: 'host_closed', step });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      hide();
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      if (media) media.removeEventListener('change', fit);
      (overlay || iframe).remove();
    },
  };
}
