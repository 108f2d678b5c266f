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
  const template = readFileSync(page, 'utf8');
  // A page without the places the rendered widget goes is not the build the renderer belongs to
  // (a hand-made or foreign index.html): it is served as it is, never half-filled.
  if (!isPageTemplate(template)) return undefined;
  const module = (await import(pathToFileURL(entry).href)) as { renderer?: unknown };
  if (!isRenderer(module.renderer)) throw new Error(`${entry} does not export a page renderer`);
  const assets = existsSync(join(widgetDir, 'assets')) ? readdirSync(join(widgetDir, 'assets')) : [];
  const english = assets.find((name) => /^en-[\w-]+\.js$/.test(name));
  return { renderer: module.renderer, template, englishChunk: english && `/assets/${english}` };
}
