/**
 * The embed protocol's constants, free of zod so the loader (embed.js, 2 KB gzip budget) can use
 * them. protocol.ts builds the schemas from these; guards.ts checks messages by hand against the
 * same lists, and a test holds the two checks equal.
 */

/** Every message carries `ns` and `v`; a message with another namespace or version is ignored. */
export const PROTOCOL_NAMESPACE = 'carrierlink';
export const PROTOCOL_VERSION = 1;

/** A per-instance id chosen by the loader, so two widgets on one page never hear each other. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

// Values the loader uses are also exported one by one: the minifier inlines a string or number
// constant, never an object's property, and embed.js counts every byte.
export const PARAM_LINK_TOKEN = 'link_token';
export const PARAM_CHANNEL = 'channel';
export const PARAM_PARENT_ORIGIN = 'parent_origin';
export const PARAM_MODE = 'mode';
export const PARAM_LOCALE = 'locale';
export const PARAM_THEME = 'theme';
export const PARAM_BRAND = 'brand';
export const PARAM_RADIUS = 'radius';

/** Query parameters the loader puts on the widget URL (the widget reads them back). */
export const WIDGET_PARAMS = {
  linkToken: PARAM_LINK_TOKEN,
  channel: PARAM_CHANNEL,
  /** The embedding page's origin; the widget uses it only if the link allows it. */
  parentOrigin: PARAM_PARENT_ORIGIN,
  /** `modal` or `inline`: inline widgets report their height and have no close button of their own. */
  mode: PARAM_MODE,
  locale: PARAM_LOCALE,
  theme: PARAM_THEME,
  /** The lender's brand colour, `#rgb` or `#rrggbb` (BRAND_PATTERN). */
  brand: PARAM_BRAND,
  /** Corner radius in whole px, 0..MAX_RADIUS. */
  radius: PARAM_RADIUS,
} as const;

/** `brand`: a CSS hex colour and nothing else (the widget ignores any other value). */
export const BRAND_PATTERN = /^#(?:[\da-f]{3}){1,2}$/i;
/** `radius`: the largest corner radius in px (larger would eat the 44 px touch targets). */
export const MAX_RADIUS = 24;

export const EMBED_MODES = ['modal', 'inline'] as const;
export type EmbedMode = (typeof EMBED_MODES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type EmbedLocale = (typeof LOCALES)[number];

export const THEMES = ['light', 'dark'] as const;
export type EmbedTheme = (typeof THEMES)[number];

/** Widget -> host event types. */
export const EVENT_TYPES = [
  'ready',
  'step_shown',
  'submitted',
  'error',
  'exit',
  'success',
  'resize',
  'consent',
  'resend',
  'captcha_refresh',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Stable events keep their meaning and payload within a protocol version: build on them.
 * Informational events describe the journey for analytics; their payloads may gain kinds.
 */
export const EVENT_STABILITY: Readonly<Record<EventType, 'stable' | 'informational'>> = {
  ready: 'stable',
  success: 'stable',
  exit: 'stable',
  error: 'stable',
  consent: 'stable',
  step_shown: 'informational',
  submitted: 'informational',
  resize: 'informational',
  resend: 'informational',
  captcha_refresh: 'informational',
};

/** What the widget is showing, as a kind (never a value). */
export const STEP_KINDS = [
  /** Phone number and consent (rendered by the widget before any session exists). */
  'phone',
  /** A form step of the authorization (password, captcha, SMS code, identity, ...). */
  'authorize',
  /** A form step of service-password recovery. */
  'recoverPassword',
  'authorized',
  'failed',
  /** The session idled out or was forgotten. */
  'expired',
  /** The link token is unknown, used or expired. */
  'link_error',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * Why the widget was left. The widget sends the first six (`change_phone`: the applicant gave the
 * session up to use another number than the link's; the lender needs a new link for it); the loader
 * itself reports `host_closed` (the lender called close/exit) and `load_failed` (no handshake in
 * time, e.g. the page's origin is not allowed to frame this link).
 */
export const EXIT_REASONS = [
  'user_closed',
  'completed',
  'failed',
  'session_expired',
  'link_invalid',
  'change_phone',
  'host_closed',
  'load_failed',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
/** The reasons a widget may send; the other two are the loader's. */
export const WIDGET_EXIT_REASONS = ['user_closed', 'completed', 'failed', 'session_expired', 'link_invalid', 'change_phone'] as const;

export const MAX_FIELD_KINDS = 12;
export const MAX_KIND_LENGTH = 32;
export const MAX_CODE_LENGTH = 64;
export const MAX_MESSAGE_LENGTH = 500;
export const MAX_ID_LENGTH = 128;
export const MAX_HEIGHT = 100_000;
export const MAX_VERSION_LENGTH = 32;

/** Payload bounds, shared by both checks. */
export const LIMITS = {
  fieldKinds: MAX_FIELD_KINDS,
  kindLength: MAX_KIND_LENGTH,
  codeLength: MAX_CODE_LENGTH,
  messageLength: MAX_MESSAGE_LENGTH,
  idLength: MAX_ID_LENGTH,
  maxHeight: MAX_HEIGHT,
  versionLength: MAX_VERSION_LENGTH,
} as const;

/** How long the loader waits for the widget's hello before reporting `load_failed`. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * `acceptedAt` of the consent event: an ISO-8601 UTC instant as `Date.prototype.toISOString` writes
 * it (fraction optional). Checked by pattern, not by calendar, so the loader's hand check stays tiny;
 * the server records the authoritative consent time.
 */
export const ISO_INSTANT_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/;

/** The second script embed.js loads for a modal, beside embed.js on the widget's server. */
export const MODAL_SCRIPT = 'embed-modal.js';
/**
 * The property of its <script> element through which embed-modal.js hands its parts to the loader
 * that added it: no global, so nothing on the page can be confused with them.
 */
export const MODAL_HOOK = 'carrierLink';
