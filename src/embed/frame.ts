import { HANDSHAKE_TIMEOUT_MS, PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from './constants';
import { isWidgetMessage } from './guards';
import type { CreateModal, ModalParts } from './modal';
import { resolveWidget } from './options';
import type { ExitData, HostEvent, HostMessage, StepInfo } from './protocol';
import type { CarrierLinkHandle, CarrierLinkOptions } from './types';

/**
 * The host-page side of the embed: one iframe per call, talking to the widget over the postMessage
 * protocol of protocol.ts, with the origin check and the shape guard. No React, no zod and no modal
 * parts (modal.ts, which embed.js fetches as a second script), so embed.js stays within 2 KB gzip;
 * nothing runs at import time, so the module is safe to import during server rendering.
 */

/**
 * The modal's parts: the factory itself (bundled loaders), or a promise of it (embed.js loads
 * embed-modal.js from the widget's origin). Asked again after a failure, when the modal is opened.
 */
export type ModalSource = (origin: string) => CreateModal | Promise<CreateModal>;

/** [iframe title and dialog label, load failure message]; zh-CN unless `locale: 'en'`. */
const ZH_CN = ['运营商授权', '加载失败'] as const;
const EN = ['Carrier authorization', 'Failed to load'] as const;

/**
 * Creates the widget's iframe at once (hidden, so it is usually ready by `open()`) and returns its
 * handle. `scriptUrl`: where embed.js was loaded from (the default server). Positional arguments,
 * as embed.js counts every byte.
 */
export function createFrame(
  options: CarrierLinkOptions,
  win: Window,
  scriptUrl: string | undefined,
  modalSource: ModalSource,
): CarrierLinkHandle {
  const { origin, channel, src, container } = resolveWidget(options, win, scriptUrl);
  const { onSuccess, onExit, onEvent, radius } = options;
  const en = options.locale === 'en';
  const text = en ? EN : ZH_CN;

  const iframe = win.document.createElement('iframe');
  // Style properties, never a style attribute: host pages with a strict CSP drop those.
  const style = iframe.style;
  iframe.title = text[0];
  iframe.src = src;
  /** The modal's overlay, once its parts have arrived (the iframe is in the page from then on). */
  let modal: ModalParts | null = null;
  let destroyed = false;
  let shown = false;
  /** onExit (or onSuccess) was already reported for the current showing. */
  let left = false;
  let succeeded = false;
  let greeted = false;
  let lastSeq = -1;
  let step: StepInfo | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

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
    // (A modal whose parts have not arrived has nothing on the page to hide.)
    if (modal) modal.hide();
    else style.display = 'none';
  };
  const fail = () => {
    timer = undefined;
    hide();
    exit({ reason: 'load_failed', step: null, error: { code: 'load_failed', retryable: true, message: text[1] } });
  };
  const arm = () => {
    timer = setTimeout(fail, HANDSHAKE_TIMEOUT_MS);
  };
  const attach = (create: CreateModal) => {
    if (destroyed || modal) return;
    modal = create(win, iframe, en, radius);
    if (shown) modal.show();
  };
  // The modal's parts: at once when bundled, else after embed-modal.js arrives (the iframe starts
  // loading then). A script that cannot load fails the load now rather than at the timeout.
  const build = () => {
    const made = modalSource(origin);
    if (typeof made === 'function') attach(made);
    else
      made.then(attach, () => {
        if (destroyed || !timer) return;
        clearTimeout(timer);
        fail();
      });
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
    if (message.type === 'ready' && modal) {
      modal.ready();
    } else if (message.type === 'step_shown') {
      step = message.data.step;
    } else if (message.type === 'success') {
      left = true;
      if (!succeeded) {
        succeeded = true;
        call(onSuccess, message.data);
      }
    } else if (message.type === 'exit') {
      if (!container) hide();
      exit(message.data);
    } else if (message.type === 'resize' && container) {
      style.height = `${message.data.height}px`;
    }
  };
  win.addEventListener('message', onMessage);
  arm();
  if (container) {
    style.cssText = 'border:0;width:100%;height:560px;display:none';
    container.appendChild(iframe);
  } else build();

  return {
    open() {
      if (destroyed) throw new Error('CarrierLink: destroyed; call create() again');
      if (shown) return;
      shown = true;
      left = false;
      // After a load failure, opening again retries: reload the frame (or fetch the modal's parts
      // again) and wait for hello anew.
      if (!greeted && !timer) {
        iframe.src = src;
        arm();
        if (!container && !modal) build();
      }
      if (modal) modal.show();
      else style.display = 'block';
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
      if (modal) modal.remove();
      else iframe.remove();
    },
  };
}
