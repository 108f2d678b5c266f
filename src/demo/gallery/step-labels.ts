import { scriptSteps } from '../autoplay/steps';
import type { GalleryMessages } from '../i18n/messages';
import type { ScriptAction } from '../scenario-types';
import { FIELD_LABELS } from '../script';
import type { GalleryLocale } from './url-state';

/** One line per step a designer can jump to: the phone step, each script step, the end screen. */
export function stepLabels(script: readonly ScriptAction[], locale: GalleryLocale, m: GalleryMessages): string[] {
  const separator = locale === 'en' ? ', ' : '、';
  const labels = scriptSteps(script).map((step) => {
    if (step.index === 0) return m.stepPhone;
    const fills = step.actions.flatMap((a) =>
      a.type === 'fill' ? [locale === 'en' ? FIELD_LABELS[a.field].en : FIELD_LABELS[a.field].zh] : [],
    );
    const presses = step.actions.flatMap((a) => (a.type === 'fill' ? [] : [m.stepPress[a.type]]));
    return [fills.join(separator), ...presses].filter(Boolean).join(' → ');
  });
  return [...labels, m.stepEnd];
}
