import type { Field, FieldValue, Step } from '../../src/flow';
import { sandboxValuesFor } from '../../src/providers/rong360/sandbox-user';

// Sessions for the dashboard, made the way a lender and its applicants make them: link tokens from
// the lender API, the widget API driven step by step with the sandbox's answers, and the browser's
// own reports (screens shown, exits). Shared by the dashboard e2e spec and the screenshots script.

export interface SeedOptions {
  baseUrl: string;
  apiKey: string;
  /** The lender's webhook URL (deliveries fail and retry when nothing answers there). */
  webhookUrl?: string;
}

/** How a seeded applicant's journey goes. */
type Plan =
  | { phone: string; end: 'authorized'; wrongPasswordFirst?: boolean; refreshCaptcha?: boolean }
  | { phone: string; end: 'failed' }
  | { phone: string; end: 'abandon_at'; kind: Field['kind'] }
  | { phone: string; end: 'opened_only' }
  | { phone: string; end: 'link_only' };

export const PLANS: Plan[] = [
  { phone: '13800138000', end: 'authorized', wrongPasswordFirst: true },
  { phone: '13800138001', end: 'authorized', refreshCaptcha: true },
  { phone: '18900138004', end: 'authorized' },
  { phone: '13000138007', end: 'authorized' },
  { phone: '13900506012', end: 'failed' },
  { phone: '13900211101', end: 'abandon_at', kind: 'smsCode' },
  { phone: '13800138002', end: 'abandon_at', kind: 'servicePassword' },
  { phone: '13800138000', end: 'opened_only' },
  { phone: '13800138000', end: 'link_only' },
];

interface StepAnswer {
  token?: string;
  step: Step;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function seedDashboard(options: SeedOptions): Promise<{ authorized: string[]; all: string[] }> {
  const { baseUrl, apiKey } = options;
  const lender = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  if (options.webhookUrl) {
    await json(
      await fetch(`${baseUrl}/api/v1/webhook`, { method: 'PUT', headers: lender, body: JSON.stringify({ url: options.webhookUrl }) }),
      'webhook',
    );
  }
  const widget = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const browser = (token: string, events: unknown[]) =>
    fetch(`${baseUrl}/api/session/events`, { method: 'POST', headers: widget(token), body: JSON.stringify({ events }) });
  const consent = { agreementVersion: '2026-11', acceptedAt: new Date().toISOString() };
  const authorized: string[] = [];
  const all: string[] = [];

  for (const [index, plan] of PLANS.entries()) {
    const link = await json<{ linkToken: string; sessionId: string }>(
      await fetch(`${baseUrl}/api/link-tokens`, {
        method: 'POST',
        headers: lender,
        body: JSON.stringify({ userId: `applicant-${index + 1}`, allowedOrigins: ['https://lender.example'], phone: plan.phone }),
      }),
      'link',
    );
    all.push(link.sessionId);
    if (plan.end === 'link_only') continue;
    await browser(link.linkToken, [{ kind: 'screen_view', screen: 'phone', fields: ['phone'] }]);
    if (plan.end === 'opened_only') {
      await browser(link.linkToken, [{ kind: 'exit', reason: 'page_left', screen: 'phone', fields: ['phone'] }]);
      continue;
    }
    const started = await json<StepAnswer>(
      await fetch(`${baseUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: plan.phone, consent, linkToken: link.linkToken }),
      }),
      'start',
    );
    const token = started.token ?? '';
    let step = started.step;
    let wrongPassword = plan.end === 'authorized' && plan.wrongPasswordFirst === true;
    let refresh = plan.end === 'authorized' && plan.refreshCaptcha === true;
    for (let guard = 0; guard < 10 && step.type === 'form'; guard += 1) {
      const kinds = step.fields.map((field) => field.kind);
      await browser(token, [
        { kind: 'screen_view', screen: step.purpose === 'recoverPassword' ? 'recoverPassword' : 'authorize', fields: kinds },
      ]);
      if (plan.end === 'abandon_at' && kinds.includes(plan.kind)) {
        await browser(token, [{ kind: 'exit', reason: 'user_closed', screen: 'authorize', fields: kinds }]);
        break;
      }
      const captcha = step.fields.find((field) => field.kind === 'imageCaptcha');
      if (refresh && captcha) {
        refresh = false;
        step = (
          await json<StepAnswer>(
            await fetch(`${baseUrl}/api/session/steps/${step.id}/fields/${captcha.id}/refresh`, { method: 'POST', headers: widget(token) }),
            'refresh',
          )
        ).step;
        continue;
      }
      const values: Record<string, FieldValue> = sandboxValuesFor(step.fields, plan.phone);
      const password = step.fields.find((field) => field.kind === 'servicePassword');
      if (wrongPassword && password) {
        wrongPassword = false;
        values[password.id] = '000000';
      }
      const answer = await fetch(`${baseUrl}/api/session/steps/${step.id}`, {
        method: 'POST',
        headers: widget(token),
        body: JSON.stringify({ values }),
      });
      if (answer.status === 422) continue;
      step = (await json<StepAnswer>(answer, 'submit')).step;
    }
    if (step.type === 'authorized') {
      authorized.push(link.sessionId);
      await browser(token, [
        { kind: 'screen_view', screen: 'authorized', fields: [] },
        { kind: 'exit', reason: 'completed', screen: 'authorized', fields: [] },
      ]);
    } else if (step.type === 'failed') {
      await browser(token, [{ kind: 'screen_view', screen: 'failed', fields: [] }]);
    }
  }
  return { authorized, all };
}

/** Waits until the lender API says every session is data_ready (the simulator crawls for about 2 s). */
export async function waitForData(options: SeedOptions, sessionIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const id of sessionIds) {
    for (;;) {
      const status = await json<{ status: string }>(
        await fetch(`${options.baseUrl}/api/v1/sessions/${id}`, { headers: { authorization: `Bearer ${options.apiKey}` } }),
        'status',
      );
      if (status.status === 'data_ready') break;
      if (Date.now() > until) throw new Error(`session ${id} is ${status.status}, not data_ready`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
