import { existsSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Hashed build output never changes; everything else is revalidated (index.html names the hashes). */
function cacheControlFor(root: string, file: string): string {
  const rel = relative(root, file).replace(/\.(br|gz)$/, '');
  return rel.startsWith(`assets${sep}`) && basename(rel) !== 'index.html' ? IMMUTABLE : 'no-cache';
}

export interface WidgetServing {
  /** Whether a built widget was found. */
  available: boolean;
  /** Answers a browser navigation to a path the server does not know: the SPA shell. */
  sendShell(reply: FastifyReply): FastifyReply;
  /** The demo gallery's page (demo.html), for /demo and /demo/states. */
  sendDemo(reply: FastifyReply): FastifyReply;
}

const notBuilt = (reply: FastifyReply) =>
  reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('widget not built: run npm run build');

/**
 * Serves the widget build. `serveIndex: false` when the server renders the page itself (GET / is
 * then page/page-routes.ts's); the bare shell stays the fallback.
 */
export async function registerWidget(app: FastifyInstance, root: string, serveIndex = true): Promise<WidgetServing> {
  if (!existsSync(join(root, 'index.html'))) {
    return {
      available: false,
      sendShell: notBuilt,
      sendDemo: notBuilt,
    };
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    preCompressed: true,
    cacheControl: false,
    dotfiles: 'ignore',
    index: serveIndex ? ['index.html'] : false,
    setHeaders(res, file) {
      res.setHeader('cache-control', cacheControlFor(root, file));
      res.setHeader('vary', 'accept-encoding');
    },
  });
  return {
    available: true,
    sendShell: (reply) => reply.code(200).sendFile('index.html'),
    sendDemo: (reply) => reply.code(200).sendFile('demo.html'),
  };
}
