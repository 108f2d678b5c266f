import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODAL_HOOK } from '../constants';
import { createModal, type CreateModal } from '../modal';
import { TOKEN, onlyIframe } from '../../test-support/embed/harness';

type HookedScript = HTMLScriptElement & { [MODAL_HOOK]?: (create: CreateModal) => void };

/** The embed-modal.js scripts the loader added to the page. */
const modalScripts = () => [...document.querySelectorAll<HookedScript>('script[src*="/embed-modal.js"]')];

/** Runs embed-entry.ts afresh, as a second <script src=embed.js> would. */
async function runEntry(): Promise<void> {
  vi.resetModules();
  await import('../embed-entry');
}

afterEach(() => {
  Reflect.deleteProperty(window, 'CarrierLink');
  Reflect.deleteProperty(document, 'currentScript');
  document.body.innerHTML = '';
  for (const script of modalScripts()) script.remove();
  vi.useRealTimers();
});

describe('embed.js entry', () => {
  it('installs window.CarrierLink once: a second run keeps the first global', async () => {
    await runEntry();
    const first = window.CarrierLink;
    expect(first?.version).toEqual(expect.any(String));
    expect(first?.create).toEqual(expect.any(Function));
    await runEntry();
    expect(window.CarrierLink).toBe(first);
  });

  it('defaults the server to where the script was loaded from', async () => {
    const script = document.createElement('script');
    script.src = 'https://link.example.com/embed.js';
    // document.currentScript is only set while a classic script runs; stand in for that moment.
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
    await runEntry();
    Reflect.deleteProperty(document, 'currentScript');
    window.CarrierLink?.create({ token: TOKEN, onSuccess: () => undefined, container: document.body });
    expect(new URL(onlyIframe().src).origin).toBe('https://link.example.com');
  });

  it('fetches the modal parts from the same server for a modal, and puts the iframe in the page when they arrive', async () => {
    await runEntry();
    const onExit = vi.fn();
    const handle = window.CarrierLink!.create({ token: TOKEN, url: 'https://link.example.com/x', onSuccess: () => undefined, onExit });
    handle.open();
    const [script, ...more] = modalScripts();
    expect(more).toEqual([]);
    expect(script?.src).toMatch(/^https:\/\/link\.example\.com\/embed-modal\.js\?/);
    // Nothing on the page until the parts are there: the iframe goes in with its overlay.
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
    script?.[MODAL_HOOK]?.(createModal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const dialog = document.querySelector('[role="dialog"]');
    expect(dialog?.contains(onlyIframe())).toBe(true);
    expect(dialog?.getAttribute('aria-label')).toBe('运营商授权');
    // Opened before they arrived: shown (and focused) as soon as they did.
    expect(document.activeElement).toBe(onlyIframe());
    handle.destroy();
    expect(document.querySelectorAll('iframe, [role="dialog"]')).toHaveLength(0);
    expect(onExit).not.toHaveBeenCalled();
  });

  it('reports load_failed at once when the modal script cannot load, and fetches it again on the next open()', async () => {
    vi.useFakeTimers();
    await runEntry();
    const onExit = vi.fn();
    const handle = window.CarrierLink!.create({ token: TOKEN, url: 'https://link.example.com', onSuccess: () => undefined, onExit });
    handle.open();
    modalScripts()[0]?.dispatchEvent(new Event('error'));
    await vi.advanceTimersByTimeAsync(0);
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(onExit).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'load_failed', error: expect.objectContaining({ retryable: true }) }),
    );
    handle.open();
    expect(modalScripts()).toHaveLength(2);
    modalScripts()[1]?.[MODAL_HOOK]?.(createModal);
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelectorAll('[role="dialog"] iframe')).toHaveLength(1);
    // The handshake wait runs again for the retry (15 s), and only one load_failed was reported so far.
    expect(onExit).toHaveBeenCalledTimes(1);
    handle.destroy();
  });

  it('fetches nothing for an inline widget', async () => {
    await runEntry();
    const handle = window.CarrierLink!.create({
      token: TOKEN,
      url: 'https://link.example.com',
      onSuccess: () => undefined,
      container: document.body,
    });
    expect(modalScripts()).toHaveLength(0);
    expect(onlyIframe().parentElement).toBe(document.body);
    handle.destroy();
  });

  it('asks for url when the script URL is unknown', async () => {
    await runEntry();
    expect(() => window.CarrierLink?.create({ token: TOKEN, onSuccess: () => undefined })).toThrow(/pass `url`/);
  });
});
