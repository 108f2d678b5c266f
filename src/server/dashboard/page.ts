import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DASHBOARD_BOOT_ID } from '../../flow/dashboard-api';
import type { DashboardBoot, DashboardPageRenderer } from '../../flow/dashboard-api';

/** Where the dashboard's page is served; its client-side routes live below it. */
export const DASHBOARD_PATH = '/dashboard';

/** JSON that cannot end its <script> element or open a comment inside it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The boot block of one page request (boot.ts); undefined when nobody is signed in. */
export type BootSource = (request: FastifyRequest) => Promise<DashboardBoot | undefined>;

const ROOT_ELEMENT = '<div id="root">';

/**
 * Loads the first-view renderer (dist/dashboard-ssr/render.js, vite.dashboard-ssr.config.ts);
 * undefined when it is not built (the page's script then renders the first view itself).
 */
export async function loadDashboardRenderer(dir: string): Promise<DashboardPageRenderer | undefined> {
  const entry = join(dir, 'render.js');
  if (!existsSync(entry)) return undefined;
  const module = (await import(pathToFileURL(entry).href)) as { renderer?: Partial<DashboardPageRenderer> };
  if (typeof module.renderer?.renderFirstView !== 'function') throw new Error(`${entry} does not export a dashboard renderer`);
  return module.renderer as DashboardPageRenderer;
}

/**
 * The lender dashboard page (dist/dashboard, its own Vite build: nothing of it is in the widget's
 * bundle, nor the widget in it). One HTML page for /dashboard and every path under it (the page
 * routes in the browser); hashed assets under /dashboard/assets/, cached for good.
 *
 * With `boot`, the page is streamed: the head and the opening of the root element at once (so the
 * browser fetches the script and stylesheet straight away), then, once computed, the first view
 * rendered by `renderer` (the key figures and the funnel table, laid out by the browser while the
 * script downloads), the rest of the body, and the boot block (who is signed in, the first view's
 * figures) just before </body>. The script starts once the page is parsed: it finds its block,
 * needs no API round trip, and takes the rendered view over.
 */
export async function registerDashboardPage(
  app: FastifyInstance,
  dir: string,
  boot?: BootSource,
  renderer?: DashboardPageRenderer,
): Promise<void> {
  const htmlPath = join(dir, 'dashboard.html');
  const html = existsSync(htmlPath) ? readFileSync(htmlPath, 'utf8') : undefined;
  const root = html?.indexOf(ROOT_ELEMENT) ?? -1;
  const end = html?.lastIndexOf('</body>') ?? -1;
  const send = (request: FastifyRequest, reply: FastifyReply) => {
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('dashboard not built: run npm run build');
    }
    // The page may carry the lender's figures and CSRF token: never stored, never shared by caches.
    reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'cookie');
    if (!boot || end < 0 || root < 0 || root > end) return reply.send(html);
    // The head ends inside the (empty) root element, where the rendered view goes.
    const split = root + ROOT_ELEMENT.length;
    const body = html.slice(split, end);
    const tail = html.slice(end);
    const view = (value: DashboardBoot | undefined): string => {
      if (!value || !renderer) return '';
      const [pathname = '', query] = request.url.split('?', 2);
      try {
        return renderer.renderFirstView(value, { pathname, search: query ? `?${query}` : '' }) ?? '';
      } catch (error) {
        request.log.warn({ err: error }, 'dashboard first view not rendered on the server');
        return '';
      }
    };
    const finish = (value: DashboardBoot | undefined) =>
      stream.push(
        `${view(value)}${body}${value ? `<script type="application/json" id="${DASHBOARD_BOOT_ID}">${scriptJson(value)}</script>` : ''}${tail}`,
      );
    let started = false;
    const stream = new Readable({
      read() {
        if (started) return;
        started = true;
        // The head goes out first. The boot block is computed only once the response is flowing and
        // a turn of the event loop has written it: a SQLite funnel query runs synchronously, and
        // would otherwise hold the head (and the browser's script download) back.
        this.push(html.slice(0, split));
        setImmediate(() => {
          boot(request).then(
            (value) => {
              finish(value);
              stream.push(null);
            },
            (error: unknown) => {
              request.log.warn({ err: error }, 'dashboard page sent without its boot block');
              finish(undefined);
              stream.push(null);
            },
          );
        });
      },
    });
    return reply.send(stream);
  };

  if (existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: `${DASHBOARD_PATH}/assets/`,
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      dotfiles: 'ignore',
      index: false,
      setHeaders(res) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  await app.register(async (scope) => {
    // The sign-in cookie, read for the boot block.
    await scope.register(fastifyCookie);
    scope.get(DASHBOARD_PATH, (request, reply) => send(request, reply));
    scope.get(`${DASHBOARD_PATH}/*`, (request, reply) => {
      // A missing hashed asset must fail loudly, not come back as the page.
      if (request.url.startsWith(`${DASHBOARD_PATH}/assets/`)) return reply.code(404).type('text/plain').send('not found');
      return send(request, reply);
    });
  });
}
