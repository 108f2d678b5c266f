// One lazy chunk for the end-of-flow screens.
export { AuthorizedScreen } from './authorized-screen';
export { FailedScreen } from './failed-screen';
export { LinkErrorScreen } from './link-error-screen';
export { SessionExpiredScreen } from './session-expired-screen';
export { CancelledScreen } from './cancelled-screen';
