import type { FieldAction, FieldKind, FieldValue, FormStep, Step } from '../../flow';
import type { AdapterOutcome } from '../../providers/types';
import type { AbuseGuard } from '../limits/guard';
import type { SessionRecord } from './record';

// Where the session service meets the abuse guard: which upstream calls may send an SMS or forward
// a service password, and what their outcome says happened. The guard refuses before the vendor
// is called; afterwards a send is counted, a wrong password kept, an authorization forgives.

type Event = 'start' | 'submit' | FieldAction | 'cancel' | 'restart';

/** What `before` reserved, for `after` to settle. */
export interface GuardTicket {
  phone: string;
  /** The step the call was made on (undefined at a start). */
  before: FormStep | undefined;
  smsReserved: boolean;
  passwordReserved: boolean;
}

export interface SessionGuard {
  /** Refuses (429) or reserves before an upstream call; undefined when the session is not guarded (demo). */
  before(
    event: Event,
    record: SessionRecord,
    step: FormStep | undefined,
    detail?: { fieldId?: string; values?: Readonly<Record<string, FieldValue>> },
  ): Promise<GuardTicket | undefined>;
  /** Settles the reservations by the outcome; answers the step with the tries left on its errors. */
  after(ticket: GuardTicket | undefined, outcome: AdapterOutcome<unknown> | undefined, step: Step, nowMs: number): Promise<Step>;
}

const fieldOf = (step: FormStep | undefined, kind: FieldKind) => step?.fields.find((field) => field.kind === kind);

/**
 * Whether the step after a call shows an SMS sent by it: an SMS field whose resend countdown is
 * running and is not the one the step before showed (a new step, a resend, a code "already on its
 * way"). A code the user requests by texting the carrier (Jilin) is the user's own SMS.
 */
export function smsSent(before: FormStep | undefined, after: Step, nowMs: number): boolean {
  if (after.type !== 'form') return false;
  return after.fields.some((field) => {
    if (field.kind !== 'smsCode' || field.instruction || !field.resend?.allowedAt) return false;
    if (Date.parse(field.resend.allowedAt) <= nowMs) return false;
    const previous = before?.id === after.id ? before.fields.find((f) => f.id === field.id) : undefined;
    return !(previous?.kind === 'smsCode' && previous.resend?.allowedAt === field.resend.allowedAt);
  });
}

/** The step with `attemptsLeft` on the error of its first field of `kind` that has one. */
function withAttemptsLeft(step: Step, kind: FieldKind, attemptsLeft: number): Step {
  if (step.type !== 'form') return step;
  const index = step.fields.findIndex((field) => field.kind === kind && field.error);
  const field = step.fields[index];
  if (!field?.error) return step;
  const fields = [...step.fields];
  fields[index] = { ...field, error: { ...field.error, attemptsLeft } };
  return { ...step, fields };
}

const wrongPassword = (outcome: AdapterOutcome<unknown> | undefined) =>
  (outcome?.type === 'rejected' || outcome?.type === 'failed') && outcome.error.code === 'password_incorrect';

export function createSessionGuard(guard: AbuseGuard | undefined): SessionGuard {
  return {
    async before(event, record, step, detail = {}) {
      // Demo sessions run on the built-in simulators: no carrier, no SMS, nothing to protect.
      if (!guard || record.demo) return undefined;
      const ticket: GuardTicket = { phone: record.phone, before: step, smsReserved: false, passwordReserved: false };
      switch (event) {
        case 'start':
        case 'restart':
          // A start may answer with an SMS already sent (some vendors send it at the start). Checked first: it takes nothing.
          await guard.sms.assertAvailable(record.phone);
          await guard.numberStart(record.phone);
          break;
        case 'resend': {
          await guard.sms.reserve(record.phone, { field: detail.fieldId });
          ticket.smsReserved = true;
          break;
        }
        case 'submit': {
          // A step asking for a code is the user entering it, never refused; any other may lead to one being sent.
          const smsField = fieldOf(step, 'smsCode');
          if (!smsField) await guard.sms.assertAvailable(record.phone);
          const password = fieldOf(step, 'servicePassword');
          const value = password ? detail.values?.[password.id] : undefined;
          if (password && typeof value === 'string' && value !== '') {
            await guard.password.reserve(record.phone, { field: password.id });
            ticket.passwordReserved = true;
          }
          break;
        }
        default:
          break;
      }
      return ticket;
    },

    async after(ticket, outcome, step, nowMs) {
      if (!guard || !ticket) return step;
      let result = step;
      // Passwords: a wrong one is kept (or counted, when the carrier judged a stored one), an
      // authorization forgives, anything else gives the reserved try back.
      if (wrongPassword(outcome)) {
        const left = await guard.password.failed(ticket.phone, ticket.passwordReserved);
        result = withAttemptsLeft(result, 'servicePassword', left);
      } else if (outcome?.type === 'authorized') {
        await guard.password.succeeded(ticket.phone);
      } else if (ticket.passwordReserved) {
        await guard.password.release(ticket.phone);
      }
      const sent = smsSent(ticket.before, step, nowMs);
      if (ticket.smsReserved && !sent) await guard.sms.release(ticket.phone);
      else if (!ticket.smsReserved && sent) await guard.sms.sent(ticket.phone);
      if (result.type === 'form' && result.fields.some((field) => field.kind === 'smsCode' && field.error)) {
        result = withAttemptsLeft(result, 'smsCode', await guard.sms.left(ticket.phone));
      }
      return result;
    },
  };
}
