import { en } from '../../widget/i18n/en';
import { errorText } from '../../widget/i18n/error-text';
import { zhCN } from '../../widget/i18n/zh-cn';
import type { ErrorTexts } from '../autoplay/expectation';

/**
 * How the widget words an error code, in either locale, for autoplay to recognise the expected
 * error by its text. zh-CN `upstream_error` shows the carrier's own words: not knowable, so any
 * alert at the expected place counts for it.
 */
export const widgetErrorTexts: ErrorTexts = (code) => {
  const lines = [errorText(en, 'en', { code, message: '' })];
  if (code !== 'upstream_error') lines.push(errorText(zhCN, 'zh-CN', { code, message: '' }));
  // An unknown code falls back to the (empty) server message: nothing to compare with.
  return lines.filter((line) => line !== '');
};
