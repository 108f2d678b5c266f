import { DIANHUA_ERRORS } from '../providers/dianhua/errors';
import {
  CAPTCHA_SEQUENCE,
  SANDBOX_CONTACTS,
  SANDBOX_ID_CARD,
  SANDBOX_LOGIN_CODE,
  SANDBOX_NAME,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../providers/dianhua/sandbox';
import type { FlowScenario, RecoveryScenario } from '../providers/dianhua/sandbox';
import type { FillKind, ScriptAction } from './scenario-types';
import { fill, placeOn, press, step } from './script';

/** Autoplay scripts for the Dianhua simulator, built from the flags of its sandbox tables. */

type RecoveryStep = RecoveryScenario['steps'][number];
type VerifyRound = NonNullable<FlowScenario['verify']>[number];

const captcha = (index: number) =>
  fill('imageCaptcha', CAPTCHA_SEQUENCE[index % CAPTCHA_SEQUENCE.length] ?? '', { sequence: 'CAPTCHA_SEQUENCE', index });
const sms = () => fill('smsCode', SANDBOX_SMS_CODE);

/** The fields of the login step (calls/flow answer) of a flow. */
export function loginFields(flow: FlowScenario): FillKind[] {
  const { needs } = flow;
  const fields: Array<FillKind | false> = [
    needs.pin && 'servicePassword',
    needs.name && 'name',
    needs.idCard && 'idCard',
    flow.loginCaptcha === true && 'imageCaptcha',
    flow.loginSms === true && 'smsCode',
  ];
  return fields.filter((kind): kind is FillKind => kind !== false);
}

/** The login step filled: the first picture of the session, the password given. */
export function loginScript(flow: FlowScenario, password: string = SANDBOX_PASSWORD): ScriptAction[] {
  const values: Record<FillKind, () => ScriptAction> = {
    servicePassword: () => fill('servicePassword', password),
    name: () => fill('name', SANDBOX_NAME),
    idCard: () => fill('idCard', SANDBOX_ID_CARD),
    imageCaptcha: () => captcha(0),
    smsCode: sms,
    contacts: () => fill('contacts', SANDBOX_CONTACTS.slice(0, 2)),
    newPassword: () => fill('newPassword', SANDBOX_NEW_PASSWORD),
    select: () => fill('select', ''),
    text: () => fill('text', ''),
  };
  return step(...loginFields(flow).map((kind) => values[kind]()));
}

/** The fields of one second-verification round. */
export function verifyFields(round: VerifyRound): FillKind[] {
  return round === 'sms' ? ['smsCode'] : round === 'captcha' ? ['imageCaptcha'] : ['smsCode', 'imageCaptcha'];
}

/**
 * A whole flow to authorized. `reset` logs in twice (the first login is answered "start again");
 * each verification round after the first that shows a captcha shows the next picture.
 */
export function flowScript(flow: FlowScenario, password: string = SANDBOX_PASSWORD): ScriptAction[] {
  const script = loginScript(flow, password);
  if (flow.special === 'reset') script.push(...loginScript(flow, password));
  let shown = 0;
  (flow.verify ?? []).forEach((round, i) => {
    if (round !== 'sms' && i > 0) shown += 1;
    script.push(...verifyScript(round, shown));
  });
  return script;
}

/** One second-verification round, its captcha (if any) the picture of index `shown`. */
export function verifyScript(round: VerifyRound, shown = 0): ScriptAction[] {
  return step(...verifyFields(round).map((kind) => (kind === 'smsCode' ? sms() : captcha(shown))));
}

const RECOVERY_FIELDS: Readonly<Record<RecoveryStep, FillKind>> = {
  sms: 'smsCode',
  loginSms: 'smsCode',
  contacts: 'contacts',
  newPassword: 'newPassword',
  newPassword8: 'newPassword',
};

const new8 = DIANHUA_ERRORS['30002'];

/** One recovery step; the 8-digit one is first answered with 6 digits, which 30002 refuses. */
function recoveryStep(kind: RecoveryStep): ScriptAction[] {
  switch (kind) {
    case 'sms':
      return step(sms());
    case 'loginSms':
      return step(fill('smsCode', SANDBOX_LOGIN_CODE));
    case 'contacts':
      return step(fill('contacts', SANDBOX_CONTACTS.slice(0, 2)));
    case 'newPassword':
      return step(fill('newPassword', SANDBOX_NEW_PASSWORD));
    case 'newPassword8':
      return [
        fill('newPassword', SANDBOX_NEW_PASSWORD),
        press('submit', new8 && { code: new8.code, at: placeOn(new8.target, ['newPassword']) }),
        ...step(fill('newPassword', SANDBOX_NEW_PASSWORD_8)),
      ];
  }
}

/** "忘记服务密码？" from the login step, then name + ID card: the first recovery step. */
export const openRecovery = (): ScriptAction[] => [press('recover'), ...step(fill('name', SANDBOX_NAME), fill('idCard', SANDBOX_ID_CARD))];

/** The recovery steps walked, up to and including `until` when given. */
export function recoveryScript(steps: readonly RecoveryStep[], until?: RecoveryStep): ScriptAction[] {
  const walked = until === undefined ? steps : steps.slice(0, steps.indexOf(until) + 1);
  return [...openRecovery(), ...walked.flatMap(recoveryStep)];
}

export const recoveryFields = (kind: RecoveryStep): FillKind[] => [RECOVERY_FIELDS[kind]];

/** The password after a completed recovery: the one typed last, or the one the carrier texts. */
export function passwordAfter(steps: readonly RecoveryStep[]): string {
  if (steps.includes('newPassword8')) return SANDBOX_NEW_PASSWORD_8;
  return SANDBOX_NEW_PASSWORD;
}
