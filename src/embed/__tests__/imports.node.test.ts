import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in global that records every property read, so "touches no window" is observable. */
function recorder(name: string, reads: string[]): object {
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        reads.push(`${name}.${String(key)}`);
        return undefined;
      },
      has: (_target, key) => {
        reads.push(`${name} has ${String(key)}`);
        return false;
      },
    },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('importing the embed modules without a DOM', () => {
  it('runs in a node environment without window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports loader.ts, index.ts and react.tsx without reading window or document', async () => {
    const reads: string[] = [];
    vi.stubGlobal('window', recorder('window', reads));
    vi.stubGlobal('document', recorder('document', reads));
    const loader = await import('../loader');
    const index = await import('../index');
    const react = await import('../react');
    expect(loader.createCarrierLink).toEqual(expect.any(Function));
    expect(index.createCarrierLink).toBe(loader.createCarrierLink);
    expect(react.useCarrierLink).toEqual(expect.any(Function));
    expect(reads).toEqual([]);
  });

  it('renders CarrierLinkButton on the server as a plain button, creating nothing', async () => {
    const { CarrierLinkButton } = await import('../react');
    const html = renderToString(
      createElement(
        CarrierLinkButton,
        { token: `lt_${'A'.repeat(43)}`, url: 'https://link.example.com', onSuccess: () => undefined },
        'Connect',
      ),
    );
    expect(html).toBe('<button type="button">Connect</button>');
  });
});
