import { createFrame } from './frame';
import { createModal } from './modal';
import type { CarrierLinkHandle, CarrierLinkOptions } from './types';

/**
 * The loader for lenders who bundle CarrierLink (index.ts, react.tsx): the frame and its modal
 * parts in one module, nothing fetched at `create()`. embed.js uses the same frame and fetches the
 * modal parts instead (embed-entry.ts). Nothing runs at import time (safe during server rendering).
 */

/** Where the loader runs: the page's window, and the URL embed.js was loaded from (the default server). */
export interface LoaderEnv {
  window: Window;
  scriptUrl?: string;
}

/** Creates the widget's iframe at once (hidden, so it is usually ready by `open()`) and returns its handle. */
export function createCarrierLink(options: CarrierLinkOptions, env?: LoaderEnv): CarrierLinkHandle {
  return createFrame(options, env ? env.window : window, env && env.scriptUrl, () => createModal);
}
