import { describe, expect, it } from 'vitest';
import { BRAND_PATTERN, MAX_RADIUS } from '../../../embed/constants';
import { HEX_COLOUR } from '../../theme/color';
import { MAX_RADIUS as WIDGET_MAX_RADIUS } from '../../theme/tokens';
import { readWidgetParams } from '../params';

const read = (query: string) => {
  const { brand, radius } = readWidgetParams(query);
  return { brand, radius };
};

describe('theme parameters', () => {
  it('reads a URL-encoded #rgb or #rrggbb brand, lower-cased', () => {
    expect(read('?brand=%231F6FEB').brand).toBe('#1f6feb');
    expect(read('?brand=%23f60').brand).toBe('#f60');
  });

  it('ignores any other brand value, so nothing unchecked reaches CSS', () => {
    for (const bad of ['1f6feb', '%231f6fe', '%23ggg', 'red', '%23fff%3Bcolor%3Ared', 'url(x)', '%23fff%29', '', '%20%23fff']) {
      expect(read(`?brand=${bad}`).brand, bad).toBeUndefined();
    }
    // An unencoded # starts the fragment: the query has no brand at all.
    expect(read(new URL('https://widget.example/?brand=#fff').search).brand).toBeUndefined();
  });

  it('reads a whole radius from 0 to 24 px and ignores anything else', () => {
    expect(read('?radius=0').radius).toBe(0);
    expect(read('?radius=8').radius).toBe(8);
    expect(read('?radius=24').radius).toBe(24);
    for (const bad of ['25', '-1', '8.5', '8px', '1e1', '0x8', ' 8', '', '100', 'NaN']) {
      expect(read(`?radius=${encodeURIComponent(bad)}`).radius, bad).toBeUndefined();
    }
  });

  it('accepts exactly what embed.js accepts', () => {
    expect(HEX_COLOUR.source).toBe(BRAND_PATTERN.source);
    expect(HEX_COLOUR.flags).toBe(BRAND_PATTERN.flags);
    expect(WIDGET_MAX_RADIUS).toBe(MAX_RADIUS);
  });
});
