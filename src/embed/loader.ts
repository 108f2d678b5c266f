import {
  BRAND_PATTERN,
  HANDSHAKE_TIMEOUT_MS,
  MAX_RADIUS,
  PARAM_BRAND,
  PARAM_CHANNEL,
  PARAM_LINK_TOKEN,
  PARAM_LOCALE,
  PARAM_MODE,
  PARAM_PARENT_ORIGIN,
  PARAM_RADIUS,
  PARAM_THEME,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
} from './constants';
import { LINK_TOKEN_RE, isWidgetMessage } from './guards';
import type { ExitData, HostEvent, HostMessage, StepInfo } from './protocol';
import type { CarrierLinkHandle, CarrierLinkOptions } from './types';

/**
 * The host-page side of the embed: one iframe per `createCarrierLink` call, talking to the widget
 * over the postMessage protocol of protocol.ts. No React and no zod (embed.js, 3 KB gzip), and
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

// CSSOM only (`style.setProperty`): host pages with a strict CSP drop style attributes and <style>.
// Declarations are written `name:value;...` because that is what compresses best in embed.js.
function css(el: HTMLElement, declarations: string): void {
  for (const declaration of declarations.split(';')) {
    const colon = declaration.indexOf(':');
    el.style.setProperty(declaration.slice(0, colon), declaration.slice(colon + 1));
  }
}

/**
 * Sets `overflow: hidden !important` on `el` and returns the undo. When nothing else touched the
 * element's inline style meanwhile, the undo puts back the exact declaration text (order included)
 * or drops a style attribute the element did not have; otherwise it puts back the previous value and
 * priority of the overflow properties only (as the shorthand, or the two longhands when they
 * differed), keeping the page's own changes. CSSOM only (`cssText`), never `setAttribute('style')`.
 */
function lockOverflow(el: HTMLElement): () => void {
  const style = el.style;
  const had = el.hasAttribute('style');
  const saved = style.cssText;
  const read = (name: string) => [name, style.getPropertyValue(name), style.getPropertyPriority(name)] as const;
  const shorthand = read('overflow');
  const longhands = [read('overflow-x'), read('overflow-y')];
  style.setProperty('overflow', 'hidden', 'important');
  const ours = style.cssText;
  return () => {
    if (style.cssText === ours) style.cssText = saved;
    else {
      if (!shorthand[1]) style.removeProperty('overflow');
      for (const [name, value, priority] of shorthand[1] ? [shorthand] : longhands) if (value) style.setProperty(name, value, priority);
    }
    if (!had && !el.getAttribute('style')) el.removeAttribute('style');
  };
}

const isFocusable = (el: Element | null): el is Element & HTMLOrSVGElement => !!el && 'focus' in el;

/** Options are checked loudly: a wrong option is a TypeError at create(), not a widget that never opens. */
function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new TypeError(`CarrierLink: ${message}`);
}

/** The widget's server origin: `url`, else where embed.js came from; one message covers both mistakes. */
function widgetOrigin(url: string | undefined): string {
  let origin = '';
  try {
    const parsed = new URL(url || '');
    if (/^https?:$/.test(parsed.protocol)) origin = parsed.origin;
  } catch {
    // Missing or not a URL: reported below.
  }
  check(origin, 'pass `url`: the http(s) URL of your CarrierLink server');
  return origin;
}

/** Creates the widget's iframe at once (hidden, so it is usually ready by `open()`) and returns its handle. */
export function createCarrierLink(options: CarrierLinkOptions, env?: LoaderEnv): CarrierLinkHandle {
  const win = env ? env.window : window;
  const doc = win.document;
  const { token, onSuccess, onExit, onEvent, locale, theme, brand, radius, container: where } = options;
  check(LINK_TOKEN_RE.test(token), '`token` must be a link token (lt_…)');
  check(typeof onSuccess === 'function', '`onSuccess` must be a function');
  check(brand == null || BRAND_PATTERN.test(brand), '`brand`: #rgb or #rrggbb');
  check(radius == null || (Number.isInteger(radius) && radius >= 0 && radius <= MAX_RADIUS), `\`radius\`: whole number 0-${MAX_RADIUS}`);
  let container: HTMLElement | null = null;
  try {
    container = typeof where === 'string' ? doc.querySelector<HTMLElement>(where) : where || null;
  } catch {
    // An invalid selector: reported below like one that matches nothing.
  }
  check(where == null || (container && container.nodeType === 1), '`container` matches no element');
  const origin = widgetOrigin(options.url || (env && env.scriptUrl));

  const text = locale === 'en' ? EN : ZH_CN;
  // 128 random bits as four decimal numbers: `cl` and 7 to 43 characters of CHANNEL_PATTERN's alphabet.
  const channel = `cl${win.crypto.getRandomValues(new Uint32Array(4)).join('_')}`;
  const query = new URLSearchParams({
    [PARAM_LINK_TOKEN]: token,
    [PARAM_CHANNEL]: channel,
    [PARAM_PARENT_ORIGIN]: win.location.origin,
    [PARAM_MODE]: container ? 'inline' : 'modal',
  });
  if (locale) query.set(PARAM_LOCALE, locale);
  if (theme) query.set(PARAM_THEME, theme);
  if (brand) query.set(PARAM_BRAND, brand);
  if (radius != null) query.set(PARAM_RADIUS, `${radius}`);
  const src = `${origin}/?${query}`;

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
  let restoreFocus: (Element & HTMLOrSVGElement) | null = null;

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
    if (!target || event.source !== target || event.origin !== origin || !isWidgetMessage(message) || message.channel !== channel) return;
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
