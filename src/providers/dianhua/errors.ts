import type { FlowError } from '../../flow';
import { rule } from '../shared/error-rule';
import type { ErrorRule } from '../shared/error-rule';
import { withGuidance } from '../shared/vendor-guidance';

export { mapUpstreamError } from '../shared/transport-errors';

/** Section 20 of the Dianhua document, mapped to neutral errors. Messages are the document's. */
export const DIANHUA_ERRORS: Readonly<Record<string, ErrorRule>> = {
  // Data API (calls/record, calls/report): not ready yet, or failed for good.
  '3001': rule('upstream_unavailable', 'none', 'step', '查询中'),
  '3100': rule('upstream_error', 'none', 'restart', '查询失败'),
  '3101': rule('upstream_unavailable', 'none', 'step', '数据生成中'),
  '3102': rule('upstream_error', 'none', 'restart', '数据生成失败'),
  // Our credentials or requests: an operator must act, the applicant cannot.
  '3997': rule('upstream_misconfigured', 'none', 'none', '账户授权已过期,请联系运营人员'),
  '3998': rule('upstream_misconfigured', 'none', 'none', '无效的 appid'),
  '3999': rule('upstream_misconfigured', 'none', 'none', 'token 生成失败'),
  '4000': rule('upstream_misconfigured', 'none', 'none', '无效的 token'),
  '4001': rule('upstream_misconfigured', 'none', 'none', 'API 参数错误'),
  '4005': rule('upstream_misconfigured', 'none', 'none', 'API 签名错误'),
  '4004': rule('session_expired', 'none', 'restart', '会话已超时'),
  '4016': rule('session_expired', 'none', 'restart', '无效会话'),
  '4006': rule('sms_send_failed', 'smsCode', 'step', '运营商短信发送失败，请稍后重试'),
  '4007': rule('upstream_unavailable', 'none', 'step', '运营商繁忙，请稍后重试'),
  // Also answered for a wrong SMS code: `mapDianhuaError` moves it there when no captcha is shown.
  '4008': rule('captcha_incorrect', 'captcha', 'field', '验证码错误，请输入正确的验证码'),
  '4009': rule('sms_rate_limited', 'none', 'none', '运营商提示：短信下发次数已达到上限，请明天重试'),
  '4010': rule('identity_incorrect', 'identity', 'field', '姓名或身份证号错误'),
  '4012': rule('password_incorrect', 'password', 'field', '手机号或服务密码错误'),
  '4013': rule('password_too_simple', 'password', 'none', '服务密码过于简单'),
  '4017': rule('logged_in_elsewhere', 'none', 'restart', '运营商提示：您已在别处登录。请重新登录'),
  '4990': rule('sms_code_still_valid', 'smsCode', 'field', '上条短信验证码尚在有效期内，请正确输入上条短信验证码'),
  '9999': rule('upstream_unavailable', 'none', 'step', '系统繁忙，请稍后重试'),
  '20005': rule('too_many_attempts', 'none', 'none', '运营商提示:操作过于频繁,请稍等 30 分钟后重试'),
  '20006': rule('too_many_attempts', 'password', 'none', '服务密码错误次数超过上限'),
  '20008': rule('not_real_name_verified', 'none', 'none', '运营商禁止非实名用户查询'),
  '20011': rule('too_many_attempts', 'none', 'none', '运营商提示：操作过于频繁，为保障您的账户安全，请明天重试'),
  // A new code is already on its way: the adapter restarts the resend countdown.
  '20013': rule('sms_code_expired', 'smsCode', 'field', '短信验证码错误或过期,新验证码已下发,请提交新的验证码'),
  '20014': rule('password_initial', 'password', 'none', '运营商提示：不支持初始密码登录,请重置密码后重试'),
  '20015': rule('query_forbidden', 'none', 'none', '运营商禁止该手机号办理此业务'),
  // "该月": the month asked for, not a month-long ban; the document names no wait.
  '20016': rule('query_forbidden', 'none', 'none', '运营商禁止查询该月详单，可能是过户前的信息，或者是其它特殊禁止查询情况'),
  // The adapter ends a session answered 20017 at login or verification as authorized: the sid holds the data.
  '20017': rule('already_authorized', 'none', 'none', '您已认证成功，请勿重复'),
  '20018': rule('number_busy', 'none', 'restart', '此号码正在查询中,请稍后重试'),
  '20019': rule('too_many_attempts', 'password', 'none', '运营商提示：输错次数过多，账号暂时锁定，请明天重试'),
  '20020': rule('upstream_maintenance', 'none', 'restart', '运营商正在维护，请稍后重试'),
  // Password recovery (forget/pwd). The adapter turns the final ones into an error on the login step.
  '30001': rule('recovery_unsupported', 'none', 'none', '运营商暂不支持该地区服务密码在线重置，如需重置，请拨打客服热线'),
  '30002': rule('new_password_invalid', 'newPassword', 'field', '请输入 8 位数字服务密码'),
  '30003': rule('new_password_invalid', 'newPassword', 'field', '请输入 6 位数字服务密码'),
  '30004': rule('new_password_same', 'newPassword', 'field', '新服务密码与旧服务密码一致'),
  '30005': rule('new_password_invalid', 'newPassword', 'field', '服务密码过于简单，请重新输入'),
  '30006': rule('contacts_incorrect', 'contacts', 'field', '请输入 5 天前 90 天内通话过的联系人号码'),
  '30007': rule('recovery_failed', 'none', 'none', '重置失败，请重试或拨打客服热线进行重置'),
  '30008': rule('new_password_invalid', 'newPassword', 'field', '请输入数字服务密码'),
  '30009': rule('recovery_failed', 'none', 'none', '运营商短信下发失败，请拨打客服热线进行重置'),
  '30010': rule('account_abnormal', 'none', 'none', '账号状态不正常'),
};

/** The codes of the document's section 20. */
export const SECTION_20_CODES: readonly string[] = Object.keys(DIANHUA_ERRORS);

const GENERIC_MESSAGE = '运营商服务异常，请稍后重试';

export interface ErrorContext {
  /** Whether the step the user answered shows an image captcha (decides where 4008 lands). */
  captchaShown: boolean;
  /** The clock a wait like "明天" is counted from (default: now). */
  now?: number;
}

/**
 * A non-zero `status` as a neutral error. A code outside the table (5000 invalid sid, 5001 outdated
 * sid, 4999 SMS asked too quickly leak from Dianhua's inner layer) keeps the vendor's msg.
 */
export function mapDianhuaError(
  status: number | string,
  msg: string | undefined,
  context: ErrorContext = { captchaShown: true },
): FlowError {
  const upstreamCode = String(status);
  const known = DIANHUA_ERRORS[upstreamCode];
  const now = context.now ?? Date.now();
  if (known && upstreamCode === '4008' && !context.captchaShown) {
    return { code: 'sms_code_incorrect', target: 'smsCode', retry: 'field', message: known.message, upstreamCode };
  }
  // The wait and instruction the vendor's words name ride along (vendor-guidance).
  if (known) return withGuidance({ ...known, upstreamCode }, msg, now);
  const message = msg?.trim() ? msg.trim() : GENERIC_MESSAGE;
  return withGuidance({ code: 'upstream_error', target: 'none', retry: 'step', message, upstreamCode }, null, now);
}
