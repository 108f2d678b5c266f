import type { StepInfo } from '../../embed/protocol';
import type { WidgetView } from './view';

/** The view as the host may see it (kinds only), or null while nothing is shown yet. */
export function stepInfo(view: WidgetView): StepInfo | null {
  switch (view.screen) {
    case 'loading':
    case 'load_error':
    case 'cancelled':
      return null;
    case 'phone':
      return { kind: 'phone', fields: ['phone'] };
    case 'expired':
      return { kind: 'expired', fields: [] };
    case 'link_error':
      return { kind: 'link_error', fields: [] };
    case 'step': {
      const { step } = view;
      if (step.type === 'form') {
        return {
          kind: step.purpose === 'recoverPassword' ? 'recoverPassword' : 'authorize',
          fields: step.fields.map((field) => field.kind),
        };
      }
      return { kind: step.type, fields: [] };
    }
  }
}
