import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Field } from '../../../flow';
import type { AdapterOutcome, ProviderFormStep } from '../../types';
import { createRong360Adapter } from '../adapter';
import type { Rong360AdapterDeps, Rong360Config } from '../adapter';
import { renderCaptchaPng } from '../captcha-png';
import {
  CAPTCHA_SEQUENCE, SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_PASSWORD, SANDBOX_SMS_CODE, SUM_CAPTCHA_SEQUENCE,
} from '../sandbox';
import { startRong360Simulator } from '../simulator';
import type { Rong360State } from '../state';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

/** A fixture file's text, exactly as it would arrive over the wire. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export const APP_ID = '1000001';
export const PRIVATE_KEY_PEM = fixture('merchant-private.pem');
export const PUBLIC_KEY_PEM = fixture('merchant-public.pem');

export function adapterConfig(gatewayUrl: string, overrides: Partial<Rong360Config> = {}): Rong360Config {
  return {
    gatewayUrl,
    appId: APP_ID,
    privateKeyPem: PRIVATE_KEY_PEM,
    appName: 'carrierlink',
    appVersion: '0.1.0',
    platform: 'web',
    noticeUrl: 'https://lender.example/rong360/notice',
    timeoutMs: 5000,
    smsResendSeconds: 60,
    ...overrides,
  };
}

/** The common parameters `adapterConfig` leads to, for a user id. */
export function expectedCommon(userId: string): Record<string, string> {
  return {
    merchant_id: APP_ID,
    app_name: 'carrierlink',
    app_version: '0.1.0',
    platform: 'web',
    user_id: userId,
    notice_url: 'https://lender.example/rong360/notice',
  };
}

const CAPTCHA_ANSWERS = new Map<string, string>([
  ...CAPTCHA_SEQUENCE.map((code) => [renderCaptchaPng(code).toString('base64'), code] as const),
  ...SUM_CAPTCHA_SEQUENCE.map(({ question, answer }) => [renderCaptchaPng(question).toString('base64'), answer] as const),
]);

/** Reads a simulator captcha the way a person would: by recognising the picture. */
export function captchaAnswer(image: string): string {
  const answer = CAPTCHA_ANSWERS.get(image.slice(image.indexOf(',') + 1));
  if (!answer) throw new Error('not a sandbox captcha picture');
  return answer;
}

/** What a sandbox user types into each field. */
export function valueFor(field: Field, phone: string): string {
  switch (field.kind) {
    case 'servicePassword':
      return SANDBOX_PASSWORD;
    case 'smsCode':
      return SANDBOX_SMS_CODE;
    case 'imageCaptcha':
      return captchaAnswer(field.image);
    case 'name':
      return SANDBOX_NAME;
    case 'idCard':
      return SANDBOX_ID_CARD;
    case 'phone':
      return phone;
    case 'select':
      return field.options[0]?.value ?? '';
    case 'text':
      return '北京';
  }
}

export function valuesFor(step: ProviderFormStep, phone: string): Record<string, string> {
  return Object.fromEntries(step.fields.map((field) => [field.id, valueFor(field, phone)]));
}

/** Secrets of a state that must never show in a step: the password and every hidden value. */
export function secretsOf(state: Rong360State): string[] {
  const hidden = (state.next?.hidden ?? []).map((entry) => entry.value ?? '');
  return [state.inputs['password'] ?? '', ...hidden].filter((value) => value.length >= 6);
}

/** Asserts the outcome's step (if any) carries nothing of the adapter's secrets. */
export function expectNoLeak(outcome: AdapterOutcome<Rong360State>, secrets: readonly string[]): void {
  if (outcome.type !== 'step' && outcome.type !== 'rejected') return;
  const serialized = JSON.stringify(outcome.step ?? null);
  for (const secret of [...secrets, ...secretsOf(outcome.state)]) expect(serialized).not.toContain(secret);
}

export function stepOf(outcome: AdapterOutcome<Rong360State>): ProviderFormStep {
  if (outcome.type !== 'step') throw new Error(`expected a step, got ${JSON.stringify(outcome)}`);
  return outcome.step;
}

/** A simulator on a random port plus adapters pointed at it; `close` stops everything. */
export async function startSandbox(options: { timeoutFaultMs?: number } = {}) {
  const simulator = await startRong360Simulator({ merchants: { [APP_ID]: PUBLIC_KEY_PEM }, port: 0, ...options });
  const adapters: Array<{ close(): Promise<void> }> = [];
  return {
    url: simulator.url,
    adapter(overrides: Partial<Rong360Config> = {}, deps: Rong360AdapterDeps = {}) {
      const adapter = createRong360Adapter(adapterConfig(simulator.url, overrides), deps);
      adapters.push(adapter);
      return adapter;
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      await simulator.close();
    },
  };
}
