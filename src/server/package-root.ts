import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding package.json, found from this module's own location. The server runs
 * from source (tests, `npm run dev`) and compiled into dist/server (`npm start`), where modules
 * sit at other depths; build output is found from the package root in both.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** A directory of the build output, e.g. `distDir('widget')` = <package root>/dist/widget. */
export const distDir = (name: string): string => join(packageRoot(), 'dist', name);
