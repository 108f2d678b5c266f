import { MODAL_HOOK, MODAL_SCRIPT } from './constants';
import type { CreateModal } from './modal';

/**
 * embed.js's way to the modal parts: a classic <script> for embed-modal.js from the widget's origin
 * (the server that serves embed.js and the widget). The embed build pins its hash (Subresource
 * Integrity, so a page that pins embed.js pins the modal too) and puts a piece of the hash on the
 * URL, so a cached copy of another release is never asked for.
 */

/** Set by the embed build (vite.embed.config.ts): embed-modal.js's `sha256-…` integrity; absent in tests. */
declare const __CARRIERLINK_MODAL_SRI__: string | undefined;

type HookedScript = HTMLScriptElement & { [MODAL_HOOK]?: (create: CreateModal) => void };

/** Adds the script to the page; resolves with the parts it hands over, rejects when it cannot load. */
export const loadModalScript = (win: Window, origin: string): Promise<CreateModal> =>
  new Promise((resolve, reject) => {
    const script: HookedScript = win.document.createElement('script');
    const sri = typeof __CARRIERLINK_MODAL_SRI__ === 'string' ? __CARRIERLINK_MODAL_SRI__ : '';
    script.src = `${origin}/${MODAL_SCRIPT}?${sri.slice(7, 15)}`;
    if (sri) {
      script.integrity = sri;
      script.crossOrigin = 'anonymous';
    }
    script[MODAL_HOOK] = resolve;
    script.onerror = reject;
    win.document.documentElement.appendChild(script);
  });
