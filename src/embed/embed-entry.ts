import { createFrame } from './frame';
import { loadModalScript } from './modal-script';
import type { CarrierLinkGlobal } from './types';

/**
 * embed.js (vite.embed.config.ts builds this into one IIFE): installs `window.CarrierLink`. A modal
 * fetches its parts (embed-modal.js) when it is created; inline mode needs nothing more. Loading
 * the script twice keeps the first global, so a page never ends up with two loaders answering the
 * same widget (the double-onSuccess of scripts injected twice).
 */

declare global {
  interface Window {
    CarrierLink?: CarrierLinkGlobal;
  }
}

/** Replaced with package.json's version by the embed build; absent in tests. */
declare const __CARRIERLINK_VERSION__: string | undefined;
const version = typeof __CARRIERLINK_VERSION__ === 'string' ? __CARRIERLINK_VERSION__ : 'dev';

const host = window;
if (!host.CarrierLink) {
  // Only readable while the script first runs: the default server is where embed.js came from
  // (an SVG <script> has no `src`: then `url` is required).
  const script = host.document.currentScript as HTMLScriptElement | null;
  const scriptUrl = script ? script.src : undefined;
  host.CarrierLink = {
    version,
    create: (options) => createFrame(options, host, scriptUrl, (origin) => loadModalScript(host, origin)),
  };
}
