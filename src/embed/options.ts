import {
  BRAND_PATTERN,
  MAX_RADIUS,
  PARAM_BRAND,
  PARAM_CHANNEL,
  PARAM_LINK_TOKEN,
  PARAM_LOCALE,
  PARAM_MODE,
  PARAM_PARENT_ORIGIN,
  PARAM_RADIUS,
  PARAM_THEME,
} from './constants';
import { LINK_TOKEN_RE } from './guards';
import type { CarrierLinkOptions } from './types';

/**
 * `create()`'s options, checked loudly (a wrong option is a TypeError at create(), not a widget that
 * never opens) and turned into the widget's URL.
 */

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new TypeError(`CarrierLink: ${message}`);
}

/** What the loader builds the widget from. */
export interface Widget {
  /** The widget server's origin: the only one the loader posts to and hears from. */
  origin: string;
  /** The per-instance channel, 128 random bits. */
  channel: string;
  /** The iframe's URL. */
  src: string;
  /** Inline mode's element; null for the modal. */
  container: HTMLElement | null;
}

/** Checks `options` and resolves the widget's origin (`url`, else where embed.js came from), channel and URL. */
export function resolveWidget(options: CarrierLinkOptions, win: Window, scriptUrl: string | undefined): Widget {
  const { token, locale, theme, brand, radius, container: where } = options;
  check(LINK_TOKEN_RE.test(token), '`token` must be a link token (lt_…)');
  check(typeof options.onSuccess === 'function', '`onSuccess` must be a function');
  check(brand == null || BRAND_PATTERN.test(brand), '`brand`: #rgb or #rrggbb');
  check(radius == null || (Number.isInteger(radius) && radius >= 0 && radius <= MAX_RADIUS), `\`radius\`: whole number 0-${MAX_RADIUS}`);
  let container: HTMLElement | null = null;
  try {
    container = typeof where === 'string' ? win.document.querySelector<HTMLElement>(where) : where || null;
  } catch {
    // An invalid selector: reported below like one that matches nothing.
  }
  check(where == null || (container && container.nodeType === 1), '`container` matches no element');
  let origin = '';
  try {
    const url = new URL(options.url || scriptUrl || '');
    if (/^https?:$/.test(url.protocol)) origin = url.origin;
  } catch {
    // Missing or not a URL: reported below.
  }
  check(origin, 'pass `url`: the http(s) URL of your CarrierLink server');

  // 128 random bits as four decimal numbers: `cl` and 7 to 43 characters of CHANNEL_PATTERN's alphabet.
  const channel = `cl${win.crypto.getRandomValues(new Uint32Array(4)).join('_')}`;
  // Unset options stay off the URL; the radius goes on as its decimal text (0 included).
  const params = Object.entries({
    [PARAM_LINK_TOKEN]: token,
    [PARAM_CHANNEL]: channel,
    [PARAM_PARENT_ORIGIN]: win.location.origin,
    [PARAM_MODE]: container ? 'inline' : 'modal',
    [PARAM_LOCALE]: locale,
    [PARAM_THEME]: theme,
    [PARAM_BRAND]: brand,
    [PARAM_RADIUS]: radius,
  }).flatMap(([name, value]) => (value == null || value === '' ? [] : [[name, `${value}`]]));
  const query = new URLSearchParams(params);
  return { origin, channel, src: `${origin}/?${query}`, container };
}
