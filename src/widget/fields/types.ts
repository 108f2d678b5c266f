import type { ReactNode } from 'react';
import type { FieldKind, FieldOf, FieldValue } from '../../flow';

/**
 * The form's values: path-safe field keys (see field-key.ts) to raw input values, a string per
 * input or, for `contacts`, a string array (react-hook-form registers its rows as `key.0`, `key.1`).
 */
export type FormValues = Record<string, FieldValue>;

export interface FieldRendererProps<K extends FieldKind> {
  field: FieldOf<K>;
  /** The react-hook-form name of this field. */
  name: string;
  /** Upstream title, or the widget's default for the kind. */
  label: string;
  stepId: string;
  /** Server clock minus device clock, for countdowns to server instants. */
  skewMs: number;
}

export type Renderer<K extends FieldKind = FieldKind> = (props: FieldRendererProps<K>) => ReactNode;
