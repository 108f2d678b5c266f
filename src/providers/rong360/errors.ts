import type { FlowError } from '../../flow';
import { rule } from '../shared/error-rule';
import type { ErrorRule } from '../shared/error-rule';
import { withGuidance } from '../shared/vendor-guidance';

export { mapUpstreamError } from '../shared/transport-errors';

/** Appendix A of the Rong360 document, mapped to neutral errors. Messages are the document's. */
export const RONG360_ERRORS: Readonly<Record<string, ErrorRule>> = {
  '210101': rule('captcha_incorrect', 'captcha', 'field', '验证码错误，请确认后重新尝试'),
  '211101': rule('sms_code_incorrect', 'smsCode', 'field', '短信验证码错误，请确认后重新尝试'),
  '506100': rule('upstream_unavailable', 'none', 'step', '网络异常，请重新尝试'),
  '506101': rule('upstream_error', 'none', 'step', '认证失败，请重新尝试'),
  '506102': rule('password_incorrect', 'password', 'field', '手机号与服务密码不匹配，请重新输入服务密码'),
  '208101': rule('password_incorrect', 'password', 'field', '服务密码错误，请确认后重新尝试'),
  '506004': rule('sms_send_failed', 'smsCode', 'field', '短信验证码获取失败，请点击重新获取'),
  '506003': rule('sms_rate_limited', 'smsCode', 'none', '您的短信验证码发送次数超限，请24小时后重试'),
  '506005': rule('too_many_attempts', 'password', 'none', '您已连续多次输入错误服务密码，请24小时后重试'),
  '506006': rule('password_too_simple', 'password', 'none', '不支持简单密码登录，请重置密码'),
  '506007': rule('upstream_unavailable', 'none', 'step', '根据输入号码获取登录规则失败，请稍后再试'),
  '506008': rule('number_unsupported', 'none', 'none', '该号码暂时不支持，请稍后再试'),
  '506009': rule('password_not_set', 'password', 'none', '当前登录手机号码未设置服务密码，请您设置服务密码'),
  '506010': rule('password_incorrect', 'password', 'field', '网站密码输入不正确，请确认后重试'),
  '506011': rule('upstream_maintenance', 'none', 'restart', '您的号码所属省份系统正在升级，请稍后再试'),
  '506012': rule('account_locked', 'password', 'none', '您的账户已锁定，如忘记密码，可拨打10086重置密码'),
  '506013': rule('upstream_unavailable', 'none', 'step', '远程服务调用异常，请稍后再试'),
  '506014': rule('number_not_found', 'none', 'restart', '您输入的手机号码不存在'),
  '506015': rule('upstream_unavailable', 'none', 'step', '由于远程服务器繁忙，目前暂时无法登录，请稍后再试'),
  '506016': rule('upstream_error', 'none', 'restart', '登录成功，抓取状态保存失败，请重新授权'),
  '506017': rule('password_initial', 'password', 'none', '不支持初始密码登录，请去官网重置密码'),
  '506018': rule('identity_incorrect', 'identity', 'field', '身份证号码输入错误'),
  '506019': rule('password_too_simple', 'password', 'none', '服务密码设置过于简单，请重新设置'),
  '506020': rule('sms_rate_limited', 'smsCode', 'field', '获取随机码操作过于频繁，请稍候再试'),
  '506021': rule('captcha_load_failed', 'captcha', 'field', '获取图像验证码失败，请点击重新获取'),
  '506025': rule('not_real_name_verified', 'none', 'none', '您尚未实名认证，请联系运营商服务人员进行实名认证'),
  '506026': rule('too_many_attempts', 'smsCode', 'none', '随机码验证已被锁定，请20分钟之后重新验证'),
  '506201': rule('upstream_error', 'none', 'step', '系统异常'),
};

const GENERIC_MESSAGE = '运营商服务异常，请稍后重试';

/**
 * A vendor error code (anything but 200) as a neutral error; unknown codes keep the vendor's msg.
 * The wait and instruction the vendor's words name ride along (vendor-guidance).
 */
export function mapVendorError(code: number | string, msg: string | null, now = Date.now()): FlowError {
  const upstreamCode = String(code);
  const known = RONG360_ERRORS[upstreamCode];
  if (known) return withGuidance({ ...known, upstreamCode }, msg, now);
  const message = msg?.trim() ? msg.trim() : GENERIC_MESSAGE;
  return withGuidance({ code: 'upstream_error', target: 'none', retry: 'step', message, upstreamCode }, null, now);
}
