import type { Field } from '../../flow';
import type { Messages } from '../i18n/messages';

/** The upstream title when given, else the widget's own label for the kind. */
export function fieldLabel(field: Field, messages: Messages): string {
  const upstream = field.label?.trim();
  if (upstream) return upstream;
  return field.kind === 'select' || field.kind === 'text' ? messages.field.fallbackLabel : messages.field.label[field.kind];
}
