import { css, isFocusable, lockOverflow } from './dom';

/**
 * The modal's parts of the host page: the dim overlay (a labelled dialog), the loading note, the
 * card's size and corners, the page's scroll lock and the focus put back on close. embed.js loads
 * them as a second script (embed-modal.js) when a modal is created, so pages that only include
 * the loader, or embed inline, never download them; bundled loaders (loader.ts) import them.
 */

/** What the loader (frame.ts) drives; every method is idempotent where the loader needs it. */
export interface ModalParts {
  /** Locks the page's scroll, remembers the focus, shows the overlay and focuses the iframe. */
  show(): void;
  /** Hides the overlay, unlocks the scroll and gives the focus back. */
  hide(): void;
  /** The widget said it is ready: the loading note goes, the iframe shows. */
  ready(): void;
  /** Removes the overlay (with the iframe) and its listener. */
  remove(): void;
}

/**
 * Builds the overlay around the widget's `iframe` (labelled by its title) and puts it into the page,
 * hidden until show(). `en`: the loading note in English; `radius`: the card's corners in px
 * (default 12; full screen has none). Positional, as embed.js counts every byte.
 */
export type CreateModal = (win: Window, iframe: HTMLIFrameElement, en: boolean, radius: number | undefined) => ModalParts;

export const createModal: CreateModal = (win, iframe, en, radius) => {
  const doc = win.document;
  const media = win.matchMedia ? win.matchMedia('(max-width: 480px)') : null;
  // Full screen on narrow viewports, a card of at most 420x760 otherwise, rounded like the widget's.
  const fit = () =>
    css(
      iframe,
      media && media.matches
        ? 'max-width:none;max-height:none;border-radius:0'
        : `max-width:420px;max-height:760px;border-radius:${radius == null ? 12 : radius}px`,
    );
  const overlay = doc.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', iframe.title);
  css(
    overlay,
    'position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;background:#0008;display:none;align-items:center;justify-content:center',
  );
  const note = doc.createElement('div');
  note.setAttribute('role', 'status');
  note.textContent = en ? 'Loading…' : '正在加载…';
  // Absolutely positioned in a flex container: centred, and on top of the invisible iframe.
  css(note, 'position:absolute;color:#fff;font:15px sans-serif');
  // Invisible but focusable until the widget is ready; the loading note shows meanwhile.
  css(iframe, 'border:0;display:block;width:100%;height:100%;opacity:0');
  fit();
  if (media) media.addEventListener('change', fit);
  overlay.append(note, iframe);
  (doc.body || doc.documentElement).appendChild(overlay);

  let unlock: Array<() => void> = [];
  let restoreFocus: HTMLOrSVGElement | null = null;
  let shown = false;
  return {
    show() {
      if (shown) return;
      shown = true;
      unlock = [doc.documentElement, doc.body].map(lockOverflow);
      const active = doc.activeElement;
      restoreFocus = isFocusable(active) ? active : null;
      css(overlay, 'display:flex');
      iframe.focus();
    },
    hide() {
      if (!shown) return;
      shown = false;
      css(overlay, 'display:none');
      for (const undo of unlock) undo();
      if (restoreFocus) restoreFocus.focus();
    },
    ready() {
      css(note, 'display:none');
      css(iframe, 'opacity:1');
    },
    remove() {
      if (media) media.removeEventListener('change', fit);
      overlay.remove();
    },
  };
};
