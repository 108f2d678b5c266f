import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The policy with the given frame-ancestors sources (space-separated) and the hashes of the widget
 * page's inline stylesheets (page/renderer.ts), if it has any.
 */
export function contentSecurityPolicy(frameAncestors: string, styleHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    ["style-src 'self'", ...styleHashes].join(' '),
    "script-src 'self'",
    "connect-src 'self'",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Every answer but a widget page opened from a link: only this server may frame it. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'self'");

/** The dashboard's pages: framed by nobody. */
export const DASHBOARD_POLICY = contentSecurityPolicy("'none'");

/** The query parameter a widget page opened from a lender link carries (embed WIDGET_PARAMS.linkToken). */
export const LINK_TOKEN_PARAM = 'link_token';

export function isApiPath(url: string): boolean {
  return (
    url === '/api' ||
    url.startsWith('/api/') ||
    url.startsWith('/api?') ||
    url.startsWith('/healthz') ||
    url.startsWith('/readyz') ||
    url.startsWith('/metrics') ||
    url.startsWith('/hooks/') ||
    url.startsWith('/openapi.json')
  );
}

export interface SecurityOptions {
  /** The origins allowed to frame the page opened with this link token; undefined when the link is unknown. */
  frameAncestors?(linkToken: string): Promise<readonly string[] | undefined>;
  /** Strict-Transport-Security (production behind an https PUBLIC_URL). */
  hsts?: boolean;
  /** CSP hashes of the widget page's inline stylesheets, allowed on its HTML answers. */
  styleHashes?: readonly string[];
}

/** A year; no includeSubDomains or preload: the lender's other hosts are not ours to pin. */
export const HSTS = 'max-age=31536000';

/** Powerful features the widget never uses, off for it and anything it could embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

const isHtml = (reply: FastifyReply) => /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));

/**
 * A widget page opened from a link may be framed by exactly the link's origins (whatever its state,
 * so the widget can still explain a used or expired link); an unknown link by nobody.
 */
async function policyFor(request: FastifyRequest, reply: FastifyReply, options: SecurityOptions): Promise<string> {
  // The lender dashboard has buttons that act (replay a webhook): no page may frame it.
  if (request.url === '/dashboard' || request.url.startsWith('/dashboard/') || request.url.startsWith('/dashboard?')) {
    return DASHBOARD_POLICY;
  }
  // Only HTML answers can carry the page's inline stylesheets.
  const hashes = isHtml(reply) ? (options.styleHashes ?? []) : [];
  const query = request.url.indexOf('?');
  const linkToken =
    query < 0 || !options.frameAncestors || !isHtml(reply) ? null : new URLSearchParams(request.url.slice(query + 1)).get(LINK_TOKEN_PARAM);
  if (linkToken === null || !options.frameAncestors)
    return hashes.length > 0 ? contentSecurityPolicy("'self'", hashes) : CONTENT_SECURITY_POLICY;
  let origins: readonly string[] | undefined;
  try {
    origins = await options.frameAncestors(linkToken);
  } catch (error) {
    // A store failure must not open the page to every framer: nobody may frame it.
    request.log.error({ err: error }, 'link lookup for the CSP failed');
  }
  return contentSecurityPolicy(origins && origins.length > 0 ? origins.join(' ') : "'none'", hashes);
}

/** Security headers on every answer; API answers (steps carry captcha images) are never cached. */
export function registerSecurityHeaders(app: FastifyInstance, options: SecurityOptions = {}): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', await policyFor(request, reply, options));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // No window this page opens (or that opens it) gets a handle on it; framing (the embed) is unaffected.
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (options.hsts) reply.header('strict-transport-security', HSTS);
    if (isApiPath(request.url)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
