import type { Field } from '../../flow';

/**
 * react-hook-form reads `.` and `[` in a name as a path and drops quotes; field ids are opaque
 * upstream strings, so they are encoded into a flat, reversible key.
 */
export function fieldKey(id: string): string {
  return `f_${encodeURIComponent(id).replace(/[.'!()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The key of a new password's confirmation input: never a field key (those start `f_`), never sent. */
export function confirmKey(name: string): string {
  return `c_${name}`;
}

/** The key of one row's input in a `contacts` field: react-hook-form reads it as an array index. */
export function rowKey(name: string, index: number): `${string}.${number}` {
  return `${name}.${index}`;
}

/** Which input takes focus when a field is rejected: a contacts list focuses its first row. */
export function focusKey(field: Field): string {
  const name = fieldKey(field.id);
  return field.kind === 'contacts' ? rowKey(name, 0) : name;
}
