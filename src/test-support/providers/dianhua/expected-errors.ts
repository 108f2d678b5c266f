import type { ErrorCode, ErrorTarget, RetryMode } from '../../../flow';

/** What every code of section 20 must map to: [neutral code, target, retry]. Written from the brief, not the table. */
export const EXPECTED_ERRORS: Readonly<Record<string, readonly [ErrorCode, ErrorTarget, RetryMode]>> = {
  '3001': ['upstream_unavailable', 'none', 'step'],
  '3100': ['upstream_error', 'none', 'restart'],
  '3101': ['upstream_unavailable', 'none', 'step'],
  '3102': ['upstream_error', 'none', 'restart'],
  '3997': ['upstream_misconfigured', 'none', 'none'],
  '3998': ['upstream_misconfigured', 'none', 'none'],
  '3999': ['upstream_misconfigured', 'none', 'none'],
  '4000': ['upstream_misconfigured', 'none', 'none'],
  '4001': ['upstream_misconfigured', 'none', 'none'],
  '4004': ['session_expired', 'none', 'restart'],
  '4005': ['upstream_misconfigured', 'none', 'none'],
  '4006': ['sms_send_failed', 'smsCode', 'step'],
  '4007': ['upstream_unavailable', 'none', 'step'],
  '4008': ['captcha_incorrect', 'captcha', 'field'],
  '4009': ['sms_rate_limited', 'none', 'none'],
  '4010': ['identity_incorrect', 'identity', 'field'],
  '4012': ['password_incorrect', 'password', 'field'],
  '4013': ['password_too_simple', 'password', 'none'],
  '4016': ['session_expired', 'none', 'restart'],
  '4017': ['logged_in_elsewhere', 'none', 'restart'],
  '4990': ['sms_code_still_valid', 'smsCode', 'field'],
  '9999': ['upstream_unavailable', 'none', 'step'],
  '20005': ['too_many_attempts', 'none', 'none'],
  '20006': ['too_many_attempts', 'password', 'none'],
  '20008': ['not_real_name_verified', 'none', 'none'],
  '20011': ['too_many_attempts', 'none', 'none'],
  '20013': ['sms_code_expired', 'smsCode', 'field'],
  '20014': ['password_initial', 'password', 'none'],
  '20015': ['query_forbidden', 'none', 'none'],
  '20016': ['query_forbidden', 'none', 'none'],
  '20017': ['already_authorized', 'none', 'none'],
  '20018': ['number_busy', 'none', 'restart'],
  '20019': ['too_many_attempts', 'password', 'none'],
  '20020': ['upstream_maintenance', 'none', 'restart'],
  '30001': ['recovery_unsupported', 'none', 'none'],
  '30002': ['new_password_invalid', 'newPassword', 'field'],
  '30003': ['new_password_invalid', 'newPassword', 'field'],
  '30004': ['new_password_same', 'newPassword', 'field'],
  '30005': ['new_password_invalid', 'newPassword', 'field'],
  '30006': ['contacts_incorrect', 'contacts', 'field'],
  '30007': ['recovery_failed', 'none', 'none'],
  '30008': ['new_password_invalid', 'newPassword', 'field'],
  '30009': ['recovery_failed', 'none', 'none'],
  '30010': ['account_abnormal', 'none', 'none'],
};

/** Section 20 of the document, as printed (0 = OK excluded). */
export const DOCUMENT_CODES =
  '3001 3100 3101 3102 3997 3998 3999 4000 4001 4004 4005 4006 4007 4008 4009 4010 4012 4013 4016 4017 4990 9999 ' +
  '20005 20006 20008 20011 20013 20014 20015 20016 20017 20018 20019 20020 ' +
  '30001 30002 30003 30004 30005 30006 30007 30008 30009 30010';
