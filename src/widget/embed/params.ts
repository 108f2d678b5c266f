import type { EmbedMode } from '../../embed/constants';
import type { Locale } from '../i18n/messages';

// embed/constants' WIDGET_PARAMS and EMBED_MODES; importing that module by value here would put
// the whole protocol vocabulary into the entry chunk (a test pins the two together).
export const PARAM_NAMES = {
  linkToken: 'link_token',
  channel: 'channel',
  parentOrigin: 'parent_origin',
  mode: 'mode',
  locale: 'locale',
  theme: 'theme',
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
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

export function readWidgetParams(search: string): WidgetParams {
  const query = new URLSearchParams(search);
  const locale = query.get(PARAM_NAMES.locale);
  return {
    linkToken: nonEmpty(query.get(PARAM_NAMES.linkToken)),
    channel: nonEmpty(query.get(PARAM_NAMES.channel)),
    parentOrigin: nonEmpty(query.get(PARAM_NAMES.parentOrigin)),
    // The loader always names the mode; a modal is its default when no container is given.
    mode: query.get(PARAM_NAMES.mode) === 'inline' ? 'inline' : 'modal',
    locale: locale === 'en' || locale === 'zh-CN' ? locale : undefined,
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
