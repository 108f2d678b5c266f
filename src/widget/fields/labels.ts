import type { Field } from '../../flow';
import type { Locale, Messages } from '../i18n/messages';

/**
 * The upstream title when given, else the widget's own label for the kind. Upstream titles are
 * Chinese, so in another locale a kind the widget knows takes the widget's label; a select or an
 * unknown (text) field keeps the upstream title, the only words that say what it asks for.
 */
export function fieldLabel(field: Field, messages: Messages, locale: Locale): string {
  const upstream = field.label?.trim();
  const generic = field.kind === 'select' || field.kind === 'text';
  if (upstream && (locale === 'zh-CN' || generic)) return upstream;
  return generic ? messages.field.fallbackLabel : messages.field.label[field.kind];
}
