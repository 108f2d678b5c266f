import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOKEN, onlyIframe } from '../../test-support/embed/harness';

/** Runs embed-entry.ts afresh, as a second <script src=embed.js> would. */
async function runEntry(): Promise<void> {
  vi.resetModules();
  await import('../embed-entry');
}

afterEach(() => {
  Reflect.deleteProperty(window, 'CarrierLink');
  Reflect.deleteProperty(document, 'currentScript');
  document.body.innerHTML = '';
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
    window.CarrierLink?.create({ token: TOKEN, onSuccess: () => undefined });
    expect(new URL(onlyIframe().src).origin).toBe('https://link.example.com');
  });

  it('asks for url when the script URL is unknown', async () => {
    await runEntry();
    expect(() => window.CarrierLink?.create({ token: TOKEN, onSuccess: () => undefined })).toThrow(/pass `url`/);
  });
});
