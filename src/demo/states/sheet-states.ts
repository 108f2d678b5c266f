import type { RequestErrorCode } from '../../widget/api/http';
import type { Locale } from '../../widget/i18n/messages';
import type { LinkErrorCode } from '../../widget/embed/view';
import type { Step } from '../../flow';
import type { CellDriver } from './cell-driver';
import { APPLICANT, SHEET_LINK_TOKEN, STEPS } from './fixtures';

/** What a cell mounts, as the widget would reach it. */
export type SheetScreen =
  | { kind: 'phone'; lockedPhone?: string; linkToken?: string }
  /** A session on this step (form, authorized or failed), served from the session cache. */
  | { kind: 'step'; step: Step }
  | { kind: 'expired' }
  | { kind: 'link_error'; code: LinkErrorCode }
  | { kind: 'loading' }
  | { kind: 'load_error'; code: RequestErrorCode };

export interface SheetState {
  /** Stable name: the cell's `data-state`, for screenshot comparison and tests. */
  id: string;
  label: Readonly<Record<Locale, string>>;
  screen: SheetScreen;
  /** Brings the mounted screen into its state through the DOM; resolves once it is shown. */
  drive?: (cell: CellDriver) => Promise<unknown>;
}

const PHONE_INPUT = 'input[type="tel"]';
const CONSENT = 'input[type="checkbox"]';
const SUBMIT = 'button[type="submit"]:not([name])';
const PASSWORD_INPUT = 'input[type="password"]';

