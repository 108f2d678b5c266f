import type { Theme } from '../config';
import { parseHex } from './color';
import { brandTokens, isRadius, radiusTokens } from './tokens';

/** What the page URL asks of the look; both already validated (embed/params.ts). */
export interface ThemeOptions {
  theme: Theme;
  /** `#rgb`/`#rrggbb`; absent: tokens.css's default brand. */
  brand?: string;
  /** Corner radius in px, 0..MAX_RADIUS; absent: tokens.css's. */
  radius?: number;
}

/** Every property applyTheme may set, so a second call leaves none of the first behind. */
const OWN_PROPERTIES = [...Object.keys(brandTokens([0, 0, 0], 'light')), ...Object.keys(radiusTokens(1))];

/**
 * Writes the brand's and radius's tokens on `root` through the CSSOM (`style.setProperty`): the
 * page CSP allows no inline style markup, and root inline properties win over tokens.css for both
 * themes. The values are computed from parsed numbers, never copied from the URL.
 */
export function applyTheme(root: HTMLElement, options: ThemeOptions): void {
  for (const name of OWN_PROPERTIES) root.style.removeProperty(name);
  const brand = options.brand === undefined ? undefined : parseHex(options.brand);
  const { radius } = options;
  const tokens = {
    ...(brand ? brandTokens(brand, options.theme) : {}),
    ...(radius !== undefined && isRadius(radius) ? radiusTokens(radius) : {}),
  };
  for (const [name, value] of Object.entries(tokens)) root.style.setProperty(name, value);
  // The browser chrome around the page (mobile address bar) follows the brand too.
  const meta = root.ownerDocument.querySelector('meta[name="theme-color"]');
  const fill = tokens['--cl-brand'];
  if (meta && fill) meta.setAttribute('content', fill);
}
