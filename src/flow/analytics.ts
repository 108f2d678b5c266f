/**
 * Step analytics shared by the widget and the server: the funnel stages a session moves through, and
 * what the browser may report about itself (what the server cannot see: screens actually shown, the
 * page left). Kinds and codes only; never a value the applicant typed. Imported by path, not through
 * the flow index, so widget chunks that read the index do not carry these schemas.
 */

/**
 * Funnel stages in the order an applicant meets them. `link`: the lender created a link; `phone`: the
 * phone step is on screen; the form stages are named by the fields they ask for (`stageOf`);
 * `authorized`: the applicant is done and the vendor collects; `data_ready`: the data is in.
 */
export const FUNNEL_STAGES = ['link', 'phone', 'password', 'identity', 'captcha', 'sms', 'other', 'authorized', 'data_ready'] as const;
/** Password recovery is a detour off the funnel, measured on its own. */
export const ANALYTICS_STAGES = [...FUNNEL_STAGES, 'recovery'] as const;
export type AnalyticsStage = (typeof ANALYTICS_STAGES)[number];

/**
 * The stage of a form step: the most telling field wins (a login step with a captcha is the password
 * stage; an SMS step with a captcha is the SMS stage).
 */
export function stageOf(fieldKinds: readonly string[], purpose?: string): AnalyticsStage {
  if (purpose === 'recoverPassword') return 'recovery';
  const has = (kind: string) => fieldKinds.includes(kind);
  if (has('servicePassword')) return 'password';
  if (has('smsCode')) return 'sms';
  if (has('idCard') || has('name')) return 'identity';
  if (has('imageCaptcha')) return 'captcha';
  if (fieldKinds.length > 0 && fieldKinds.every((kind) => kind === 'phone')) return 'phone';
  return 'other';
}

/** What the widget can have on screen (the embed protocol's step kinds). */
export const SCREEN_KINDS = ['phone', 'authorize', 'recoverPassword', 'authorized', 'failed', 'expired', 'link_error'] as const;
export type ScreenKind = (typeof SCREEN_KINDS)[number];

/**
 * Why the browser left the widget: the embed exit reasons the widget sends (`change_phone`: the
 * applicant gave the session up to use another number), and `page_left` (the page was closed,
 * reloaded or navigated away, seen on `pagehide`).
 */
export const BROWSER_EXIT_REASONS = [
  'user_closed',
  'completed',
  'failed',
  'session_expired',
  'link_invalid',
  'change_phone',
  'page_left',
] as const;
export type BrowserExitReason = (typeof BROWSER_EXIT_REASONS)[number];

/** POST here, `Authorization: Bearer <session token>` (or the link token before the session starts). */
export const BROWSER_EVENTS_PATH = '/api/session/events';
/** Events per request; the widget sends them as they happen, so one is usual. */
export const MAX_BROWSER_EVENTS_PER_REQUEST = 10;
/** Browser events one session may record in all; more is refused (429), the server's own events go on. */
export const MAX_BROWSER_EVENTS_PER_SESSION = 200;
/** The request body cap of the endpoint, in bytes. */
export const BROWSER_EVENTS_BODY_LIMIT = 4096;
