import type { Step } from '../../flow';
import type { ApiRequestError } from '../api/http';

/** Why a link cannot be used; each has a catalogue message. */
export type LinkErrorCode = 'link_not_found' | 'link_used' | 'link_expired';

/** What the widget is showing, as the embed events describe it. */
export type WidgetView =
  | { screen: 'loading' }
  | { screen: 'load_error'; error: ApiRequestError }
  | { screen: 'phone' }
  | { screen: 'step'; step: Step }
  | { screen: 'expired' }
  /** Link mode: the applicant cancelled the session to use another number. */
  | { screen: 'cancelled' }
  | { screen: 'link_error'; code: LinkErrorCode };

/** Changes exactly when the screen does: a new revision of the same step is the same screen. */
export function viewKey(view: WidgetView): string {
  return view.screen === 'step' ? `step:${view.step.id}` : view.screen;
}
