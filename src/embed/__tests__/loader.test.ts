import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PATTERN, HANDSHAKE_TIMEOUT_MS } from '../constants';
import { createCarrierLink } from '../loader';
import type { CarrierLinkOptions } from '../types';
import {
  TOKEN,
  WIDGET_ORIGIN,
  WIDGET_URL,
  createHarness,
  destroyHarnesses,
  onlyIframe,
  widgetWindow,
} from '../../test-support/embed/harness';

const step = { kind: 'authorize', fields: ['servicePassword'] };
const overlayOf = (iframe: HTMLIFrameElement) => {
  const overlay = iframe.closest<HTMLElement>('[role="dialog"]');
  if (!overlay) throw new Error('no overlay');
  return overlay;
};
const isShown = (iframe: HTMLIFrameElement) => overlayOf(iframe).style.getPropertyValue('display') === 'flex';

afterEach(() => destroyHarnesses());

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
  document.body.removeAttribute('style');
});

describe('createCarrierLink: the iframe', () => {
  it('creates the widget iframe at once, hidden, with the handshake parameters on its URL', () => {
    const { iframe, widget } = createHarness({ locale: 'en', theme: 'dark' });
    const url = new URL(iframe.src);
    expect(url.origin).toBe(WIDGET_ORIGIN);
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      link_token: TOKEN,
      channel: widget.channel,
      parent_origin: window.location.origin,
      mode: 'modal',
      locale: 'en',
      theme: 'dark',
    });
    expect(widget.channel).toMatch(CHANNEL_PATTERN);
    expect(widget.channel.length).toBeGreaterThan(20);
    expect(iframe.title).toBe('Carrier authorization');
    expect(iframe.hasAttribute('allow')).toBe(false);
    expect(iframe.style.getPropertyValue('border')).toMatch(/^0/);
    const overlay = overlayOf(iframe);
    expect(overlay.getAttribute('aria-modal')).toBe('true');
    expect(overlay.getAttribute('aria-label')).toBe('Carrier authorization');
    expect(overlay.style.getPropertyValue('position')).toBe('fixed');
    expect(overlay.style.getPropertyValue('display')).toBe('none');
  });

  it('titles the iframe in Chinese by default and gives every instance its own channel', () => {
    const first = createHarness();
    expect(first.iframe.title).toBe('运营商授权');
    first.handle.destroy();
    const second = createHarness();
    expect(second.widget.channel).not.toBe(first.widget.channel);
  });

  it('writes no style attribute markup: every style goes through the CSSOM', () => {
    const setAttribute = vi.spyOn(Element.prototype, 'setAttribute');
    const { handle } = createHarness();
    handle.open();
    expect(setAttribute.mock.calls.filter(([name]) => name === 'style')).toEqual([]);
    expect(document.querySelector('style')).toBeNull();
  });
});

