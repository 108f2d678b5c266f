/**
 * react-hook-form reads `.` and `[` in a name as a path and drops quotes; field ids are opaque
 * upstream strings, so they are encoded into a flat, reversible key.
 */
export function fieldKey(id: string): string {
  return `f_${encodeURIComponent(id).replace(/[.'!()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
