import type { FieldAction, FormStep, Step } from '../../flow';
import { failures } from '../errors';

/** Restarts per session: each one may make the carrier send another SMS, and carriers punish that. */
export const MAX_RESTARTS = 3;

const instantPassed = (allowedAt: string | null, now: number) => allowedAt === null || Date.parse(allowedAt) <= now;

/** Refuses, before any upstream call, a field action the current step does not offer or offers later. */
export function assertFieldAction(step: FormStep, fieldId: string, action: FieldAction, now: number): void {
  const field = step.fields.find((f) => f.id === fieldId);
  switch (action) {
    case 'refresh':
      if (!(field?.kind === 'imageCaptcha' && field.refreshable)) throw failures.actionUnavailable('该验证码不能刷新');
      return;
    case 'resend':
      if (!(field?.kind === 'smsCode' && field.resend)) throw failures.actionUnavailable('该验证码不能重新发送');
      // Where the upstream has no safe resend, the only way to a new code is starting again.
      if (field.resend.via === 'restart') throw failures.actionUnavailable('请重新开始以获取新的验证码');
      if (!instantPassed(field.resend.allowedAt, now)) throw failures.tooEarly();
      return;
    case 'recover':
      if (!(field?.kind === 'servicePassword' && field.recovery === 'inline')) {
        throw failures.actionUnavailable('该服务密码不能在此找回');
      }
      return;
  }
}

/** Refuses leaving a step that is not cancellable. */
export function assertCancel(step: FormStep): void {
  if (!step.cancellable) throw failures.actionUnavailable('当前步骤不能返回');
}

/**
 * Refuses a restart after authorization or a final failure, past the per-session cap, or while any
 * SMS code of the step is still within its countdown: a restart makes the carrier send another
 * code, so it must not get round the resend limit.
 */
export function assertRestart(step: Step, restarts: number, now: number, maxRestarts = MAX_RESTARTS): void {
  if (step.type === 'authorized' || (step.type === 'failed' && !step.canRestart)) {
    throw failures.actionUnavailable('当前状态不能重新开始');
  }
  if (restarts >= maxRestarts) throw failures.tooManyRestarts();
  if (step.type !== 'form') return;
  for (const field of step.fields) {
    if (field.kind === 'smsCode' && field.resend && !instantPassed(field.resend.allowedAt, now)) {
      throw failures.tooEarly();
    }
  }
}
