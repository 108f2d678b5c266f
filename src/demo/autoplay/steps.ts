import type { ScriptAction } from '../scenario-types';

/**
 * A scenario as the screens it passes through: step 0 is the phone step (not in the script), each
 * later step the script's actions up to and including a button press (submit, resend, ...).
 * "Jump to step N" plays steps 0..N-1 and leaves step N on screen; the step after the last one
 * is the end screen.
 */
export interface PlayStep {
  index: number;
  /** Empty for the phone step. */
  actions: readonly ScriptAction[];
}

export function scriptSteps(script: readonly ScriptAction[]): PlayStep[] {
  const steps: PlayStep[] = [{ index: 0, actions: [] }];
  let pending: ScriptAction[] = [];
  for (const action of script) {
    pending.push(action);
    if (action.type !== 'fill') {
      steps.push({ index: steps.length, actions: pending });
      pending = [];
    }
  }
  if (pending.length > 0) steps.push({ index: steps.length, actions: pending });
  return steps;
}

/** The index of the end screen: everything played. */
export function endStepIndex(script: readonly ScriptAction[]): number {
  return scriptSteps(script).length;
}
