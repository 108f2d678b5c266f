import type { ReactNode } from 'react';
import type { FieldKind, FieldOf } from '../../flow';

/** The form's values: path-safe field keys (see field-key.ts) to raw input strings. */
export type FormValues = Record<string, string>;

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
