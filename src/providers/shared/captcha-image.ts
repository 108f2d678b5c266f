// Rong360 sends type-8 values as raw base64 without a `data:` prefix (vendor-notes), some
// integrations saw a full data URI. The widget needs `data:image/...`, so sniff the format.

const MIME_BY_MAGIC: ReadonlyArray<readonly [prefix: string, mime: string]> = [
  ['iVBOR', 'image/png'],
  ['/9j/', 'image/jpeg'],
  ['R0lGOD', 'image/gif'],
  ['Qk', 'image/bmp'],
  ['UklGR', 'image/webp'],
];
const ALLOWED_MIMES = new Set(MIME_BY_MAGIC.map(([, mime]) => mime));

/** The MIME type a base64 image starts like; PNG when nothing matches (the most common). */
export function sniffImageMime(base64: string): string {
  return MIME_BY_MAGIC.find(([prefix]) => base64.startsWith(prefix))?.[1] ?? 'image/png';
}

/** A captcha value (raw base64 or a data URI) as a `data:image/...;base64,` URI. */
export function captchaDataUri(raw: string | undefined): string {
  let value = (raw ?? '').trim();
  let declared: string | undefined;
  const dataUri = /^data:([^;,]*)(?:;[^,]*)?,/i.exec(value);
  if (dataUri) {
    declared = dataUri[1]?.toLowerCase();
    value = value.slice(dataUri[0].length);
  }
  // Only base64 characters survive: the value lands in an <img src> of the widget.
  const base64 = value.replace(/[^A-Za-z0-9+/=]/g, '');
  const mime = declared && ALLOWED_MIMES.has(declared) ? declared : sniffImageMime(base64);
  return `data:${mime};base64,${base64}`;
}