/** Every screen and field state of the widget, in the order the sheet shows them. */
export const SHEET_STATES: readonly SheetState[] = [
  { id: 'phone-empty', label: { 'zh-CN': '手机号 · 空', en: 'Phone · empty' }, screen: { kind: 'phone' } },
  {
    id: 'phone-filled',
    label: { 'zh-CN': '手机号 · 已填写', en: 'Phone · filled' },
    screen: { kind: 'phone' },
    drive: async (cell) => {
      cell.fill(PHONE_INPUT, APPLICANT.phone);
      cell.click(CONSENT);
      return cell.waitFor('.cl-carrier__badge');
    },
  },
  {
    id: 'phone-invalid',
    label: { 'zh-CN': '手机号 · 校验失败', en: 'Phone · invalid' },
    screen: { kind: 'phone' },
    drive: async (cell) => {
      cell.fill(PHONE_INPUT, '1380013');
      cell.click(SUBMIT);
      return cell.waitFor('.cl-field-error--consent');
    },
  },
  {
    id: 'phone-locked',
    label: { 'zh-CN': '手机号 · 链接预填', en: 'Phone · set by the link' },
    screen: { kind: 'phone', lockedPhone: APPLICANT.phone, linkToken: SHEET_LINK_TOKEN },
  },
  {
    id: 'password-empty',
    label: { 'zh-CN': '服务密码 · 空', en: 'Service password · empty' },
    screen: { kind: 'step', step: STEPS.password },
  },
  {
    id: 'password-filled',
    label: { 'zh-CN': '服务密码 · 已填写', en: 'Service password · filled' },
    screen: { kind: 'step', step: STEPS.password },
    drive: async (cell) => cell.fill(PASSWORD_INPUT, '123456'),
  },
  {
    id: 'password-upstream-error',
    label: { 'zh-CN': '服务密码 · 上游报错', en: 'Service password · upstream error' },
    screen: { kind: 'step', step: STEPS.passwordRejected },
    drive: (cell) => cell.waitFor('.cl-field-error'),
  },
  {
    id: 'step-notice',
    label: { 'zh-CN': '步骤提示', en: 'Step notice' },
    screen: { kind: 'step', step: STEPS.passwordNotice },
    drive: (cell) => cell.waitFor('.cl-alert--notice'),
  },
  {
    id: 'recovered-password',
    label: { 'zh-CN': '运营商告知的新服务密码', en: 'New password the carrier answered' },
    screen: { kind: 'step', step: STEPS.recoveredPassword },
    drive: (cell) => cell.waitFor('.cl-recovered'),
  },
  {
    id: 'vendor-guidance',
    label: { 'zh-CN': '错误 · 运营商提示与重试时间', en: 'Error · carrier instruction and retry time' },
    screen: { kind: 'step', step: STEPS.vendorGuidance },
  },
  {
    id: 'captcha-loaded',
    label: { 'zh-CN': '图片验证码 · 已加载', en: 'Image captcha · loaded' },
    screen: { kind: 'step', step: STEPS.captcha },
  },
  {
    id: 'captcha-refreshing',
    label: { 'zh-CN': '图片验证码 · 刷新中', en: 'Image captcha · refreshing' },
    screen: { kind: 'step', step: STEPS.captcha },
    drive: async (cell) => {
      cell.click('.cl-captcha__image + button');
      return cell.waitFor('.cl-spinner');
    },
  },
  {
    id: 'sms-countdown',
    label: { 'zh-CN': '短信验证码 · 倒计时中', en: 'SMS code · countdown running' },
    screen: { kind: 'step', step: STEPS.smsCounting },
  },
  {
    id: 'sms-countdown-ended',
    label: { 'zh-CN': '短信验证码 · 倒计时结束', en: 'SMS code · countdown ended' },
    screen: { kind: 'step', step: STEPS.smsReady },
  },
  {
    id: 'identity',
    label: { 'zh-CN': '姓名与身份证号', en: 'Name and ID card' },
    screen: { kind: 'step', step: STEPS.identity },
  },
  { id: 'contacts', label: { 'zh-CN': '联系人', en: 'Contacts' }, screen: { kind: 'step', step: STEPS.contacts } },
  {
    id: 'new-password',
    label: { 'zh-CN': '新服务密码（找回密码）', en: 'New password (recovery)' },
    screen: { kind: 'step', step: STEPS.newPassword },
  },
  { id: 'select', label: { 'zh-CN': '下拉选择', en: 'Select' }, screen: { kind: 'step', step: STEPS.select } },
  {
    id: 'unknown-text',
    label: { 'zh-CN': '未知字段（文本）', en: 'Unknown field (text)' },
    screen: { kind: 'step', step: STEPS.unknownText },
  },
  {
    id: 'submitting',
    label: { 'zh-CN': '提交中', en: 'Submitting' },
    screen: { kind: 'step', step: STEPS.password },
    drive: async (cell) => {
      cell.fill(PASSWORD_INPUT, '123456');
      cell.click(SUBMIT);
      return cell.waitFor(`${SUBMIT}[aria-busy="true"]`);
    },
  },
  {
    id: 'step-error',
    label: { 'zh-CN': '步骤级上游错误', en: 'Step-level upstream error' },
    screen: { kind: 'step', step: STEPS.stepError },
  },
  { id: 'authorized', label: { 'zh-CN': '授权成功', en: 'Success' }, screen: { kind: 'step', step: STEPS.authorized } },
  {
    id: 'failed-restart',
    label: { 'zh-CN': '失败 · 可重新开始', en: 'Failure · can restart' },
    screen: { kind: 'step', step: STEPS.failedRestart },
  },
  {
    id: 'failed-final',
    label: { 'zh-CN': '失败 · 不可重新开始', en: 'Failure · no restart' },
    screen: { kind: 'step', step: STEPS.failedFinal },
  },
  { id: 'session-expired', label: { 'zh-CN': '会话已过期', en: 'Session expired' }, screen: { kind: 'expired' } },
  {
    id: 'link-not-found',
    label: { 'zh-CN': '链接错误 · 无效', en: 'Link error · not found' },
    screen: { kind: 'link_error', code: 'link_not_found' },
  },
  {
    id: 'link-used',
    label: { 'zh-CN': '链接错误 · 已使用', en: 'Link error · used' },
    screen: { kind: 'link_error', code: 'link_used' },
  },
  {
    id: 'link-expired',
    label: { 'zh-CN': '链接错误 · 已过期', en: 'Link error · expired' },
    screen: { kind: 'link_error', code: 'link_expired' },
  },
  { id: 'loading', label: { 'zh-CN': '加载中', en: 'Loading' }, screen: { kind: 'loading' } },
  {
    id: 'load-error',
    label: { 'zh-CN': '加载失败', en: 'Load error' },
    screen: { kind: 'load_error', code: 'network_error' },
  },
];

/** The session token of a cell's own session (the fixture network answers it by this token). */
export function sheetToken(stateId: string): string {
  return `sheet_${stateId}`;
}
