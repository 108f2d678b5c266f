import type { EmbedMode } from '../../embed/constants';
import type { DemoSettings } from '../../flow';
import { HANDOFF_CODE_PATTERN, HANDOFF_PARAM } from '../../flow/page';
import { readDemoSettings, readDemoUpdate } from '../demo/demo-params';
import type { Locale } from '../i18n/messages';
import { parseHex } from '../theme/color';
import { isRadius } from '../theme/tokens';

// embed/constants' WIDGET_PARAMS and EMBED_MODES; importing that module by value here would put
// the whole protocol vocabulary into the entry chunk (a test pins the two together).
export const PARAM_NAMES = {
  linkToken: 'link_token',
  channel: 'channel',
  parentOrigin: 'parent_origin',
  mode: 'mode',
  locale: 'locale',
  theme: 'theme',
  brand: 'brand',
  radius: 'radius',
} as const;

/** What the page URL says about how it was opened (embed.js writes these parameters). */
export interface WidgetParams {
  /** Present in link mode, as given (checked against the token pattern before use). */
  linkToken?: string;
  channel?: string;
  /** The embedding page's origin as the loader claims it; trusted only once verified. */
  parentOrigin?: string;
  mode: EmbedMode;
  /** Only when the URL asks for one; otherwise the link's locale, else zh-CN. */
  locale?: Locale;
  /** The lender's brand colour, `#rgb`/`#rrggbb` (anything else is ignored). */
  brand?: string;
  /** Corner radius in px, a whole number 0..24 (anything else is ignored). */
  radius?: number;
  /** Demo mode (`?demo=&latency=&fault=`, see demo/demo-params.ts): sent with the session start. */
  demo?: DemoSettings;
  /** A demo update session (`&update=138****8000`): the number shown masked and locked, never sent. */
  demoUpdate?: { maskedPhone: string };
  /** A one-time code for the session the server started from the phone form (flow/page.ts). */
  handoff?: string;
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/** Digits only: `Number()` alone would take `1e1`, ` 12` or `0x10`. */
function readRadius(value: string | null): number | undefined {
  if (value === null || !/^\d{1,2}$/.test(value)) return undefined;
  const radius = Number(value);
  return isRadius(radius) ? radius : undefined;
}

export function readWidgetParams(search: string): WidgetParams {
  const query = new URLSearchParams(search);
  const locale = query.get(PARAM_NAMES.locale);
  const brand = query.get(PARAM_NAMES.brand) ?? '';
  return {
    linkToken: nonEmpty(query.get(PARAM_NAMES.linkToken)),
    channel: nonEmpty(query.get(PARAM_NAMES.channel)),
    parentOrigin: nonEmpty(query.get(PARAM_NAMES.parentOrigin)),
    // The loader always names the mode; a modal is its default when no container is given.
    mode: query.get(PARAM_NAMES.mode) === 'inline' ? 'inline' : 'modal',
    locale: locale === 'en' || locale === 'zh-CN' ? locale : undefined,
    brand: parseHex(brand) ? brand.toLowerCase() : undefined,
    radius: readRadius(query.get(PARAM_NAMES.radius)),
    demo: readDemoSettings(query),
    demoUpdate: readDemoUpdate(query),
    handoff: HANDOFF_CODE_PATTERN.test(query.get(HANDOFF_PARAM) ?? '') ? (query.get(HANDOFF_PARAM) ?? undefined) : undefined,
  };
}

/** Whether this page runs inside another page's frame. */
export function isFramed(view: Window = window): boolean {
  try {
    return view.parent !== view;
  } catch {
    return true;
  }
}
