import { useEffect, useRef } from 'react';
import { useQueryClient, type MutationCacheNotifyEvent } from '@tanstack/react-query';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { mutationName } from '../api/mutation-keys';
import { useErrorText } from '../i18n/error-text';
import { useEmbed, type EmbedReportingProps } from './embed-context';
import type { Describe, Reporter } from './reporter';
import type { WidgetView } from './view';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The kind of the field of the current step with this id. */
function kindOf(view: WidgetView, fieldId: unknown): string | undefined {
  if (view.screen !== 'step' || view.step.type !== 'form' || typeof fieldId !== 'string') return undefined;
  return view.step.fields.find((field) => field.id === fieldId)?.kind;
}

/**
 * Submissions and their refusals, read from the mutation cache (the phone step reports its own
 * start, steps/start-reporting.ts): a step is `submitted` when its
 * request is sent; a failure is an `error` when the screen shows it (a gone session or an
 * outdated step is not shown: the next screen says what happened).
 */
function onMutationEvent(event: MutationCacheNotifyEvent, reporter: Reporter, view: WidgetView, describe: Describe, sent: WeakSet<object>) {
  if (event.type !== 'updated') return;
  const { mutation, action } = event;
  const name = mutationName(mutation.options.mutationKey);
  if (!name) return;
  if (action.type === 'pending' && !sent.has(mutation)) {
    sent.add(mutation);
    if (name === 'submit') reporter.submitted();
    const variables = action.variables ?? mutation.state.variables;
    if (name === 'fieldAction' && isRecord(variables) && (variables.action === 'resend' || variables.action === 'refresh')) {
      reporter.fieldAction(variables.action);
    }
  } else if (action.type === 'error') {
    if (isSessionGone(action.error) || isStepOutdated(action.error)) return;
    const failure = toRequestError(action.error);
    const variables = mutation.state.variables;
    // A field action's failure is shown at its field; a refused submission at the field it names.
    const field = kindOf(view, name === 'fieldAction' && isRecord(variables) ? variables.fieldId : failure.field);
    reporter.requestFailed(failure, describe, field);
  }
}

/**
 * The one place app state becomes embed events: the view (step_shown, errors on a step, success),
 * the session mutations (submitted, resend, captcha_refresh, refusals), Escape in a modal,
 * and the page height. Rendered by AppFrame in link mode (the reporter's bridge stays silent unless
 * the widget runs in a verified lender page); renders nothing.
 */
export function createEmbedReporting(reporter: Reporter) {
  return function EmbedReporting({ view, rootRef }: EmbedReportingProps) {
    const embed = useEmbed();
    const modal = embed?.mode === 'modal';
    const embedded = embed !== null;
    const describe = useErrorText();
    const queryClient = useQueryClient();
    const latest = useRef({ view, describe });

    useEffect(() => {
      latest.current = { view, describe };
      reporter.show(view, describe);
    });

    useEffect(() => {
      const sent = new WeakSet<object>();
      return queryClient.getMutationCache().subscribe((event) => {
        onMutationEvent(event, reporter, latest.current.view, latest.current.describe, sent);
      });
    }, [queryClient]);

    useEffect(() => {
      if (!modal) return;
      const onKeyDown = (event: KeyboardEvent) => {
        // Escape also cancels an IME composition (pinyin input); that must not close the widget.
        if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
        reporter.exit('user_closed');
      };
      document.addEventListener('keydown', onKeyDown);
      return () => document.removeEventListener('keydown', onKeyDown);
    }, [modal]);

    useEffect(() => {
      const root = rootRef.current;
      // Only a lender page sizes an inline frame to the content.
      if (!embedded || !root || typeof ResizeObserver === 'undefined') return;
      // Layout can change several times in a frame (a step swap); one measurement per frame.
      let frame: number | undefined;
      const measure = () => {
        frame = undefined;
        reporter.resize(root.getBoundingClientRect().height);
      };
      const observer = new ResizeObserver(() => {
        frame ??= requestAnimationFrame(measure);
      });
      observer.observe(root);
      return () => {
        observer.disconnect();
        if (frame !== undefined) cancelAnimationFrame(frame);
      };
    }, [rootRef, embedded]);

    return null;
  };
}
