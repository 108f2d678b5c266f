import type { ApiError, FieldOf, FormStep, Step } from '../../flow';

/**
 * The sheet's fixed server clock. Every server instant (SMS `allowedAt`) is relative to it, and
 * each screen's skew (see snapshot.ts) is computed from it against the sheet's frozen device clock,
 * so the server's "now" on the sheet is always this instant whatever day it is opened.
 */
export const SERVER_TIME = '2026-11-02T02:00:00.000Z';

/** A server instant `seconds` after SERVER_TIME (negative: before it). */
export function serverInstant(seconds: number): string {
  return new Date(Date.parse(SERVER_TIME) + seconds * 1000).toISOString();
}

/** The resend wait the countdown cell shows: "45 秒后重新获取". */
export const COUNTDOWN_SECONDS = 45;

/** The applicant as the widget knows them after the phone step (a test number, never real). */
export const APPLICANT = { phone: '13800138000', maskedPhone: '138****8000', carrier: 'chinaMobile' } as const;

/** A made-up link token, only for the locked-phone cell (it is never sent anywhere). */
export const SHEET_LINK_TOKEN = `lt_${'0'.repeat(43)}`;

/** A 120x40 striped captcha picture, inline (the sheet loads nothing from the network). */
export const CAPTCHA_IMAGE =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">' +
      '<rect width="120" height="40" fill="#eef1f6"/>' +
      '<path d="M0 30L120 8M0 12L120 34" stroke="#9aa6b8" stroke-width="1.5"/>' +
      '<text x="18" y="29" font-family="monospace" font-size="24" font-weight="700" fill="#34405a" letter-spacing="6">7K3Q</text>' +
      '</svg>',
  );

function form(id: string, fields: FormStep['fields'], extra: Partial<Omit<FormStep, 'type' | 'id' | 'fields'>> = {}): FormStep {
  return { type: 'form', id, revision: 0, intent: 'continue', fields, ...extra };
}

const password: FieldOf<'servicePassword'> = { kind: 'servicePassword', id: 'password', required: true, recovery: 'inline' };

function sms(allowedAt: string): FieldOf<'smsCode'> {
  return { kind: 'smsCode', id: 'sms', required: true, resend: { sent: true, allowedAt } };
}

function failure(code: ApiError['code'], message: string, retryable: boolean): ApiError {
  return { code, message, retryable };
}

/** The steps of the sheet's cells, by the cell they belong to. */
export const STEPS = {
  password: form('sheet-password', [password], { intent: 'login' }),
  passwordRejected: form('sheet-password', [{ ...password, error: { code: 'password_incorrect', message: '服务密码错误，请重新输入' } }], {
    intent: 'login',
    revision: 1,
  }),
  passwordNotice: form('sheet-password', [password], { intent: 'login', notice: '服务密码已重置，请使用新密码登录' }),
  recoveredPassword: form('sheet-password', [password], {
    intent: 'login',
    notice: '服务密码已重置，请使用新密码登录',
    recoveredPassword: { password: '826413', message: '您的新服务密码为：826413，请使用新服务密码登录' },
  }),
  vendorGuidance: form('sheet-password', [password], {
    intent: 'login',
    revision: 1,
    error: {
      code: 'account_locked',
      message: '您的账户已锁定，如忘记密码，可拨打10086重置密码',
      instruction: '如忘记密码，可拨打10086重置密码',
      retryAt: serverInstant(24 * 3600),
    },
  }),
  stepError: form('sheet-password', [password], {
    intent: 'login',
    revision: 1,
    error: { code: 'upstream_unavailable', message: '运营商系统暂时无法访问，请稍后重试' },
  }),
  captcha: form('sheet-captcha', [{ kind: 'imageCaptcha', id: 'captcha', required: true, image: CAPTCHA_IMAGE, refreshable: true }]),
  smsCounting: form('sheet-sms', [sms(serverInstant(COUNTDOWN_SECONDS))], { intent: 'verify' }),
  smsReady: form('sheet-sms', [sms(serverInstant(-5))], { intent: 'verify' }),
  identity: form(
    'sheet-identity',
    [
      { kind: 'name', id: 'name', required: true },
      { kind: 'idCard', id: 'idCard', required: true, detailHint: '请输入机主本人的 18 位身份证号' },
    ],
    { intent: 'verify' },
  ),
  contacts: form('sheet-contacts', [
    { kind: 'contacts', id: 'contacts', required: true, min: 2, max: 4, detailHint: '请输入 5 天前 90 天内通话过的联系人号码' },
  ]),
  newPassword: form('sheet-new-password', [{ kind: 'newPassword', id: 'newPassword', required: true, length: 6 }], {
    purpose: 'recoverPassword',
    cancellable: true,
  }),
  select: form('sheet-select', [
    {
      kind: 'select',
      id: 'province',
      label: '归属地',
      required: true,
      options: [
        { label: '北京', value: 'bj' },
        { label: '上海', value: 'sh' },
        { label: '广东', value: 'gd' },
      ],
    },
  ]),
  unknownText: form('sheet-text', [
    { kind: 'text', id: 'question', label: '客服密保问题：您的入网城市', hint: '例如：杭州', required: true, inputMode: 'text' },
  ]),
  authorized: { type: 'authorized', id: 'sheet-authorized' },
  failedRestart: {
    type: 'failed',
    id: 'sheet-failed-restart',
    error: failure('upstream_timeout', '运营商响应超时，请稍后重试', true),
    canRestart: true,
  },
  failedFinal: {
    type: 'failed',
    id: 'sheet-failed-final',
    error: failure('account_locked', '您的运营商账户已被锁定，请联系运营商客服解锁后再试', false),
    canRestart: false,
  },
} satisfies Record<string, Step>;
