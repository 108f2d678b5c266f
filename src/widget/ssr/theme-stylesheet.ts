import { parseHex } from '../theme/color';
import { brandTokens, isRadius, radiusTokens, type ThemeTokens } from '../theme/tokens';

const block = (selector: string, tokens: ThemeTokens) =>
  `${selector}{${Object.entries(tokens)
    .map(([name, value]) => `${name}:${value}`)
    .join(';')}}`;

/**
 * `?brand=` and `?radius=` as a stylesheet the page links (theme/apply-theme.ts does the same through
 * the CSSOM where the server did not render the page): the brand's tokens for the light theme, the
 * dark one, and the dark one the device asks for (tokens.css's own media query). Values come from
 * parsed numbers, never from the URL's text.
 */
export function themeStylesheet(brand: string | undefined, radius: number | undefined): { css: string; themeColor?: string } | undefined {
  const rgb = brand === undefined ? undefined : parseHex(brand);
  const radii = radius !== undefined && isRadius(radius) ? radiusTokens(radius) : undefined;
  if (!rgb && !radii) return undefined;
  const light = rgb ? brandTokens(rgb, 'light') : {};
  const dark = rgb ? brandTokens(rgb, 'dark') : {};
  const rules = [block(':root:root', { ...light, ...radii })];
  if (rgb) {
    rules.push(block(":root:root[data-theme='dark']", dark));
    rules.push(`@media (prefers-color-scheme: dark){${block(":root:root:not([data-theme='light'])", dark)}}`);
  }
  return { css: `${rules.join('\n')}\n`, themeColor: light['--cl-brand'] };
}
