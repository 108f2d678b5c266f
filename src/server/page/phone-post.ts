import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import {
  AGREEMENT_ACTIONS,
  consentIssue,
  HANDOFF_PARAM,
  isWidgetLocale,
  normalizePhoneInput,
  PHONE_FORM,
  phoneIssue,
  readDemoSettings,
  type PhoneFormState,
} from '../../flow';
import { StartSessionRequestSchema } from '../../flow/schemas';
import { demoUpdateStart } from '../demo/update-start';
import { ApiFailure, failures } from '../errors';
import { SESSION_BODY_LIMITS } from '../routes/session-routes';
import { LINK_TOKEN_PARAM } from '../security';
import { pageLocale, searchOf, sendPage, type PageDeps } from './page-routes';

/** The phone form as the page posts it (flow/page.ts PHONE_FORM); unknown fields are ignored. */
const PhoneFormPostSchema = z.object({
  [PHONE_FORM.phone]: z.string().max(64).default(''),
  [PHONE_FORM.consent]: z.optional(z.string().max(8)),
  [PHONE_FORM.agreement]: z.optional(z.enum(AGREEMENT_ACTIONS)),
  [PHONE_FORM.locale]: z.optional(z.string().max(8)),
  [PHONE_FORM.update]: z.optional(z.literal('1')),
});

/**
 * A form post from a page of this server (the frame is ours even inside a lender's page). Fetch
 * metadata where the browser sends it, else the Origin header; a browser sending neither is old
 * enough to be let through, as the JSON start route lets any client through.
 */
function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true;
  return origin === `${request.protocol}://${request.headers.host ?? ''}`;
}

/**
 * POST / (the page's own URL): the phone step submitted before the widget's script ran. The
 * agreement's buttons answer the page again with it opened, closed or accepted; a problem with the
 * number or the consent answers the page again saying so (422); otherwise the session starts
 * exactly as POST /api/sessions would (link token, demo settings, consent recorded with the hash of
 * the agreement text the page showed) and the answer is a 303 to the same page with a one-time code
 * (never the session token) that the widget exchanges once it runs.
 */
export function registerPhonePost(app: FastifyInstance, deps: PageDeps): void {
  void app.register(async (scope) => {
    // A phone form is a few hundred bytes, as POST /api/sessions.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });

    scope.post('/', { bodyLimit: SESSION_BODY_LIMITS.start }, async (request, reply) => {
      if (!isSameOrigin(request)) throw new ApiFailure(403, 'bad_request', '请从授权页面提交');
      const parsed = PhoneFormPostSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw failures.badRequest();
      const body = parsed.data;
      const typed = body[PHONE_FORM.phone];
      const consent = body[PHONE_FORM.consent] !== undefined;
      const action = body[PHONE_FORM.agreement];
      const search = searchOf(request);
      const query = new URLSearchParams(search);

      if (action !== undefined) {
        const form: PhoneFormState = {
          phone: typed,
          consent: consent || action === 'accept',
          agreementOpen: action === 'open',
        };
        return sendPage(deps, { request, reply, form });
      }

      // An update link's form shows the number masked and posts none: the link holds it (admit
      // checks); a demo update page's likewise (its vendor's demo update number).
      const linkToken = query.get(LINK_TOKEN_PARAM) ?? undefined;
      const demo = readDemoSettings(query);
      const update = body[PHONE_FORM.update] !== undefined && (linkToken !== undefined || demo?.update === true) && typed === '';
      const issues = { phoneIssue: update ? undefined : phoneIssue(typed), consentIssue: consentIssue(consent) };
      if (issues.phoneIssue || issues.consentIssue) {
        return sendPage(deps, { request, reply, status: 422, form: { phone: typed, consent, ...issues } });
      }

      const posted = body[PHONE_FORM.locale];
      const locale = isWidgetLocale(posted) ? posted : pageLocale(request, query, undefined);
      const start = StartSessionRequestSchema.safeParse({
        ...(update ? {} : { phone: normalizePhoneInput(typed) }),
        consent: {
          agreementVersion: deps.kit.renderer.agreementVersion,
          acceptedAt: new Date().toISOString(),
          textHash: deps.kit.renderer.agreementHash(locale),
        },
        locale,
        ...(linkToken !== undefined ? { linkToken } : {}),
        ...(demo !== undefined ? { demo } : {}),
      });
      try {
        if (!start.success) throw linkToken !== undefined ? failures.linkNotFound() : failures.badRequest();
        if (start.data.demo && !deps.demo) throw failures.badRequest();
        if (start.data.demo && start.data.linkToken) throw failures.badRequest('演示设置不能与授权链接同时使用');
        await deps.guard?.clientStart(request.ip);
        if (start.data.linkToken) await deps.guard?.linkRedemption(request.ip);
        const demoUpdate = demoUpdateStart(start.data);
        const admitted = await deps.links.admit(start.data);
        const started = await deps.service.start(start.data, demoUpdate ? { ...admitted, ...demoUpdate } : admitted);
        const code = await deps.service.handOff(started.token);
        query.delete(HANDOFF_PARAM);
        query.set(HANDOFF_PARAM, code);
        return reply.code(303).header('cache-control', 'no-store').redirect(`/?${query.toString()}`, 303);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        const form: PhoneFormState = { phone: typed, consent, requestError: { code: error.code, message: error.message } };
        return sendPage(deps, { request, reply, status: error.status, form });
      }
    });
  });
}
