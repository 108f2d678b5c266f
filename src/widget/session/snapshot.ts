import type { Step, StepResponse } from '../../flow';

/** The current step plus how far the server clock is ahead of this device's. */
export interface SessionSnapshot {
  step: Step;
  /** serverTime - Date.now() at receipt; countdowns to server instants add it to Date.now(). */
  skewMs: number;
}

export function toSnapshot(response: Pick<StepResponse, 'step' | 'serverTime'>, receivedAt = Date.now()): SessionSnapshot {
  const serverNow = Date.parse(response.serverTime);
  return { step: response.step, skewMs: Number.isNaN(serverNow) ? 0 : serverNow - receivedAt };
}

export function sessionKey(token: string) {
  return ['carrierlink', 'session', token] as const;
}
