import type { LinkInfoResponse } from './api';
import type { ErrorCode } from './errors';
import { isMobileNumber, normalizePhoneInput } from './phone';

/**
 * The widget page as the server renders it: the phone step is served as HTML that works before the
 * widget's script runs (a real form posting to the page's own URL), then the widget hydrates it.
 * Zod-free: the widget's entry chunk reads these before any schema is loaded.
 *
 *   GET  /?…                  the page; the phone step rendered by the server (dist/widget-ssr)
 *   POST /?… (form)           the phone step submitted before the script ran: starts the session,
 *                             then 303 to the same URL with `handoff=<one-time code>`
 *   POST /api/session/handoff HandoffRequest -> StartSessionResponse: the code for the session token
 *   GET  /theme.css?brand=&radius=  the lender's brand and radius tokens, so the first paint has them
 */

export const WIDGET_LOCALES = ['zh-CN', 'en'] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];

export function isWidgetLocale(value: unknown): value is WidgetLocale {
  return value === 'zh-CN' || value === 'en';
}

/** The first of the browser's languages (navigator.languages, Accept-Language) the widget speaks. */
export function localeFromLanguages(languages: readonly string[]): WidgetLocale | undefined {
  for (const language of languages) {
    const primary = language.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return undefined;
}

/** Accept-Language as a list of language tags, highest q first (q=0 dropped; ties keep their order). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

/** Where the widget's language can come from, most binding first. */
export interface LocaleSources {
  /** The applicant's own choice (the language switch), kept for the browser session. */
  chosen?: WidgetLocale;
  /** `?locale=` on the page URL: the lender's embed option (the switch also writes it). */
  url?: WidgetLocale;
  /** The link token's `locale`: the lender's server. */
  link?: WidgetLocale;
  /** The browser's languages, in preference order. */
  languages?: readonly string[];
}

/** The applicant's choice, else the lender's, else the browser's, else Simplified Chinese. */
export function chooseLocale(sources: LocaleSources): WidgetLocale {
  return sources.chosen ?? sources.url ?? sources.link ?? localeFromLanguages(sources.languages ?? []) ?? 'zh-CN';
}

/** Field names of the phone step's form, as it posts before the script runs. */
export const PHONE_FORM = {
  phone: 'phone',
  /** A checkbox: present (`on`) when ticked. */
  consent: 'consent',
  /** The agreement buttons' name; their values are AGREEMENT_ACTIONS. */
  agreement: 'agreement',
  /** The locale the page was shown in (the agreement text accepted is in it). */
  locale: 'locale',
  agreementVersion: 'agreement_version',
  /** `1` on an update link's form: the number is the server's (shown masked), so none is posted. */
  update: 'update',
} as const;

/** Open, close, or accept the agreement (accepting ticks the consent box). */
export const AGREEMENT_ACTIONS = ['open', 'close', 'accept'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

/** What can be wrong with the phone form before anything is sent. */
export const PHONE_FORM_ISSUES = ['phoneRequired', 'phoneInvalid', 'consentRequired'] as const;
export type PhoneFormIssue = (typeof PHONE_FORM_ISSUES)[number];

/** The phone number's problem before anything is sent, if any (the same check in both places). */
export function phoneIssue(raw: string): PhoneFormIssue | undefined {
  const phone = normalizePhoneInput(raw);
  if (phone === '') return 'phoneRequired';
  return isMobileNumber(phone) ? undefined : 'phoneInvalid';
}

export function consentIssue(consent: boolean): PhoneFormIssue | undefined {
  return consent ? undefined : 'consentRequired';
}

/** The phone form as the server rendered it (after a post without the script, or untouched). */
export interface PhoneFormState {
  phone?: string;
  consent?: boolean;
  agreementOpen?: boolean;
  phoneIssue?: PhoneFormIssue;
  consentIssue?: PhoneFormIssue;
  /** A refused start: the error code (the widget words it) and the server's own message. */
  requestError?: { code: ErrorCode; message: string };
}

/** The `handoff` URL parameter: a one-time code the page exchanges for its session token. */
export const HANDOFF_PARAM = 'handoff';
/** How long a hand-off code may wait for the page's script. */
export const HANDOFF_TTL_SECONDS = 120;
/** `ho_` + 32 random bytes base64url. */
export const HANDOFF_CODE_PATTERN = /^ho_[A-Za-z0-9_-]{43}$/;

/**
 * The page's boot block, `<script type="application/json" id="cl-boot">` (never executed, so the
 * page CSP's script-src does not apply): what the server rendered, so the widget's first render
 * on the client produces the same markup and can take over (hydrate) without touching the DOM.
 */
export interface PageBoot {
  /** `phone`: the phone step was rendered; `loading`: a placeholder the widget replaces. */
  screen: 'phone' | 'loading';
  locale: WidgetLocale;
  /** Link mode: what GET /api/link answered for the page's link token (an unused link). */
  link?: LinkInfoResponse;
  form?: PhoneFormState;
}

export const BOOT_ELEMENT_ID = 'cl-boot';

/** What the server asks of the page renderer for one request. */
export interface PageRenderInput {
  /** The page URL's query string, `?…` or ''. */
  search: string;
  screen: PageBoot['screen'];
  locale: WidgetLocale;
  link?: LinkInfoResponse;
  form?: PhoneFormState;
}

/** The rendered parts the server puts into the built index.html. */
export interface RenderedPage {
  /** The markup inside `<div id="root">`. */
  root: string;
  /** `<html lang>`. */
  lang: WidgetLocale;
  title: string;
  /** JSON text of the boot block, safe inside a <script> element. */
  boot: string;
}

/**
 * The page renderer the widget build produces (dist/widget-ssr/render.js) and the server loads:
 * React's server renderer over the widget's own components, so the markup is the widget's.
 */
export interface WidgetPageRenderer {
  renderPage(input: PageRenderInput): Promise<RenderedPage>;
  /** SHA-256 hex of the agreement text as the phone step shows it in `locale`. */
  agreementHash(locale: WidgetLocale): string;
  /** The agreement version the phone step shows. */
  readonly agreementVersion: string;
  /**
   * CSS setting the brand and radius tokens for both themes, and the brand's colour for the
   * browser chrome (meta theme-color); undefined when neither is valid.
   */
  themeStylesheet(brand: string | undefined, radius: number | undefined): { css: string; themeColor?: string } | undefined;
}
