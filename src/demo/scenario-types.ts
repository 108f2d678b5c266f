import type { ErrorCode, FieldKind } from '../flow';
import type { ProviderName } from '../providers/types';

/**
 * The shape of the demo catalogue: one scenario per sandbox entry of either simulator, with the
 * script autoplay types and the end it must reach. Pure data, safe in the browser.
 */

/** Field kinds a script types into. The phone step (phone + consent) precedes every script. */
export const FILL_KINDS = [
  'servicePassword',
  'smsCode',
  'imageCaptcha',
  'name',
  'idCard',
  'contacts',
  'newPassword',
  'select',
  'text',
] as const satisfies readonly FieldKind[];
export type FillKind = (typeof FILL_KINDS)[number];

/** Buttons a script presses: field actions (recover, resend, refresh) and step actions (submit, cancel). */
export const SCRIPT_COMMANDS = ['recover', 'resend', 'refresh', 'submit', 'cancel'] as const;
export type ScriptCommand = (typeof SCRIPT_COMMANDS)[number];

/** The field a field action belongs to. */
export const COMMAND_FIELD: Readonly<Record<'recover' | 'resend' | 'refresh', FillKind>> = {
  recover: 'servicePassword',
  resend: 'smsCode',
  refresh: 'imageCaptcha',
};

/** Where a captcha answer comes from, as the sandbox says it: the picture's index in its sequence. */
export interface CaptchaSource {
  sequence: 'CAPTCHA_SEQUENCE' | 'SUM_CAPTCHA_SEQUENCE';
  index: number;
}

/** Where an error shows: at a field of this kind, at the step, or as the failed screen. */
export type ErrorPlace = FillKind | 'step' | 'failed';

export interface ExpectedError {
  code: ErrorCode;
  at: ErrorPlace;
}

/** How a script ends: authorized, or the error at its place. */
export type ExpectedEnd = { ending: 'authorized' } | ({ ending: 'error' } & ExpectedError);

export type ScriptAction =
  | {
      type: 'fill';
      field: FillKind;
      value: string | readonly string[];
      /** For captchas: which picture the value answers. */
      captcha?: CaptchaSource;
    }
  | {
      type: ScriptCommand;
      /** An error this action is answered with on the way (the script goes on after it). */
      error?: ExpectedError;
    };

export type ScenarioGroupId =
  | 'rong360-flows'
  | 'rong360-errors'
  | 'rong360-faults'
  | 'dianhua-flows'
  | 'dianhua-recovery'
  | 'dianhua-errors'
  | 'dianhua-faults'
  | 'failover'
  | 'rong360-update'
  | 'dianhua-update'
  | 'outage';

export interface ScenarioGroup {
  id: ScenarioGroupId;
  provider: ProviderName;
  label: string;
  labelEn: string;
}

/** An input the scenario uses, for display beside it. */
export interface ScenarioInput {
  label: string;
  labelEn: string;
  value: string;
}

export interface Scenario {
  /** Stable and URL-safe, e.g. `rong360-flow-shanxi`, `dianhua-error-30007`. */
  id: string;
  provider: ProviderName;
  group: ScenarioGroupId;
  title: string;
  titleEn: string;
  /** One line saying what the scenario shows. */
  summary: string;
  summaryEn: string;
  /** The sandbox number that plays it. */
  phone: string;
  /**
   * Update mode: the session an update link opens, on the vendor's demo update number (`phone`);
   * the widget shows it masked and locked and never sends it, autoplay types no number.
   */
  update?: true;
  /** Simulated vendors the session fails over to, in order (the failover scenarios). */
  failover?: readonly ProviderName[];
  /** The phone step shows the outage notice (a simulated outage of every carrier; autoplay checks it). */
  outage?: true;
  /** The vendor code an error scenario plays. */
  upstreamCode?: string;
  inputs: readonly ScenarioInput[];
  /** Autoplay actions after the phone step, in order. */
  script: readonly ScriptAction[];
  expect: ExpectedEnd;
}
