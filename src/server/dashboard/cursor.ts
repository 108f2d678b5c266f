import * as z from 'zod';

/** A page's continuation point: the last row's time and id, opaque to clients (base64url JSON). */
export interface Cursor {
  createdAt: string;
  id: string;
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

/** The cursor, or undefined when it is not one of ours (the caller answers 400). */
export function decodeCursor(text: string): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
