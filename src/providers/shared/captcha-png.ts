import { crc32, deflateSync } from 'node:zlib';

// The simulator's captchas are real PNGs, so the widget's <img> path is exercised end to end:
// a minimal encoder (8-bit RGB, no filtering) and a 5x7 bitmap font for digits and `+=?`.

const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  '+': ['00000', '00100', '00100', '11111', '00100', '00100', '00000'],
  '=': ['00000', '00000', '11111', '00000', '11111', '00000', '00000'],
  '?': ['01110', '10001', '00001', '00010', '00100', '00000', '00100'],
};

const SCALE = 4;
const GLYPH_W = 5 * SCALE;
const GLYPH_H = 7 * SCALE;
const GAP = 2 * SCALE;
const MARGIN = 3 * SCALE;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of `width` x `height` RGB pixels (`rgb` row-major, 3 bytes per pixel). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new RangeError('pixel buffer does not match the size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0; // filter type None
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Deterministic speckle, so the same text always gives the same picture. */
function noise(seedText: string): () => number {
  let seed = 2166136261;
  for (const char of seedText) seed = Math.imul(seed ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** A captcha picture showing `text` (digits and `+=?` only). */
export function renderCaptchaPng(text: string): Buffer {
  const glyphs = Array.from(text).map((char) => {
    const glyph = FONT[char];
    if (!glyph) throw new RangeError(`no glyph for ${JSON.stringify(char)}`);
    return glyph;
  });
  const width = MARGIN * 2 + glyphs.length * GLYPH_W + Math.max(0, glyphs.length - 1) * GAP;
  const height = MARGIN * 2 + GLYPH_H;
  const rgb = new Uint8Array(width * height * 3);
  const random = noise(text);
  for (let i = 0; i < width * height; i++) {
    const shade = 225 + Math.floor(random() * 30);
    rgb.set([shade, shade, Math.min(255, shade + 10)], i * 3);
  }
  glyphs.forEach((glyph, index) => {
    const left = MARGIN + index * (GLYPH_W + GAP);
    const lift = Math.floor(random() * 5) - 2; // a little vertical jitter per character
    for (let y = 0; y < GLYPH_H; y++) {
      for (let x = 0; x < GLYPH_W; x++) {
        if (glyph[Math.floor(y / SCALE)]?.[Math.floor(x / SCALE)] !== '1') continue;
        const py = MARGIN + lift + y;
        rgb.set([30, 50 + index * 20, 120], (py * width + left + x) * 3);
      }
    }
  });
  return encodePng(width, height, rgb);
}
