import { LIMITS, type WIDGET_EXIT_REASONS } from '../../embed/constants';
import type { EmbedError, StepInfo } from '../../embed/protocol';
import type { Consent } from '../../flow';
import type { ApiRequestError } from '../api/http';
import type { ErrorLike } from '../i18n/error-text';
import type { Bridge } from './bridge';
import { embedError } from './embed-error';
import { stepInfo } from './step-info';
import { viewKey, type WidgetView } from './view';

export type WidgetExitReason = (typeof WIDGET_EXIT_REASONS)[number];
/** Words an error as the widget shows it, in the current locale. */
export type Describe = (error: ErrorLike) => string;

/** Turns what the widget shows and does into embed events; lives as long as the page. */
export interface Reporter {
  /** The screen being shown: step_shown on a change, plus the errors or success it carries. */
  show(view: WidgetView, describe: Describe): void;
  /** The user sent the current step. */
  submitted(): void;
  /** The user asked for another SMS code (`resend`) or image captcha (`refresh`) on the current step. */
  fieldAction(action: 'resend' | 'refresh'): void;
  /** A request failed and its error is shown; `field` is the field kind it is shown at. */
  requestFailed(error: ApiRequestError, describe: Describe, field?: string): void;
  /** The server opened the session and recorded this consent. */
  consent(consent: Consent): void;
  exit(reason: WidgetExitReason, error?: EmbedError): void;
  /** The page's content height in CSS pixels. */
  resize(height: number): void;
}

/** `bridge`: where the events go (the postMessage bridge, the server, or both). */
export function createReporter(bridge: Pick<Bridge, 'emit'>): Reporter {
  let step: StepInfo | null = null;
  let shownKey: string | undefined;
  let lastLoadError: ApiRequestError | undefined;
  let lastHeight: number | undefined;
  let succeeded = false;
  // Errors already reported: a step revision's verdict, a failed step, a link error.
  const reported = new Set<string>();

  const error = (value: EmbedError) => bridge.emit({ type: 'error', data: { step, error: value } });
  const once = (key: string, report: () => void) => {
    if (reported.has(key)) return;
    reported.add(key);
    report();
  };

  return {
    show(view, describe) {
      step = stepInfo(view);
      const key = viewKey(view);
      if (step && key !== shownKey) {
        shownKey = key;
        bridge.emit({ type: 'step_shown', data: { step } });
      }
      if (view.screen === 'load_error' && view.error !== lastLoadError) {
        lastLoadError = view.error;
        const { code, serverMessage, retryable } = view.error;
        error(embedError(code, retryable, describe({ code, message: serverMessage })));
      }
      if (view.screen === 'link_error') {
        once(`link:${view.code}`, () => error(embedError(view.code, false, describe({ code: view.code, message: '' }))));
      }
      if (view.screen !== 'step') return;
      const current = view.step;
      if (current.type === 'form') {
        // Upstream verdicts arrive as a new revision of the step; the user corrects and resubmits.
        once(`form:${current.id}#${current.revision}`, () => {
          if (current.error) error(embedError(current.error.code, true, describe(current.error)));
          for (const field of current.fields) {
            if (field.error) error(embedError(field.error.code, true, describe(field.error), field.kind));
          }
        });
      } else if (current.type === 'failed') {
        once(`failed:${current.id}`, () => error(embedError(current.error.code, current.error.retryable, describe(current.error))));
      } else if (current.result && !succeeded) {
        succeeded = true;
        bridge.emit({ type: 'success', data: { sessionId: current.result.sessionId, taskId: current.result.taskId } });
      }
    },
    submitted() {
      if (step) bridge.emit({ type: 'submitted', data: { step } });
    },
    fieldAction(action) {
      if (step) bridge.emit({ type: action === 'resend' ? 'resend' : 'captcha_refresh', data: { step } });
    },
    requestFailed(failure, describe, field) {
      error(embedError(failure.code, failure.retryable, describe({ code: failure.code, message: failure.serverMessage }), field));
    },
    consent({ agreementVersion, textHash, acceptedAt }) {
      bridge.emit({ type: 'consent', data: { agreementVersion, textHash: textHash ?? null, acceptedAt } });
    },
    exit(reason, value) {
      bridge.emit({ type: 'exit', data: value ? { reason, step, error: value } : { reason, step } });
    },
    resize(height) {
      const rounded = Math.min(Math.max(Math.ceil(height), 0), LIMITS.maxHeight);
      if (rounded === lastHeight) return;
      lastHeight = rounded;
      bridge.emit({ type: 'resize', data: { height: rounded } });
    },
  };
}
