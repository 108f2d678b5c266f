import { isWidgetLocale } from '../../flow/page';
import type { Locale } from './messages';

// The applicant's language choice lasts as long as the tab (like the session token).
const STORAGE_KEY = 'carrierlink.locale';

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The language the applicant picked with the switch in this tab, if any. */
export function readChosenLocale(): Locale | undefined {
  try {
    const value = storage()?.getItem(STORAGE_KEY);
    return isWidgetLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writeChosenLocale(locale: Locale): void {
  try {
    storage()?.setItem(STORAGE_KEY, locale);
  } catch {
    // Blocked storage: the choice still holds for this page (and its URL).
  }
}
