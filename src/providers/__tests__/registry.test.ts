import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES, VENDORS, VENDOR_LIST, vendorOf } from '../registry';
import { VENDOR_NAMES } from '../vendor-names';

const SRC = join(__dirname, '..', '..');

/** Every source file under src, as a path relative to src with forward slashes. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry) ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

/** Where a vendor may be named: its folder and the registry, the designer gallery, and tests. */
const VENDOR_CODE = /^(providers|demo)\//;
/** Test helpers are test code: they drive each vendor's simulator by name. */
const TEST_SUPPORT = /^test-support\//;
const TESTS = /(^|\/)__tests__\/|\.test\.tsx?$/;
/**
 * Released migrations: their SQL names the vendors of the day in a CHECK, and a released migration
 * is never edited. A new vendor's migration widens the CHECK (or drops it) in a new one.
 */
const RELEASED_MIGRATIONS = new Set(['server/store/sqlite/schema-v1.ts', 'server/store/postgres/schema-v1.ts']);

describe('the vendor registry', () => {
  it('holds one descriptor under each browser-side vendor name, in the same order', () => {
    expect(Object.keys(VENDORS)).toEqual(VENDOR_NAMES.map((vendor) => vendor.name));
    expect([...PROVIDER_NAMES]).toEqual(VENDOR_LIST.map((vendor) => vendor.name));
    for (const name of PROVIDER_NAMES) expect(vendorOf(name).name).toBe(name);
  });

  it('gives each vendor variables of its own prefix, a production variable among them, and a push word', () => {
    for (const vendor of VENDOR_LIST) {
      const prefix = `${vendor.name.toUpperCase()}_`;
      expect(vendor.env.variables.length).toBeGreaterThan(0);
      for (const variable of vendor.env.variables) expect(variable.startsWith(prefix), variable).toBe(true);
      expect(vendor.env.variables).toContain(vendor.env.live.variable);
      expect(vendor.push.ack).not.toBe('');
      expect(vendor.push.bodyLimit).toBeGreaterThan(0);
    }
  });

  it("reads each vendor from its own variables only: another vendor's bad value is not its problem", () => {
    for (const vendor of VENDOR_LIST) {
      const others = VENDOR_LIST.filter((other) => other !== vendor).flatMap((other) => other.env.variables);
      const problems: string[] = [];
      const settings = vendor.env.read(Object.fromEntries(others.map((name) => [name, 'not valid at all'])), problems, {
        publicUrl: 'http://127.0.0.1:3000',
        pushPath: `/hooks/${vendor.name}`,
      });
      expect(problems).toEqual([]);
      expect(settings && vendor.env.mode(settings)).toBe('simulator');
    }
  });

  it('keeps vendor names out of every source file outside the vendor folders, the gallery and released migrations', () => {
    const pattern = new RegExp(PROVIDER_NAMES.join('|'), 'i');
    const naming = sourceFiles(SRC).filter(
      (file) =>
        !VENDOR_CODE.test(file) &&
        !TESTS.test(file) &&
        !TEST_SUPPORT.test(file) &&
        !RELEASED_MIGRATIONS.has(file) &&
        pattern.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(naming).toEqual([]);
  });

  it('finds vendor names where they belong, so the scan above reads the files it claims to', () => {
    const pattern = new RegExp(PROVIDER_NAMES.join('|'), 'i');
    for (const file of RELEASED_MIGRATIONS) expect(pattern.test(readFileSync(join(SRC, file), 'utf8')), file).toBe(true);
  });
});
