import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { acceptedEncodings } from '../accept-encoding';

/** The loader, and the modal's parts it fetches when a modal is created (embed/modal-script.ts). */
const FILES = ['embed.js', 'embed-modal.js'] as const;
/** Lender pages load it on every visit; five minutes keeps a release from lingering long. */
const CACHE_CONTROL = 'public, max-age=300';
const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

interface Variant {
  body: Buffer;
  etag: string;
}

/** Reads a file once, or undefined when the build did not produce it. */
function variant(path: string): Variant | undefined {
  if (!existsSync(path)) return undefined;
  const body = readFileSync(path);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * GET /embed.js, the loader lender pages include with a <script> tag, and GET /embed-modal.js, which
 * it adds when a modal is created: each read once from `dir` with its precompressed siblings.
 * Loaded cross-origin by design, hence CORP cross-origin; and readable cross-origin (CORS), because
 * embed.js pins embed-modal.js by Subresource Integrity (and a lender may pin embed.js so).
 */
export function registerEmbedScript(app: FastifyInstance, dir: string): void {
  for (const file of FILES) registerFile(app, dir, file);
}

function registerFile(app: FastifyInstance, dir: string, file: string): void {
  const identity = variant(join(dir, file));
  const compressed = new Map<Encoding, Variant>();
  for (const encoding of ENCODINGS) {
    const found = identity && variant(join(dir, file + SUFFIX[encoding]));
    if (found) compressed.set(encoding, found);
  }

  app.get(`/${file}`, async (request, reply) => {
    if (!identity) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('embed script not built: run npm run build');
    }
    const wanted = acceptedEncodings(request.headers['accept-encoding']);
    const encoding = ENCODINGS.find((e) => compressed.has(e) && (wanted.has(e) || wanted.has('*')));
    const chosen = (encoding && compressed.get(encoding)) || identity;
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', CACHE_CONTROL)
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .header('vary', 'accept-encoding')
      .header('etag', chosen.etag);
    if (encoding) reply.header('content-encoding', encoding);
    if (request.headers['if-none-match'] === chosen.etag) return reply.code(304).send();
    return reply.send(chosen.body);
  });
}
