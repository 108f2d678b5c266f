import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { chooseLocale, isWidgetLocale, parseAcceptLanguage, type LinkInfoResponse, type PhoneFormState } from '../../flow';
import { acceptedEncodings } from '../accept-encoding';
import type { AbuseGuard } from '../limits/guard';
import type { LinkService } from '../link/service';
import { LINK_TOKEN_PARAM } from '../security';
import type { SessionService } from '../session/service';
import { assemblePage } from './assemble';
import type { PageKit } from './renderer';

/** `brand` and `radius` exactly as the widget accepts them (embed/constants BRAND_PATTERN, 0..24). */
const ThemeQuerySchema = z.object({
  brand: z.optional(z.string().regex(/^#(?:[\da-f]{3}){1,2}$/i)),
  radius: z.optional(
    z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number)
      .pipe(z.number().int().min(0).max(24)),
  ),
});

export interface PageDeps {
  kit: PageKit;
  links: Pick<LinkService, 'info' | 'admit'>;
  service: SessionService;
  /** Demo mode is on: a page URL's demo settings are honoured. */
  demo: boolean;
  /** The same per-client-address caps as POST /api/sessions (a form post starts a session too). */
  guard?: Pick<AbuseGuard, 'clientStart' | 'linkRedemption'>;
}

/** What the server renders one page from: its query, the link behind it, the form's state. */
export interface PageRequest {
  request: FastifyRequest;
  reply: FastifyReply;
  form?: PhoneFormState;
  status?: number;
}

/** The page's query string, `?…` or ''. */
export function searchOf(request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  return at < 0 ? '' : request.url.slice(at);
}

/** The link of the page's `link_token`, whatever its state; undefined when there is none or it is unknown. */
async function linkOf(deps: PageDeps, query: URLSearchParams): Promise<LinkInfoResponse | undefined> {
  const token = query.get(LINK_TOKEN_PARAM);
  if (token === null) return undefined;
  try {
    return await deps.links.info(`Bearer ${token}`);
  } catch {
    // Unknown, malformed: the widget explains it on the client.
    return undefined;
  }
}

/** The language the page is rendered in: the page URL's, the link's, then the browser's (flow/page.ts). */
export function pageLocale(request: FastifyRequest, query: URLSearchParams, link: LinkInfoResponse | undefined) {
  const url = query.get('locale');
  const header = request.headers['accept-language'];
  return chooseLocale({
    url: isWidgetLocale(url) ? url : undefined,
    link: link?.locale,
    languages: parseAcceptLanguage(typeof header === 'string' ? header : undefined),
  });
}

/** Renders the widget page: the phone step where it is what the page shows first, else a loading placeholder. */
export async function sendPage(deps: PageDeps, { request, reply, form, status = 200 }: PageRequest): Promise<FastifyReply> {
  const search = searchOf(request);
  const query = new URLSearchParams(search);
  const link = await linkOf(deps, query);
  const locale = pageLocale(request, query, link);
  const linkMode = query.has(LINK_TOKEN_PARAM);
  // A hand-off code or a link already used (a reload mid-flow): the widget decides in the browser.
  const phone = !query.has('handoff') && (!linkMode || link?.state === 'unused');
  const rendered = await deps.kit.renderer.renderPage({
    search,
    screen: phone ? 'phone' : 'loading',
    locale,
    ...(phone && link ? { link } : {}),
    ...(phone && form ? { form } : {}),
  });
  const themeQuery = ThemeQuerySchema.safeParse({ brand: query.get('brand') ?? undefined, radius: query.get('radius') ?? undefined });
  const themed = themeQuery.success ? deps.kit.renderer.themeStylesheet(themeQuery.data.brand, themeQuery.data.radius) : undefined;
  const theme = query.get('theme');
  const framed = request.headers['sec-fetch-dest'] === 'iframe' && linkMode;
  const html = assemblePage(deps.kit.template, rendered, {
    theme: theme === 'dark' || theme === 'light' ? theme : undefined,
    embed: framed ? (query.get('mode') === 'inline' ? 'inline' : 'modal') : undefined,
    ...(themed && themeQuery.success ? { themeHref: `/theme.css?${themeParams(themeQuery.data)}`, themeColor: themed.themeColor } : {}),
    preload: locale === 'en' && deps.kit.englishChunk ? [deps.kit.englishChunk] : [],
  });
  // The page can hold the lender's number (link mode): never stored by a cache.
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'accept-language, accept-encoding');
  return sendCompressed(request, reply, html);
}

/**
 * Sends the page compressed when the browser takes it (br, else gzip): it is some 18 KB with its
 * stylesheets, a sixth of that compressed, and on a slow network its bytes are the applicant's wait
 * for the first keystroke. A fast brotli level: the page is rendered per request.
 * (BREACH needs a secret and attacker-chosen text in one answer: the page holds the link's phone
 * only when its URL carries the link token, which a third party cannot put into the request.)
 */
function sendCompressed(request: FastifyRequest, reply: FastifyReply, html: string): FastifyReply {
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  const body = Buffer.from(html, 'utf8');
  if (accepted.has('br')) {
    const params = { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
    return reply.header('content-encoding', 'br').send(brotliCompressSync(body, { params }));
  }
  if (accepted.has('gzip')) return reply.header('content-encoding', 'gzip').send(gzipSync(body, { level: 6 }));
  return reply.send(body);
}

function themeParams(theme: { brand?: string; radius?: number }): string {
  const query = new URLSearchParams();
  if (theme.brand) query.set('brand', theme.brand.toLowerCase());
  if (theme.radius !== undefined) query.set('radius', String(theme.radius));
  return query.toString();
}

/**
 * The widget page rendered by the server: GET / (app.ts sends other navigations here too) and GET
 * /theme.css for a lender's brand and radius. The phone form's post is phone-post.ts.
 */
export function registerWidgetPage(app: FastifyInstance, deps: PageDeps): void {
  app.get('/', (request, reply) => sendPage(deps, { request, reply }));

  app.get('/theme.css', async (request, reply) => {
    const query = new URLSearchParams(searchOf(request));
    const parsed = ThemeQuerySchema.safeParse({ brand: query.get('brand') ?? undefined, radius: query.get('radius') ?? undefined });
    const css = parsed.success ? deps.kit.renderer.themeStylesheet(parsed.data.brand, parsed.data.radius) : undefined;
    if (!css) {
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: 'brand (#rgb or #rrggbb) or radius (0-24) required', retryable: false } });
    }
    // The same query always gives the same stylesheet (until a release changes the derivation).
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(css.css);
  });
}
