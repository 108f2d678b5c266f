import type { FieldKind, FlowError, FormStep } from '../../flow';

// The placement rule written out again on purpose: the error suites check the service against it,
// not against the service's own table (flow's ERROR_TARGET_KINDS).
const TARGET_KINDS: Record<FlowError['target'], FieldKind[]> = {
  password: ['servicePassword'],
  smsCode: ['smsCode'],
  captcha: ['imageCaptcha'],
  identity: ['idCard', 'name'],
  newPassword: ['newPassword'],
  contacts: ['contacts'],
  none: [],
};

/** Where the service must have put an error of this target on this step: a field id, or the step. */
export function expectedPlace(step: FormStep, target: FlowError['target']): string {
  for (const kind of TARGET_KINDS[target]) {
    const field = step.fields.find((f) => f.kind === kind);
    if (field) return field.id;
  }
  return 'step';
}

/** Every error the step shows, as [field id or 'step', code, message]. */
export function errorsOf(step: FormStep): Array<[string, string, string]> {
  const out = step.fields.flatMap((f) => (f.error ? [[f.id, f.error.code, f.error.message] as [string, string, string]] : []));
  if (step.error) out.push(['step', step.error.code, step.error.message]);
  return out;
}