describe('createCarrierLink: messages', () => {
  it('answers hello with hello_ack posted to the widget window at the widget origin, never *', () => {
    const { widget, sent } = createHarness();
    widget.hello();
    expect(sent).toHaveBeenCalledTimes(1);
    expect(sent).toHaveBeenCalledWith({ ...widget.envelope, type: 'hello_ack' }, WIDGET_ORIGIN);
  });

  it('ignores messages from another origin, another window, another channel, or malformed ones', () => {
    const { widget, sent, onEvent } = createHarness();
    const hello = { ...widget.envelope, type: 'hello' };
    widget.post(hello, { origin: 'https://evil.example' });
    widget.post(hello, { source: window });
    widget.post({ ...hello, channel: 'someoneelse0000' });
    widget.post({ ...hello, v: 2 });
    widget.post('hello');
    expect(sent).not.toHaveBeenCalled();
    widget.hello();
    widget.post({ ...widget.envelope, type: 'ready', seq: 0, data: null });
    widget.post({ ...widget.envelope, type: 'unknown', seq: 0, data: {} });
    widget.post({ ...widget.envelope, type: 'ready', seq: -1, data: { locale: 'en' } });
    widget.post({ ...widget.envelope, type: 'ready', seq: 0, data: { locale: 'en' } }, { origin: 'https://evil.example' });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('ignores events before the handshake', () => {
    const { widget, onEvent } = createHarness();
    widget.event('ready', { locale: 'zh-CN' });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('passes events to onEvent in order as { type, data }, dropping duplicates and replays', () => {
    const { widget, onEvent } = createHarness();
    widget.hello();
    widget.event('ready', { locale: 'zh-CN' }, 0);
    widget.event('step_shown', { step }, 1);
    widget.event('step_shown', { step }, 1);
    widget.event('ready', { locale: 'zh-CN' }, 0);
    widget.event('submitted', { step }, 2);
    expect(onEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'ready', data: { locale: 'zh-CN' } },
      { type: 'step_shown', data: { step } },
      { type: 'submitted', data: { step } },
    ]);
  });

  it('starts counting again after a new hello (the widget reloaded)', () => {
    const { widget, onEvent } = createHarness();
    widget.hello();
    widget.event('ready', { locale: 'zh-CN' }, 0);
    widget.hello();
    widget.event('ready', { locale: 'zh-CN' }, 0);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('calls onSuccess once even if success is sent twice, and no onExit after it', () => {
    const { handle, widget, onSuccess, onExit } = createHarness();
    handle.open();
    widget.hello();
    widget.event('success', { sessionId: 's_1', taskId: 't_1' });
    widget.event('success', { sessionId: 's_1', taskId: 't_1' });
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledWith({ sessionId: 's_1', taskId: 't_1' });
    widget.event('exit', { reason: 'completed', step: { kind: 'authorized', fields: [] } });
    handle.close();
    expect(onExit).not.toHaveBeenCalled();
  });

  it('hides the modal and reports onExit with the widget data on exit', () => {
    const { handle, iframe, widget, onExit } = createHarness();
    handle.open();
    widget.hello();
    widget.event('exit', { reason: 'user_closed', step });
    expect(isShown(iframe)).toBe(false);
    expect(onExit).toHaveBeenCalledExactlyOnceWith({ reason: 'user_closed', step });
    handle.close();
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('keeps going when a host callback throws, and rethrows it asynchronously', () => {
    vi.useFakeTimers();
    const onEvent = vi.fn(() => {
      throw new Error('analytics broke');
    });
    const { widget, onSuccess } = createHarness({ onEvent });
    widget.hello();
    widget.event('success', { sessionId: 's', taskId: 't' });
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(() => vi.runOnlyPendingTimers()).toThrow('analytics broke');
  });
});

describe('createCarrierLink: open, close, destroy', () => {
  it('shows a loading note until ready, then the widget', () => {
    const { handle, iframe, widget } = createHarness();
    handle.open();
    const note = overlayOf(iframe).querySelector<HTMLElement>('[role="status"]');
    expect(isShown(iframe)).toBe(true);
    expect(note?.textContent).toBe('正在加载…');
    expect(iframe.style.getPropertyValue('opacity')).toBe('0');
    widget.hello();
    widget.event('ready', { locale: 'zh-CN' });
    expect(note?.style.getPropertyValue('display')).toBe('none');
    expect(iframe.style.getPropertyValue('opacity')).toBe('1');
  });

  it('does nothing on a second open, and reports one host_closed exit for two closes', () => {
    document.body.innerHTML = '<button id="start">Connect</button>';
    const start = document.getElementById('start');
    start?.focus();
    const { handle, iframe, widget, onExit } = createHarness();
    handle.open();
    handle.open();
    widget.hello();
    widget.event('step_shown', { step });
    handle.close();
    handle.close();
    expect(isShown(iframe)).toBe(false);
    expect(onExit).toHaveBeenCalledExactlyOnceWith({ reason: 'host_closed', step });
    // The second open() did not stack a second scroll lock or focus memory.
    expect(document.body.hasAttribute('style')).toBe(false);
    expect(document.activeElement).toBe(start);
  });

  it('reports nothing when close() is called before open()', () => {
    const { handle, onExit } = createHarness();
    handle.close();
    expect(onExit).not.toHaveBeenCalled();
  });

  it('shows the same iframe again when reopened after an exit', () => {
    const { handle, iframe, widget, onExit } = createHarness();
    const src = iframe.src;
    handle.open();
    widget.hello();
    widget.event('exit', { reason: 'user_closed', step: null });
    handle.open();
    expect(isShown(iframe)).toBe(true);
    expect(onlyIframe()).toBe(iframe);
    expect(iframe.src).toBe(src);
    handle.close();
    expect(onExit).toHaveBeenCalledTimes(2);
  });

  it('locks page scroll while open and focuses the iframe, then restores both on close', () => {
    document.body.innerHTML = '<button id="start">Connect</button>';
    const start = document.getElementById('start');
    start?.focus();
    const { handle, iframe } = createHarness();
    handle.open();
    expect(document.documentElement.style.getPropertyValue('overflow')).toBe('hidden');
    expect(document.body.style.getPropertyValue('overflow')).toBe('hidden');
    expect(document.activeElement).toBe(iframe);
    handle.close();
    expect(document.documentElement.hasAttribute('style')).toBe(false);
    expect(document.body.hasAttribute('style')).toBe(false);
    expect(document.activeElement).toBe(start);
  });

  it('destroy() restores the body markup, the html and body style attributes and focus exactly', () => {
    document.body.innerHTML = '<main><button id="start">Connect</button></main>';
    const html = document.documentElement.style;
    html.setProperty('color', 'red', 'important');
    html.setProperty('overflow', 'scroll');
    document.body.style.setProperty('margin', '0', 'important');
    document.body.style.setProperty('overflow-y', 'auto');
    const before = {
      markup: document.body.innerHTML,
      html: document.documentElement.getAttribute('style'),
      body: document.body.getAttribute('style'),
    };
    const start = document.getElementById('start');
    start?.focus();
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const { handle, widget } = createHarness();
    handle.open();
    widget.hello();
    handle.destroy();
    handle.destroy();
    expect({
      markup: document.body.innerHTML,
      html: document.documentElement.getAttribute('style'),
      body: document.body.getAttribute('style'),
    }).toEqual(before);
    expect(document.activeElement).toBe(start);
    expect(removed.mock.calls).toEqual(added.mock.calls);
  });

  it('puts back the exact style text, declaration order included, when the page changed nothing', () => {
    document.body.style.setProperty('overflow-y', 'scroll');
    document.body.style.setProperty('margin', '3px');
    const before = document.body.getAttribute('style');
    const { handle } = createHarness();
    handle.open();
    expect(document.body.style.getPropertyValue('overflow')).toBe('hidden');
    handle.close();
    expect(document.body.getAttribute('style')).toBe(before);
  });

  it("keeps the page's own style changes made while open, putting back an !important overflow with its priority", () => {
    // jsdom's CSSOM drops the priority of `overflow` itself, so read it through a spy.
    const style = document.body.style;
    style.setProperty('overflow', 'scroll');
    vi.spyOn(style, 'getPropertyPriority').mockImplementation((name) => (name === 'overflow' ? 'important' : ''));
    const setProperty = vi.spyOn(style, 'setProperty');
    const { handle } = createHarness();
    handle.open();
    style.setProperty('color', 'red');
    handle.close();
    expect(setProperty.mock.calls).toEqual([
      ['overflow', 'hidden', 'important'],
      ['color', 'red'],
      ['overflow', 'scroll', 'important'],
    ]);
    expect(style.getPropertyValue('color')).toBe('red');
  });

  it('throws on open() after destroy(), telling to create again', () => {
    const { handle } = createHarness();
    handle.destroy();
    expect(() => handle.open()).toThrow(/create\(\) again/);
    expect(document.querySelector('iframe')).toBeNull();
  });
});

describe('createCarrierLink: the handshake timeout', () => {
  afterEach(() => vi.useRealTimers());

  it('reports load_failed once when no hello comes, and closes', () => {
    vi.useFakeTimers();
    const { handle, iframe, onExit } = createHarness({ locale: 'en' });
    handle.open();
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS - 1);
    expect(onExit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExit).toHaveBeenCalledExactlyOnceWith({
      reason: 'load_failed',
      step: null,
      error: { code: 'load_failed', retryable: true, message: 'Failed to load' },
    });
    expect(isShown(iframe)).toBe(false);
    expect(document.body.hasAttribute('style')).toBe(false);
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS * 4);
    handle.close();
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('does not time out once the widget said hello', () => {
    vi.useFakeTimers();
    const { widget, onExit } = createHarness();
    widget.hello();
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS * 2);
    expect(onExit).not.toHaveBeenCalled();
  });

  it('retries on open() after a load failure: reloads the frame and waits again', () => {
    vi.useFakeTimers();
    const { handle, iframe, widget, onExit } = createHarness();
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS);
    expect(onExit).toHaveBeenCalledTimes(1);
    const reload = vi.spyOn(iframe, 'src', 'set');
    handle.open();
    expect(reload).toHaveBeenCalledTimes(1);
    widget.hello();
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS);
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(isShown(iframe)).toBe(true);
  });

  it('leaves no timer behind after destroy()', () => {
    vi.useFakeTimers();
    const { handle, onExit } = createHarness();
    handle.destroy();
    vi.advanceTimersByTime(HANDSHAKE_TIMEOUT_MS * 2);
    expect(onExit).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createCarrierLink: inline and narrow screens', () => {
  it('renders inline in the container, hidden until open(), with the widget heights', () => {
    document.body.innerHTML = '<div id="slot"></div>';
    const { handle, iframe, widget, onExit } = createHarness({ container: '#slot' });
    expect(iframe.parentElement?.id).toBe('slot');
    expect(new URL(iframe.src).searchParams.get('mode')).toBe('inline');
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(iframe.style.getPropertyValue('display')).toBe('none');
    expect(iframe.style.getPropertyValue('height')).toBe('560px');
    handle.open();
    expect(iframe.style.getPropertyValue('display')).toBe('block');
    expect(document.body.hasAttribute('style')).toBe(false);
    widget.hello();
    widget.event('resize', { height: 812 });
    expect(iframe.style.getPropertyValue('height')).toBe('812px');
    handle.close();
    expect(iframe.style.getPropertyValue('display')).toBe('none');
    expect(onExit).toHaveBeenCalledExactlyOnceWith({ reason: 'host_closed', step: null });
    handle.destroy();
    expect(document.body.innerHTML).toBe('<div id="slot"></div>');
  });

  it('reports an inline exit once: close() after it hides without another onExit', () => {
    document.body.innerHTML = '<div id="slot"></div>';
    const { handle, iframe, widget, onExit } = createHarness({ container: '#slot' });
    handle.open();
    widget.hello();
    widget.event('exit', { reason: 'failed', step: null });
    expect(iframe.style.getPropertyValue('display')).toBe('block');
    handle.close();
    expect(iframe.style.getPropertyValue('display')).toBe('none');
    expect(onExit).toHaveBeenCalledExactlyOnceWith({ reason: 'failed', step: null });
  });

  it('accepts an element as the container', () => {
    const slot = document.createElement('section');
    document.body.append(slot);
    const { iframe } = createHarness({ container: slot });
    expect(iframe.parentElement).toBe(slot);
  });

  it('goes full screen on narrow viewports, following changes', () => {
    const listeners = new Set<() => void>();
    const media = {
      matches: true,
      addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    };
    const matchMedia = vi.fn(() => media);
    Object.defineProperty(window, 'matchMedia', { configurable: true, value: matchMedia });
    try {
      const { handle, iframe } = createHarness();
      expect(matchMedia).toHaveBeenCalledWith('(max-width: 480px)');
      expect(iframe.style.getPropertyValue('max-width')).toBe('none');
      expect(iframe.style.getPropertyValue('border-radius')).toMatch(/^0/);
      media.matches = false;
      for (const listener of listeners) listener();
      expect(iframe.style.getPropertyValue('max-width')).toBe('420px');
      expect(iframe.style.getPropertyValue('max-height')).toBe('760px');
      expect(iframe.style.getPropertyValue('border-radius')).toBe('12px');
      handle.destroy();
      expect(listeners.size).toBe(0);
    } finally {
      Reflect.deleteProperty(window, 'matchMedia');
    }
  });
});

describe('createCarrierLink: options', () => {
  const base: CarrierLinkOptions = { token: TOKEN, url: WIDGET_URL, onSuccess: () => undefined };
  const bad = (options: Partial<CarrierLinkOptions> | Record<string, unknown>, env?: { window: Window; scriptUrl?: string }) => () =>
    createCarrierLink({ ...base, ...options } as CarrierLinkOptions, env);

  it('throws a TypeError for a bad token, onSuccess, container or url', () => {
    expect(bad({ token: 'lt_short' })).toThrow(new TypeError('CarrierLink: `token` must be a link token (lt_…)'));
    expect(bad({ onSuccess: undefined })).toThrow(TypeError);
    expect(bad({ onSuccess: 'done' })).toThrow(/`onSuccess` must be a function/);
    expect(bad({ container: '#missing' })).toThrow(/`container` matches no element/);
    expect(bad({ container: '##' })).toThrow(TypeError);
    expect(bad({ container: 42 })).toThrow(TypeError);
    expect(bad({ url: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
    expect(bad({ url: 'not a url' })).toThrow(TypeError);
    expect(bad({ url: undefined })).toThrow(/pass `url`/);
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('defaults url to the origin embed.js was loaded from', () => {
    createCarrierLink({ ...base, url: undefined }, { window, scriptUrl: 'https://cdn.link.example.com/embed.js?v=1' });
    expect(new URL(onlyIframe().src).origin).toBe('https://cdn.link.example.com');
    expect(widgetWindow(onlyIframe())).toBeTruthy();
  });
});

describe('createCarrierLink: theming', () => {
  const base: CarrierLinkOptions = { token: TOKEN, url: WIDGET_URL, onSuccess: () => undefined };
  const bad = (options: Record<string, unknown>) => () => createCarrierLink({ ...base, ...options } as CarrierLinkOptions);

  it('passes brand and radius on the widget URL, the colour URL-encoded', () => {
    const { iframe } = createHarness({ brand: '#E60012', radius: 0, theme: 'dark' });
    expect(iframe.src).toContain('brand=%23E60012');
    const params = new URL(iframe.src).searchParams;
    expect(params.get('brand')).toBe('#E60012');
    expect(params.get('radius')).toBe('0');
    expect(params.get('theme')).toBe('dark');
  });

  it('puts neither on the URL when they are not given', () => {
    const { iframe } = createHarness();
    const params = new URL(iframe.src).searchParams;
    expect(params.has('brand')).toBe(false);
    expect(params.has('radius')).toBe(false);
  });

  it('rounds the modal frame like the widget: the radius given, else 12 px', () => {
    const first = createHarness({ radius: 20 });
    expect(first.iframe.style.getPropertyValue('border-radius')).toBe('20px');
    first.handle.destroy();
    const second = createHarness({ radius: 0 });
    expect(second.iframe.style.getPropertyValue('border-radius')).toMatch(/^0/);
  });

  it('throws a TypeError for a brand that is not #rgb/#rrggbb or a radius that is not a whole 0-24', () => {
    for (const brand of ['red', '1f6feb', '#1f6fe', '#fff;', '', 0xffffff]) {
      expect(bad({ brand }), String(brand)).toThrow(/`brand`: #rgb or #rrggbb/);
    }
    for (const radius of [-1, 25, 2.5, Number.NaN, '8', Infinity]) {
      expect(bad({ radius }), String(radius)).toThrow(new TypeError('CarrierLink: `radius`: whole number 0-24'));
    }
    expect(document.querySelector('iframe')).toBeNull();
    expect(bad({ brand: '#f60', radius: 24 })).not.toThrow();
  });
});
