import type { ErrorCode, ErrorTarget, RetryMode } from '../../flow';

/** How one vendor error code reads in the neutral model (a FlowError without its upstream code). */
export interface ErrorRule {
  code: ErrorCode;
  target: ErrorTarget;
  retry: RetryMode;
  /** zh-CN, for the user. */
  message: string;
}

export function rule(code: ErrorCode, target: ErrorTarget, retry: RetryMode, message: string): ErrorRule {
  return { code, target, retry, message };
}
