import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as z from 'zod';
import { distDir, packageRoot } from './package-root';
import { createWebhookInbox, DataAnswerSchema, verifySignature, WebhookBodySchema } from './webhooks';

/**
 * An example lender's site: a different origin from CarrierLink that embeds it with embed.js (modal
 * and inline) and with the React hook. It does what a lender's own backend does: holds the API key
 * and creates a single-use link token for each page view. Started by main.ts in development (see
 * EXAMPLE_LENDER_PORT) and used by the end-to-end tests.
 */
export interface ExampleLenderOptions {
  port: number;
  host: string;
  /** This site's public origin: the one origin its link tokens allow to frame the widget. */
  origin: string;
  /** CarrierLink as browsers reach it (embed.js and the widget). */
  carrierlinkUrl: string;
  /** CarrierLink as this server reaches it for POST /api/link-tokens; defaults to carrierlinkUrl. */
  apiUrl?: string;
  /** The lender's API key (server-side only; never sent to the browser). */
  apiKey: string;
  /** Built React page (vite.example.config.ts); defaults to dist/example-lender. */
  buildDir?: string;
}

export interface ExampleLender {
  url: string;
  close(): Promise<void>;
}

// The static pages are sources, read from src/ in a checkout; a deployment of the compiled server
// alone finds the copy the build puts in dist/example-lender/pages. The React page is built there too.
const DEFAULT_BUILD_DIR = distDir('example-lender');
const SOURCE_PAGES = join(packageRoot(), 'src/example-lender/pages');
const PAGES_DIR = existsSync(SOURCE_PAGES) ? SOURCE_PAGES : join(DEFAULT_BUILD_DIR, 'pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const LinkTokenRequestSchema = z.strictObject({
  phone: z.optional(z.string().regex(/^1\d{10}$/)),
  locale: z.optional(z.enum(['zh-CN', 'en'])),
});

const CarrierLinkAnswerSchema = z.object({
  linkToken: z.string(),
  sessionId: z.string(),
  expiresAt: z.string(),
});

