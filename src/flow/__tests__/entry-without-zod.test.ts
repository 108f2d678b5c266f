import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The flow entry (and the constants module) must reach no zod, so that a bundle needing only a
// constant or a helper never loads a schema. Walks every import that survives compilation: an
// `import type` / `export type` is erased; any other import, even of types only, is followed.
const FLOW = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The specifiers a module loads at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

/** Every bare (package) specifier reached from `entry`, with the chain of files that reaches it. */
function packagesReached(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.'))
        walk(join(dirname(file), `${specifier}.ts`), [...chain, relative(FLOW, join(dirname(file), `${specifier}.ts`))]);
      else if (!reached.has(specifier)) reached.set(specifier, chain);
    }
  };
  walk(entry, [relative(FLOW, entry)]);
  return reached;
}

const zodIn = (reached: Map<string, string[]>) =>
  [...reached].filter(([name]) => name === 'zod' || name.startsWith('zod/')).map(([name, chain]) => `${chain.join(' -> ')} -> ${name}`);

describe('the flow entry', () => {
  it('reaches no zod from index.ts, so constants and helpers come without schemas', () => {
    expect(zodIn(packagesReached(join(FLOW, 'index.ts')))).toEqual([]);
  });

  it('reaches no zod from constants.ts', () => {
    expect(zodIn(packagesReached(join(FLOW, 'constants.ts')))).toEqual([]);
  });

  it('keeps the schemas behind flow/schemas, which does load zod', () => {
    expect(zodIn(packagesReached(join(FLOW, 'schemas.ts')))).not.toEqual([]);
  });
});
