import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the dashboard's page is served; its client-side routes live below it. */
export const DASHBOARD_PATH = '/dashboard';

/**
 * The lender dashboard page (dist/dashboard, its own Vite build: nothing of it is in the widget's
 * bundle, nor the widget in it). One HTML page for /dashboard and every path under it (the page
 * routes in the browser); hashed assets under /dashboard/assets/, cached for good.
 */
export async function registerDashboardPage(app: FastifyInstance, dir: string): Promise<void> {
  const htmlPath = join(dir, 'dashboard.html');
  const html = existsSync(htmlPath) ? readFileSync(htmlPath) : undefined;
  const send = (reply: FastifyReply) =>
    html
      ? reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html)
      : reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('dashboard not built: run npm run build');

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
  app.get(DASHBOARD_PATH, (_request, reply) => send(reply));
  app.get(`${DASHBOARD_PATH}/*`, (request, reply) => {
    // A missing hashed asset must fail loudly, not come back as the page.
    if (request.url.startsWith(`${DASHBOARD_PATH}/assets/`)) return reply.code(404).type('text/plain').send('not found');
    return send(reply);
  });
}
