import type { ApiError, ErrorCode, ErrorResponse } from '../flow';

/**
 * What an error tells the user to do besides correcting a value (flow's ErrorGuidanceShape plus the
 * wait a 429 names). `retryAfterSeconds` also becomes the Retry-After header.
 */
export interface FailureGuidance {
  /** Whole seconds until another try can succeed (at least 1). */
  retryAfterSeconds?: number;
  /** The same instant on the server clock. */
  retryAt?: string;
  /** Tries left before a guard stops them (0: none until retryAt). */
  attemptsLeft?: number;
}

/** A failure the API answers as ErrorResponse with the given HTTP status. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** The field id a refused submission concerns (422, or a 429 of the password and SMS guards). */
  readonly field: string | undefined;
  readonly guidance: FailureGuidance;

  constructor(status: number, code: ErrorCode, message: string, retryable = false, field?: string, guidance: FailureGuidance = {}) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.retryable = retryable;
    this.field = field;
    this.guidance = guidance;
  }

  toResponse(): ErrorResponse {
    const error: ApiError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.field !== undefined) error.field = this.field;
    const { retryAfterSeconds, retryAt, attemptsLeft } = this.guidance;
    if (retryAfterSeconds !== undefined) error.retryAfterSeconds = retryAfterSeconds;
    if (retryAt !== undefined) error.retryAt = retryAt;
    if (attemptsLeft !== undefined) error.attemptsLeft = attemptsLeft;
    return { error };
  }
}

/** Why an abuse limit refused; the zh-CN wording of each (the widget shows it with the countdown). */
export const RATE_LIMIT_MESSAGES = {
  client: '请求过于频繁，请稍后再试',
  number: '该手机号发起授权过于频繁，请稍后再试',
  sms: '该手机号获取验证码次数过多，请稍后再试',
  password: '服务密码错误次数过多，为保护您的账户已暂停尝试，请稍后再试',
  captcha: '刷新过于频繁，请稍后再试',
  /** Lender API (English). */
  lender: 'Too many link tokens created with this API key: wait for Retry-After seconds',
} as const;
export type RateLimitReason = keyof typeof RATE_LIMIT_MESSAGES;

/** 429 rate_limited: `waitMs` from `nowMs` (the server clock), with Retry-After and retryAt. */
export function rateLimited(
  reason: RateLimitReason,
  waitMs: number,
  nowMs: number,
  extra: { field?: string; attemptsLeft?: number } = {},
): ApiFailure {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const guidance: FailureGuidance = { retryAfterSeconds, retryAt: new Date(nowMs + retryAfterSeconds * 1000).toISOString() };
  if (extra.attemptsLeft !== undefined) guidance.attemptsLeft = extra.attemptsLeft;
  return new ApiFailure(429, 'rate_limited', RATE_LIMIT_MESSAGES[reason], true, extra.field, guidance);
}

export function errorBody(code: ErrorCode, message: string, retryable: boolean): ErrorResponse {
  return { error: { code, message, retryable } };
}

// zh-CN messages: the widget localizes by code and falls back to these.
export const failures = {
  noSession: () => new ApiFailure(401, 'session_not_found', '未找到授权会话，请重新开始'),
  expired: () => new ApiFailure(401, 'session_expired', '授权会话已过期，请重新开始'),
  outdated: () => new ApiFailure(409, 'step_outdated', '页面已更新，请按最新步骤操作', true),
  /** Another call of this session is with the upstream (on this or another instance). */
  busy: () => new ApiFailure(409, 'busy', '正在处理上一个请求，请稍候', true),
  /** This instance is shutting down and takes no new session; another instance will. */
  draining: () => new ApiFailure(503, 'busy', '服务正在切换，请稍后重试', true),
  actionUnavailable: (why: string) => new ApiFailure(400, 'action_unavailable', why),
  tooEarly: () => new ApiFailure(429, 'action_too_early', '操作过于频繁，请稍后再试', true),
  /** A value the user must correct; `field` names it so the widget shows the message there. */
  inputInvalid: (message: string, field: string, code: 'input_invalid' | 'new_password_invalid' = 'input_invalid') =>
    new ApiFailure(422, code, message, false, field),
  tooManyRestarts: () => new ApiFailure(429, 'too_many_attempts', '重新开始的次数过多，请稍后再试'),
  /** `field` names the bad path of a lender request (e.g. `allowedOrigins.0`). */
  badRequest: (message = '请求格式不正确', field?: string) => new ApiFailure(400, 'bad_request', message, false, field),
  linkNotFound: () => new ApiFailure(404, 'link_not_found', '授权链接无效，请返回申请页面重新打开'),
  linkUsed: () => new ApiFailure(410, 'link_used', '授权链接已使用，请返回申请页面重新打开'),
  linkExpired: () => new ApiFailure(410, 'link_expired', '授权链接已过期，请返回申请页面重新打开'),
  linkRequired: () => new ApiFailure(403, 'link_required', '请从贷款机构的申请页面打开授权'),
  /** Lender API (English: lender engineers read it); the same answer for a missing and a wrong key. */
  unauthorized: () => new ApiFailure(401, 'unauthorized', 'Missing or unknown API key: send Authorization: Bearer <your API key>'),
  internal: () => new ApiFailure(500, 'internal_error', '服务暂时不可用，请稍后再试', true),
};