const PAGES: Record<string, { title: string; body: string; script: string }> = {
  '/modal.html': {
    title: '弹窗',
    body: `<section class="card"><h2>连接运营商账户</h2>
<p>申请借款前，请授权我们通过运营商核验您的手机号。</p>
<div class="actions"><button type="button" id="connect" disabled>连接运营商</button>
<button type="button" class="secondary" id="close">close()</button>
<button type="button" class="secondary" id="destroy">destroy()</button></div></section>`,
    script: '/modal.js',
  },
  '/inline.html': {
    title: '内嵌',
    body: `<section class="card"><h2>连接运营商账户</h2><div id="widget-slot"></div></section>`,
    script: '/inline.js',
  },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startExampleLender(options: ExampleLenderOptions): Promise<ExampleLender> {
  const carrierlinkOrigin = new URL(options.carrierlinkUrl).origin;
  const apiUrl = (options.apiUrl ?? options.carrierlinkUrl).replace(/\/+$/, '');
  const buildDir = options.buildDir ?? DEFAULT_BUILD_DIR;
  // The host page's own strict CSP: embed.js must work without inline styles or scripts.
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${carrierlinkOrigin}`,
    `frame-src ${carrierlinkOrigin}`,
    "connect-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const fill = (template: string, values: Record<string, string>) =>
    template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  const common = { ORIGIN: escapeHtml(options.origin), CARRIERLINK_URL: escapeHtml(carrierlinkOrigin) };
  const pageTemplate = readFileSync(join(PAGES_DIR, 'page.html'), 'utf8');
  const html = new Map<string, string>([['/', fill(readFileSync(join(PAGES_DIR, 'index.html'), 'utf8'), common)]]);
  for (const [path, page] of Object.entries(PAGES)) {
    html.set(
      path,
      fill(pageTemplate, { ...common, TITLE: page.title, BODY: page.body, SCRIPTS: `<script src="${page.script}"></script>` }),
    );
  }

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 4096 });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    return payload;
  });

  const sendFile = (reply: FastifyReply, file: string) => {
    const type = TYPES[extname(file)];
    if (!type || !existsSync(file)) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply.type(type).send(readFileSync(file));
  };

  for (const [path, body] of html) app.get(path, (_request, reply) => reply.type(TYPES['.html'] ?? 'text/html').send(body));
  for (const name of ['lender.css', 'shared.js', 'modal.js', 'inline.js']) {
    app.get(`/${name}`, (_request, reply) => sendFile(reply, join(PAGES_DIR, name)));
  }
  app.get('/healthz', () => ({ status: 'ok' }));
  // Browsers ask for it on their own; an empty answer keeps the console clean.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  app.get('/react.html', (_request, reply) => {
    const file = join(buildDir, 'react.html');
    if (!existsSync(file)) return reply.code(503).type('text/plain; charset=utf-8').send('React example not built: run npm run build');
    return sendFile(reply, file);
  });
  app.get('/assets/*', (request, reply) => {
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    const file = normalize(join(buildDir, 'assets', rest));
    if (!file.startsWith(join(buildDir, 'assets') + sep)) return reply.code(404).send('not found');
    return sendFile(reply, file);
  });

  // Webhooks from CarrierLink: verified against the secret CarrierLink gave us, then acted on.
  const inbox = createWebhookInbox();
  let signingSecret: string | undefined;
  const carrierlink = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', ...init.headers },
    });

  async function fetchSummary(sessionId: string): Promise<void> {
    const response = await carrierlink(`/api/v1/sessions/${encodeURIComponent(sessionId)}/data`).catch(() => undefined);
    const answer = DataAnswerSchema.safeParse(await response?.json().catch(() => undefined));
    if (!response?.ok || !answer.success) return;
    const { calls, sms, bills } = answer.data.data;
    inbox.setSummary(sessionId, {
      calls: calls.length,
      sms: sms.length,
      bills: bills.map((b) => ({ month: b.month, totalFen: b.totalFen })),
    });
  }

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 65_536 }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/carrierlink', async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const header = request.headers['carrierlink-signature'];
      if (
        !signingSecret ||
        !verifySignature(signingSecret, typeof header === 'string' ? header : undefined, body, Math.floor(Date.now() / 1000))
      ) {
        return reply.code(401).send({ error: 'bad signature' });
      }
      const event = WebhookBodySchema.safeParse(JSON.parse(body));
      if (!event.success) return reply.code(400).send({ error: 'unexpected body' });
      // Acknowledge first; fetching the data must not hold the delivery.
      if (inbox.accept(event.data) && event.data.type === 'data_ready') void fetchSummary(event.data.sessionId);
      return reply.code(204).send();
    });
  });

  /** What the example page polls after onSuccess: the webhooks this backend got, and the data summary. */
  app.get('/sessions/:sessionId', (request, reply) => {
    const { sessionId } = request.params as { sessionId: string };
    // Nothing heard of it yet is an answer too (no webhook so far), not a missing resource.
    return reply.send(inbox.get(sessionId) ?? { events: [] });
  });

  app.post('/link-token', async (request, reply) => {
    const parsed = LinkTokenRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: 'phone must be 11 digits starting with 1; locale zh-CN or en' });
    const response = await fetch(`${apiUrl}/api/link-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        // A lender would send its own applicant id here.
        userId: `example-${randomBytes(6).toString('hex')}`,
        allowedOrigins: [options.origin],
        ...parsed.data,
      }),
    }).catch(() => undefined);
    if (!response) return reply.code(502).send({ error: 'CarrierLink is unreachable' });
    const answer: unknown = await response.json().catch(() => undefined);
    const link = CarrierLinkAnswerSchema.safeParse(answer);
    if (!response.ok || !link.success)
      return reply.code(502).send({ error: `CarrierLink refused the link token request (${response.status})`, answer });
    return { ...link.data, url: carrierlinkOrigin };
  });

  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Registers where CarrierLink delivers this lender's webhooks, and keeps the signing secret it answers.
  const loopback = options.host.includes(':')
    ? `[${options.host === '::' ? '::1' : options.host}]`
    : options.host === '0.0.0.0'
      ? '127.0.0.1'
      : options.host;
  const registered = await carrierlink('/api/v1/webhook', {
    method: 'PUT',
    body: JSON.stringify({ url: `http://${loopback}:${port}/webhooks/carrierlink` }),
  }).catch(() => undefined);
  const endpoint = z.object({ signingSecret: z.string() }).safeParse(await registered?.json().catch(() => undefined));
  if (endpoint.success) signingSecret = endpoint.data.signingSecret;
  return { url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, close: () => app.close() };
}
