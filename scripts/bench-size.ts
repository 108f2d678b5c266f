/**
 * What the applicant's phone downloads: the widget's first load (every script and stylesheet the
 * phone step's page names) and embed.js on lender pages, gzip -9, each printed with its goal.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './bench-support';

const DIST = join(ROOT, 'dist/widget');
const EMBED = join(ROOT, 'dist/embed/embed.js');
/** The modal's parts, which embed.js fetches when a modal is created (not on page load). */
const EMBED_MODAL = join(ROOT, 'dist/embed/embed-modal.js');
/** embed.js runs on every lender page that offers CarrierLink, usually before anyone clicks. */
const EMBED_GOAL_GZIP = 2048;
/** The widget's first load (what the phone step's page fetches before it is interactive), gzip -9. */
const FIRST_LOAD_GOAL_GZIP = 100_000;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export function firstLoad(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('dist/widget missing: running npm run build ...');
    execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  }
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((m) => m[0]);
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
  const first = new Set<string>();
  for (const tag of tags) {
    const rel = attr(tag, 'rel');
    const url =
      tag.startsWith('<script') && attr(tag, 'type') === 'module'
        ? attr(tag, 'src')
        : rel === 'modulepreload' || rel === 'stylesheet'
          ? attr(tag, 'href')
          : undefined;
    if (url?.startsWith('/')) first.add(url.slice(1));
  }
  console.log('\n== First load (gzip -9) ==');
  let total = 0;
  for (const file of first) {
    const size = gz(join(DIST, file));
    total += size;
    console.log(`  ${file.padEnd(48)} ${kb(size)}`);
  }
  const page = gz(join(DIST, 'index.html'));
  console.log(
    `  first-load JS+CSS gzip: ${total} B (${kb(total)}); goal <= ${FIRST_LOAD_GOAL_GZIP} B: ${total <= FIRST_LOAD_GOAL_GZIP ? 'met' : 'NOT MET'}`,
  );
  console.log(`  (plus the page itself, index.html template: ${page} B gzip)`);
  const assets = existsSync(join(DIST, 'assets')) ? readdirSync(join(DIST, 'assets')) : [];
  const lazy = assets.filter((f) => /\.(js|css)$/.test(f) && !first.has(`assets/${f}`));
  const lazyTotal = lazy.reduce((n, f) => n + gz(join(DIST, 'assets', f)), 0);
  console.log(`  lazy chunks: ${lazy.length} files, ${kb(lazyTotal)} gzip`);
}

export function embedScript(): void {
  if (!existsSync(EMBED)) {
    console.log('dist/embed missing: building embed.js ...');
    execSync('npx vite build -c vite.embed.config.ts', { cwd: ROOT, stdio: 'inherit' });
  }
  const content = readFileSync(EMBED);
  const gzip = gzipSync(content, { level: 9 }).length;
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
  console.log('\n== embed.js (lender pages) ==');
  console.log(`  raw ${content.length} B, gzip ${gzip} B, brotli ${brotli} B`);
  console.log(`  goal <= ${EMBED_GOAL_GZIP} B gzip: ${gzip <= EMBED_GOAL_GZIP ? 'met' : 'NOT MET'}`);
  if (existsSync(EMBED_MODAL)) {
    const modal = readFileSync(EMBED_MODAL);
    console.log(`  embed-modal.js (fetched when a modal is created): raw ${modal.length} B, gzip ${gz(EMBED_MODAL)} B`);
  }
}
