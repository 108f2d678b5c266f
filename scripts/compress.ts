/**
 * Writes `.br` and `.gz` beside every text asset of the builds under dist/ (widget, embed,
 * example-lender), at maximum quality, so the servers (@fastify/static `preCompressed`) never
 * compress on the fly. Run after the `vite build`s; `tsx scripts/compress.ts <dir>` does one directory.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg)$/;

export interface CompressedFile {
  file: string;
  bytes: number;
  br: number;
  gz: number;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) yield path;
  }
}

export async function compressDirectory(dir: string): Promise<CompressedFile[]> {
  const done: CompressedFile[] = [];
  for await (const file of walk(dir)) {
    const content = await readFile(file);
    const br = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    const gz = gzipSync(content, { level: constants.Z_BEST_COMPRESSION });
    await writeFile(`${file}.br`, br);
    await writeFile(`${file}.gz`, gz);
    done.push({ file, bytes: content.length, br: br.length, gz: gz.length });
  }
  return done;
}

export interface CompressedBuild {
  dir: string;
  files: CompressedFile[];
}

/** The compiled server is run by node, never served: nothing to precompress there. */
const NOT_SERVED = new Set(['server']);

/** Compresses every build directory directly under `root` (dist/), each on its own. */
export async function compressBuilds(root: string): Promise<CompressedBuild[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const done: CompressedBuild[] = [];
  for (const name of entries
    .filter((entry) => entry.isDirectory() && !NOT_SERVED.has(entry.name))
    .map((entry) => entry.name)
    .sort()) {
    const dir = join(root, name);
    done.push({ dir, files: await compressDirectory(dir) });
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const target = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const builds = target ? [{ dir: target, files: await compressDirectory(target) }] : await compressBuilds(resolve('dist'));
  for (const { dir, files } of builds) {
    const sum = (pick: (f: CompressedFile) => number) => files.reduce((n, f) => n + pick(f), 0);
    process.stdout.write(
      `compressed ${files.length} files in ${dir}: ${sum((f) => f.bytes)} B -> br ${sum((f) => f.br)} B, gzip ${sum((f) => f.gz)} B\n`,
    );
  }
}
