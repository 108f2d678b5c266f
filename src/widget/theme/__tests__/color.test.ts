import { describe, expect, it } from 'vitest';
import { BLACK, WHITE, contrast, ensureContrast, parseHex, toHex } from '../color';
import { NEAR_BLACK, textOn } from '../tokens';

describe('colour maths', () => {
  it('reads #rgb and #rrggbb in either case and nothing else', () => {
    expect(parseHex('#1f6feb')).toEqual([0x1f, 0x6f, 0xeb]);
    expect(parseHex('#F60')).toEqual([0xff, 0x66, 0x00]);
    for (const bad of ['1f6feb', '#1f6fe', '#1f6feb00', '#ggg', 'red', '#fff;', '#fff)', ' #fff', 'url(x)', '']) {
      expect(parseHex(bad)).toBeUndefined();
    }
    expect(toHex([0x1f, 0x6f, 0xeb])).toBe('#1f6feb');
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrast(BLACK, WHITE)).toBeCloseTo(21, 5);
    expect(contrast(WHITE, WHITE)).toBe(1);
    // #767676 is the classic lightest grey with 4.5:1 on white.
    expect(contrast([0x76, 0x76, 0x76], WHITE)).toBeCloseTo(4.54, 2);
  });

  it('puts white text on dark brands and near-black text on light ones', () => {
    expect(textOn([0x00, 0x33, 0x66])).toBe(WHITE);
    expect(textOn([0xe6, 0x00, 0x12])).toBe(WHITE);
    expect(textOn([0xff, 0xcc, 0x00])).toBe(NEAR_BLACK);
    expect(textOn([0x00, 0xe6, 0x76])).toBe(NEAR_BLACK);
  });

  it('moves a colour only as far as it needs to reach a contrast', () => {
    const yellow: readonly [number, number, number] = [0xff, 0xcc, 0x00];
    const darkened = ensureContrast(yellow, [WHITE], 4.5, BLACK);
    expect(contrast(darkened, WHITE)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(darkened, WHITE)).toBeLessThan(5.5);
    expect(ensureContrast(BLACK, [WHITE], 4.5, BLACK)).toEqual(BLACK);
  });
});
