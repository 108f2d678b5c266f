import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCaptchaAnswer as dianhuaCaptcha } from '../../providers/dianhua/sandbox-user';
import { sandboxCaptchaAnswer as rong360Captcha } from '../../providers/rong360/sandbox-user';
import { startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../test-support/server/dianhua-harness';
import { startHarness } from '../../test-support/server/rong360-harness';
import type { Harness } from '../../test-support/server/rong360-harness';
import { SCENARIOS } from '../scenarios';
import { play } from '../../test-support/demo/play';

// Short timeouts so the timeout faults answer quickly; the simulators hang longer than the client waits.
const TIMEOUTS = { timeoutMs: 1_000, timeoutFaultMs: 3_000 };

let rong360: Harness;
let dianhua: DianhuaHarness;
beforeAll(async () => {
  [rong360, dianhua] = await Promise.all([startHarness(TIMEOUTS), startDianhuaHarness(TIMEOUTS)]);
});
afterAll(async () => {
  await Promise.all([rong360.close(), dianhua.close()]);
});

// Failover scenarios need both simulators behind one server: src/server/demo/__tests__/demo-sessions.test.ts plays them;
// update scenarios start as demo sessions: src/server/demo/__tests__/demo-update.test.ts plays them.
describe('every catalogue script, played against the real simulator through the session API', () => {
  it.each(SCENARIOS.filter((s) => s.provider === 'rong360' && !s.failover && !s.update).map((s) => [s.id, s] as const))(
    '%s reaches its expected end',
    async (_id, scenario) => {
      const { outcome, problems } = await play(rong360.t, scenario, rong360Captcha);
      expect(problems).toEqual([]);
      expect(outcome).toEqual(scenario.expect);
    },
  );

  it.each(SCENARIOS.filter((s) => s.provider === 'dianhua' && !s.failover && !s.update).map((s) => [s.id, s] as const))(
    '%s reaches its expected end',
    async (_id, scenario) => {
      const { outcome, problems } = await play(dianhua.t, scenario, dianhuaCaptcha);
      expect(problems).toEqual([]);
      expect(outcome).toEqual(scenario.expect);
    },
  );
});

describe('the player itself', () => {
  const scenario = (id: string) => {
    const found = SCENARIOS.find((s) => s.id === id);
    if (!found) throw new Error(`missing scenario ${id}`);
    return found;
  };

  it('reports a captcha typed for another picture, and the error it brings on the way', async () => {
    // Without the refresh the first picture is on screen, not the second one the script types.
    const original = scenario('rong360-flow-captcha-first');
    const skipped = { ...original, script: original.script.filter((a) => a.type !== 'refresh') };
    const { problems, outcome } = await play(rong360.t, skipped, rong360Captcha);
    expect(problems[0]).toContain('the picture shows 1234, the script types 5678');
    expect(problems[1]).toContain('"code":"captcha_incorrect","at":"imageCaptcha"');
    expect(outcome).not.toEqual(original.expect);
  });

  it('reports a script that stops short of its end', async () => {
    const original = scenario('dianhua-error-4990');
    const short = { ...original, script: original.script.slice(0, 2) };
    const { problems, outcome } = await play(dianhua.t, short, dianhuaCaptcha);
    expect(problems).toEqual([]);
    expect(outcome).toEqual({ ending: 'form' });
  });
});
