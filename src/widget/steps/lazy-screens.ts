import { lazy } from 'react';

// Everything after the phone step is split out so the first load stays close to React's own size.
const loadFormStep = () => import('./form-step');
const loadTerminal = () => import('./terminal-screens');

export const FormStepScreen = lazy(() => loadFormStep().then((module) => ({ default: module.FormStepScreen })));
export const AuthorizedScreen = lazy(() => loadTerminal().then((module) => ({ default: module.AuthorizedScreen })));
export const FailedScreen = lazy(() => loadTerminal().then((module) => ({ default: module.FailedScreen })));
export const LinkErrorScreen = lazy(() => loadTerminal().then((module) => ({ default: module.LinkErrorScreen })));
export const CancelledScreen = lazy(() => loadTerminal().then((module) => ({ default: module.CancelledScreen })));
export const SessionExpiredScreen = lazy(() => loadTerminal().then((module) => ({ default: module.SessionExpiredScreen })));

/** Starts fetching the next screens while the first request is in flight. */
export function preloadStepScreens(): void {
  loadFormStep().catch(() => undefined);
}
