import type * as z from 'zod';
import type { Field, FieldAction, FieldValue, FlowError, RecoveredPassword, StepPurpose, SubmitIntent } from '../flow';

export { PROVIDER_NAMES } from './vendor-names';
export type { ProviderName } from './vendor-names';
import type { ProviderName } from './vendor-names';

/** A form step as an adapter describes it; the session service adds ids, revisions and errors. */
export interface ProviderFormStep {
  intent: SubmitIntent;
  fields: Field[];
  /** Absent means `authorize`. */
  purpose?: StepPurpose;
  /** The user may leave this step through `cancel` (e.g. back from password recovery). */
  cancellable?: boolean;
  /** Upstream's informational message worth showing (never an error; errors are FlowError). */
  notice?: string;
  /** A new service password the carrier answered in plain text after a recovery (for the applicant's eyes only). */
  recoveredPassword?: RecoveredPassword;
}

/**
 * What an adapter call leads to. `state` is the adapter's whole memory of the session (JSON only,
 * it will be persisted); it may hold secrets and upstream identifiers, and never leaves the server.
 */
export type AdapterOutcome<S> =
  /** A new step to show. */
  | { type: 'step'; state: S; step: ProviderFormStep }
  /**
   * The submission or action was refused and the user stays on a step: the given one (e.g. with a
   * fresh captcha, or the login step again) or, when absent, the current one. Only for errors whose
   * `retry` is `field` or `step`.
   */
  | { type: 'rejected'; state: S; error: FlowError; step?: ProviderFormStep }
  /** The user has authorized; collection runs upstream under `taskId`. */
  | { type: 'authorized'; state: S; taskId: string }
  /** The flow cannot go on (`retry` is `restart` or `none`). */
  | { type: 'failed'; state: S; error: FlowError };

/** What the lender already knows of the applicant (its link token supplies it). */
export interface Applicant {
  name?: string;
  idCard?: string;
  province?: string;
  city?: string;
  address?: string;
  /** Emergency contacts. */
  contacts?: Array<{ phone: string; name?: string; relationship?: string; priority?: number }>;
}

export interface StartInput {
  /** Validated mainland mobile number. */
  phone: string;
  /** The applicant's id at the lender, or one CarrierLink generated for the session. */
  userId: string;
  applicant?: Applicant;
}

/** One upstream, seen through the provider-neutral step model. */
export interface ProviderAdapter<S = unknown> {
  readonly provider: ProviderName;
  /** Validates the adapter's persisted state. */
  readonly stateSchema: z.ZodType<S>;
  start(input: StartInput): Promise<AdapterOutcome<S>>;
  /**
   * `values` holds a value for every field of the current step, checked by kind beforehand: a
   * string array for `contacts`, a string for every other kind.
   */
  submit(state: S, values: Readonly<Record<string, FieldValue>>): Promise<AdapterOutcome<S>>;
  /** Refresh a captcha, resend an SMS code, or open password recovery, on the current step. */
  fieldAction(state: S, fieldId: string, action: FieldAction): Promise<AdapterOutcome<S>>;
  /** Leave the current (cancellable) step, e.g. password recovery back to the login step. */
  cancel(state: S): Promise<AdapterOutcome<S>>;
}
