import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WidgetPageRenderer } from '../../flow';

/** The built page renderer and the built page it fills. */
export interface PageKit {
  renderer: WidgetPageRenderer;
  /** dist/widget/index.html: Vite's page with the hashed script and stylesheet tags. */
  template: string;
  /** The English catalogue's chunk (`/assets/en-….js`), preloaded by English pages. */
  englishChunk?: string;
  /** CSP sources (`'sha256-…'`) of the stylesheets the template carries inline. */
  styleHashes: readonly string[];
}

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/assets\/([\w.-]+\.css)">/g;

/**
 * The page's own stylesheets (a few KB) go into the page: a linked one blocks the first paint for
 * another round trip, which is most of the time to the first keystroke on a slow phone network.
 * Each <style> is allowed by its hash in the CSP (no 'unsafe-inline').
 */
export function inlineStylesheets(template: string, widgetDir: string): { template: string; styleHashes: string[] } {
  const styleHashes: string[] = [];
  const html = template.replace(STYLESHEET_LINK, (tag, file: string) => {
    const path = join(widgetDir, 'assets', file);
    const css = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    // A stylesheet that could end the element early stays linked.
    if (css === undefined || /<\/style/i.test(css)) return tag;
    styleHashes.push(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    return `<style>${css}</style>`;
  });
  return { template: html, styleHashes };
}

function isRenderer(value: unknown): value is WidgetPageRenderer {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.renderPage === 'function' &&
    typeof candidate.agreementHash === 'function' &&
    typeof candidate.themeStylesheet === 'function' &&
    typeof candidate.agreementVersion === 'string'
  );
}

/** The built index.html has every place assemble.ts fills. */
export function isPageTemplate(html: string): boolean {
  return (
    /<html\b[^>]*>/.test(html) && /<title>[^<]*<\/title>/.test(html) && html.includes('</head>') && html.includes('<div id="root"></div>')
  );
}

/**
 * Loads dist/widget-ssr/render.js (vite.ssr.config.ts) beside the widget build; undefined when
 * either is missing (then the page is the bare shell and the widget renders it in the browser).
 */
export async function loadPageKit(ssrDir: string, widgetDir: string): Promise<PageKit | undefined> {
  const entry = join(ssrDir, 'render.js');
  const page = join(widgetDir, 'index.html');
  if (!existsSync(entry) || !existsSync(page)) return undefined;
  const built = readFileSync(page, 'utf8');
  // A page without the places the rendered widget goes is not the build the renderer belongs to
  // (a hand-made or foreign index.html): it is served as it is, never half-filled.
  if (!isPageTemplate(built)) return undefined;
  const { template, styleHashes } = inlineStylesheets(built, widgetDir);
  const module = (await import(pathToFileURL(entry).href)) as { renderer?: unknown };
  if (!isRenderer(module.renderer)) throw new Error(`${entry} does not export a page renderer`);
  const assets = existsSync(join(widgetDir, 'assets')) ? readdirSync(join(widgetDir, 'assets')) : [];
  const english = assets.find((name) => /^en-[\w-]+\.js$/.test(name));
  return { renderer: module.renderer, template, englishChunk: english && `/assets/${english}`, styleHashes };
}
