import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_HEADER } from '../../flow';
import {
  FieldActionParamsSchema,
  HandoffRequestSchema,
  StepParamsSchema,
  StartSessionRequestSchema,
  SubmitStepRequestSchema,
} from '../../flow/schemas';
import { demoUpdateStart } from '../demo/update-start';
import { failures } from '../errors';
import type { AbuseGuard } from '../limits/guard';
import type { LinkService } from '../link/service';
import type { Lifecycle } from '../ops/lifecycle';
import type { SessionService } from '../session/service';

const authorization = (request: FastifyRequest): string | undefined => {
  const value = request.headers[SESSION_HEADER];
  return typeof value === 'string' ? value : undefined;
};

export interface SessionRouteOptions {
  /** Demo mode is on: a start may ask for `demo` (otherwise 400, before any link token is used up). */
  demo?: boolean;
  /** While draining (shutting down), a new session is refused with 503: another instance takes it. */
  lifecycle?: Pick<Lifecycle, 'draining'>;
  /** Per-client-address caps on starts and link redemptions (the per-number ones live in the service). */
  guard?: Pick<AbuseGuard, 'clientStart' | 'linkRedemption'>;
}

/** Body limits per route: a start and a submission are a few hundred bytes; actions carry none. */
export const SESSION_BODY_LIMITS = { start: 4 * 1024, submit: 8 * 1024, none: 1024 } as const;

/** The widget API of src/flow/api.ts: validate, call the service, answer. */
export function registerSessionRoutes(
  app: FastifyInstance,
  service: SessionService,
  links?: Pick<LinkService, 'admit'>,
  routeOptions: SessionRouteOptions = {},
): void {
  app.post('/api/sessions', { bodyLimit: SESSION_BODY_LIMITS.start }, async (request, reply) => {
    const parsed = StartSessionRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const { issues } = parsed.error;
      // A well-formed request whose only fault is the number is the user's to correct.
      if (issues.every((issue) => issue.path[0] === 'phone' && issue.code === 'custom'))
        throw failures.inputInvalid('请输入正确的手机号（phone）', 'phone');
      // A mangled link token is as unknown as a mistyped one.
      if (issues.every((issue) => issue.path[0] === 'linkToken')) throw failures.linkNotFound();
      throw failures.badRequest();
    }
    if (parsed.data.demo && !routeOptions.demo) throw failures.badRequest();
    // A lender's link opens a real authorization: demo settings (simulators, faults) never ride on one.
    if (parsed.data.demo && parsed.data.linkToken) throw failures.badRequest('演示设置不能与授权链接同时使用');
    // Before the link token is used up: the applicant retries, and the load balancer picks another instance.
    if (routeOptions.lifecycle?.draining) throw failures.draining();
    await routeOptions.guard?.clientStart(request.ip);
    if (parsed.data.linkToken) await routeOptions.guard?.linkRedemption(request.ip);
    const demoUpdate = demoUpdateStart(parsed.data);
    // Uses the link token up (or refuses the start) before the upstream hears of it.
    const admitted = links ? await links.admit(parsed.data) : undefined;
    const options = demoUpdate ? { ...admitted, ...demoUpdate } : admitted;
    const started = await service.start(parsed.data, options);
    return reply.code(201).send(started);
  });

  app.get('/api/session', async (request) => service.current(authorization(request)));

  app.post('/api/session/steps/:stepId', { bodyLimit: SESSION_BODY_LIMITS.submit }, async (request) => {
    const params = StepParamsSchema.safeParse(request.params);
    const body = SubmitStepRequestSchema.safeParse(request.body);
    if (!params.success || !body.success) throw failures.badRequest();
    return service.submit(authorization(request), params.data.stepId, body.data.values);
  });

  app.post('/api/session/steps/:stepId/fields/:fieldId/:action', { bodyLimit: SESSION_BODY_LIMITS.none }, async (request) => {
    const params = FieldActionParamsSchema.safeParse(request.params);
    if (!params.success) throw failures.badRequest();
    return service.fieldAction(authorization(request), params.data);
  });

  app.post('/api/session/steps/:stepId/cancel', { bodyLimit: SESSION_BODY_LIMITS.none }, async (request) => {
    const params = StepParamsSchema.safeParse(request.params);
    if (!params.success) throw failures.badRequest();
    return service.cancel(authorization(request), params.data.stepId);
  });

  app.post('/api/session/restart', { bodyLimit: SESSION_BODY_LIMITS.none }, async (request) => service.restart(authorization(request)));

  // The applicant changes number: idempotent, so a retried cancel answers the same.
  app.delete('/api/session', { bodyLimit: SESSION_BODY_LIMITS.none }, async (request, reply) => {
    await service.end(authorization(request));
    return reply.code(204).send();
  });

  // The page's one-time code (in its URL after the phone form was posted without the script) for a token.
  app.post('/api/session/handoff', { bodyLimit: SESSION_BODY_LIMITS.none }, async (request) => {
    const body = HandoffRequestSchema.safeParse(request.body);
    if (!body.success) throw failures.badRequest();
    return service.redeemHandoff(body.data.code);
  });
}
