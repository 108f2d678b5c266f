import type { ApiError, Field, FieldOf, FormStep, LinkInfoResponse, Step } from '../../flow';
import { LinkInfoResponseSchema, StartSessionResponseSchema, StepResponseSchema } from '../../flow/schemas';
import type { FakeAnswer } from './fetch-mock';

export const TOKEN = 'tok_0123456789abcdef0123';
/** A 1x1 PNG, enough for an <img src>. */
export const IMAGE_A = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII=';
export const IMAGE_B = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

export function formStep(fields: Field[], extra: Partial<Omit<FormStep, 'type' | 'fields'>> = {}): FormStep {
  return { type: 'form', id: 'step-1', revision: 0, intent: 'continue', fields, ...extra };
}

export const passwordField: FieldOf<'servicePassword'> = { kind: 'servicePassword', id: 'password', required: true };
export const smsField: FieldOf<'smsCode'> = { kind: 'smsCode', id: 'sms', required: true, resend: { sent: true, allowedAt: null } };
export const captchaField: FieldOf<'imageCaptcha'> = {
  kind: 'imageCaptcha',
  id: 'captcha',
  required: true,
  image: IMAGE_A,
  refreshable: true,
};

/** A 200 StepResponse, checked against the shared schema so fixtures cannot drift from the API. */
export function stepAnswer(step: Step, serverTime = new Date().toISOString()): FakeAnswer {
  return { status: 200, body: StepResponseSchema.parse({ step, serverTime }) };
}

export function startAnswer(step: Step, serverTime = new Date().toISOString()): FakeAnswer {
  return { status: 201, body: StartSessionResponseSchema.parse({ token: TOKEN, step, serverTime }) };
}

export function errorAnswer(status: number, error: ApiError): FakeAnswer {
  return { status, body: { error } };
}

/** Puts a session in sessionStorage, as a previous page load would have (of a link, if given). */
export function storeSession(maskedPhone = '138****8000', linkToken?: string): void {
  window.sessionStorage.setItem('carrierlink.session', JSON.stringify({ token: TOKEN, maskedPhone, carrier: 'chinaMobile', linkToken }));
}

/** A well-formed link token (`lt_` + 43 base64url characters) and another one. */
export const LINK_TOKEN = `lt_${'A1b2C3d4E5f6G7h8'.repeat(3).slice(0, 43)}`;
export const OTHER_LINK_TOKEN = `lt_${'z'.repeat(43)}`;
/** The lender page that frames the widget in the embed tests. */
export const LENDER_ORIGIN = 'https://lender.example';

/** A 200 GET /api/link answer, checked against the shared schema. */
export function linkAnswer(info: Partial<LinkInfoResponse> = {}): FakeAnswer {
  const body: LinkInfoResponse = {
    state: 'unused',
    allowedOrigins: [LENDER_ORIGIN],
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    ...info,
  };
  return { status: 200, body: LinkInfoResponseSchema.parse(body) };
}

export const contactsField: FieldOf<'contacts'> = {
  kind: 'contacts',
  id: 'contacts',
  required: true,
  min: 2,
  max: 4,
  detailHint: '请输入 5 天前 90 天内通话过的联系人号码',
};
export const newPasswordField: FieldOf<'newPassword'> = { kind: 'newPassword', id: 'newPwd', required: true, length: 6 };

/** A step of the password recovery, which can be left back to the login step. */
export function recoveryStep(fields: Field[], extra: Partial<Omit<FormStep, 'type' | 'fields'>> = {}): FormStep {
  return formStep(fields, { id: 'recover-1', purpose: 'recoverPassword', cancellable: true, ...extra });
}
