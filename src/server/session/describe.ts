import type { Step } from '../../flow';

/** What a log line may say about a step: its shape and error codes, never a value. */
export function describeStep(step: Step): Record<string, unknown> {
  switch (step.type) {
    case 'form': {
      const errors = step.fields.flatMap((f) => (f.error ? [`${f.kind}:${f.error.code}`] : []));
      if (step.error) errors.push(`step:${step.error.code}`);
      return {
        step: 'form',
        intent: step.intent,
        ...(step.purpose ? { purpose: step.purpose } : {}),
        revision: step.revision,
        fields: step.fields.map((f) => f.kind),
        ...(errors.length > 0 ? { errors } : {}),
      };
    }
    case 'authorized':
      return { step: 'authorized' };
    case 'failed':
      return { step: 'failed', error: step.error.code, upstreamCode: step.error.upstreamCode, canRestart: step.canRestart };
  }
}
