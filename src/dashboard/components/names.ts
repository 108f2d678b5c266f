import type { Messages } from '../i18n/zh-cn';

/** A vendor, carrier or stage name in the viewer's words; unknown when null. */
export const providerName = (m: Messages, value: string | null) => (value === null ? m.common.unknown : (m.providers[value] ?? value));
export const carrierName = (m: Messages, value: string | null) =>
  value === null ? m.common.unknown : ((m.carriers as Record<string, string>)[value] ?? value);
export const errorName = (m: Messages, code: string | null) => (code === null ? '–' : (m.errors[code] ?? code));
