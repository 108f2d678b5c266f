import type { Field, FieldKind } from '../../flow';
import { useLocale, useMessages } from '../i18n/i18n-context';
import { fieldKey } from './field-key';
import { fieldLabel } from './labels';
import { fieldRegistry } from './registry';
import type { Renderer } from './types';

// Indexing the mapped registry with a generic kind keeps field and renderer matched without a cast.
function rendererFor<K extends FieldKind>(kind: K): Renderer<K> {
  return fieldRegistry[kind];
}

/** Renders one field of a form step through the registry. */
export function FieldSlot({ field, stepId, skewMs }: { field: Field; stepId: string; skewMs: number }) {
  const m = useMessages();
  const locale = useLocale();
  const FieldRenderer = rendererFor(field.kind);
  return <FieldRenderer field={field} name={fieldKey(field.id)} label={fieldLabel(field, m, locale)} stepId={stepId} skewMs={skewMs} />;
}
