import type * as z from 'zod';
import { createHttpClient } from '../../providers/http';
import { DianhuaStateSchema } from '../../providers/dianhua/adapter';
import { Rong360StateSchema } from '../../providers/rong360/adapter';
import type { ProviderAdapter, ProviderName } from '../../providers/types';
import { simulatedDianhua, simulatedRong360 } from '../upstream';
import type { DianhuaSettings, Rong360Settings, Upstream } from '../upstream';
import { createDemoContext } from './context';
import type { DemoRuntime } from './context';
import { createDemoHttpClient } from './http';

/** The simulators answer at once; a budget this short only matters for a sandbox number that hangs. */
const DEMO_UPSTREAM_TIMEOUT_MS = 5_000;

export interface DemoUpstreamsOptions {
  /** Cooldown before an SMS code can be sent again (SMS_RESEND_SECONDS). */
  smsResendSeconds?: number;
  /** Dianhua's resend policy (DIANHUA_SMS_RESEND, DIANHUA_MAX_SMS_RESENDS). */
  dianhua?: Pick<DianhuaSettings, 'smsResend' | 'maxSmsResends'>;
  /** How long an injected timeout waits (default DEMO_TIMEOUT_WAIT_MS). */
  timeoutWaitMs?: number;
  /** Injected in tests to count and skip the waits of latency and timeouts. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called with a start-up line when a simulator starts (e.g. the app logger). */
  onStart?: (label: string) => void;
}

/** Demo mode's upstreams: one simulator per provider, each started on the first call that needs it. */
export interface DemoUpstreams extends DemoRuntime {
  adapters: Record<ProviderName, ProviderAdapter<unknown>>;
  /** Stops every simulator started so far; later calls fail. */
  close(): Promise<void>;
}

/**
 * Lazily started: a server that never serves a demo session starts no extra simulator. The adapters
 * always talk to these simulators, never to a configured vendor, whatever the environment says.
 */
export function createDemoUpstreams(options: DemoUpstreamsOptions = {}): DemoUpstreams {
  const context = createDemoContext();
  const http = () =>
    createDemoHttpClient(createHttpClient({ timeoutMs: DEMO_UPSTREAM_TIMEOUT_MS }), {
      context,
      ...(options.sleep && { sleep: options.sleep }),
      ...(options.timeoutWaitMs !== undefined && { timeoutWaitMs: options.timeoutWaitMs }),
    });
  const deps = () => ({ http: http(), ...(options.now && { now: options.now }) });
  // The simulator gives up on a hanging call only after our client has.
  const simulator = { timeoutFaultMs: DEMO_UPSTREAM_TIMEOUT_MS * 3, sendPushes: false };
  const rong360: Rong360Settings = {
    appName: 'carrierlink',
    appVersion: '1.0.0',
    platform: 'web',
    // Never called: demo simulators push nothing (sendPushes: false below), nobody collects demo sessions.
    noticeUrl: 'http://127.0.0.1/hooks/rong360',
    timeoutMs: DEMO_UPSTREAM_TIMEOUT_MS,
    smsResendSeconds: options.smsResendSeconds ?? 60,
  };
  const dianhua: DianhuaSettings = {
    timeoutMs: DEMO_UPSTREAM_TIMEOUT_MS,
    smsResend: options.dianhua?.smsResend ?? 'off',
    maxSmsResends: options.dianhua?.maxSmsResends ?? 2,
  };

  let closed = false;
  function lazyAdapter(provider: ProviderName, stateSchema: z.ZodType<unknown>, open: () => Promise<Upstream>) {
    let running: Promise<Upstream> | undefined;
    const ready = async (): Promise<ProviderAdapter<unknown>> => {
      if (closed) throw new Error('demo upstreams are closed');
      running ??= open().then(
        (up) => {
          if (up.simulator) options.onStart?.(`demo: ${up.simulator.label}`);
          return up;
        },
        (error: unknown) => {
          // A failed start may be retried by the next call.
          running = undefined;
          throw error;
        },
      );
      return (await running).adapter;
    };
    const adapter: ProviderAdapter<unknown> = {
      provider,
      stateSchema,
      start: async (input) => (await ready()).start(input),
      submit: async (state, values) => (await ready()).submit(state, values),
      fieldAction: async (state, fieldId, action) => (await ready()).fieldAction(state, fieldId, action),
      cancel: async (state) => (await ready()).cancel(state),
    };
    const close = async () => {
      const up = await running?.catch(() => undefined);
      await up?.close();
    };
    return { adapter, close };
  }

  const rong360Lazy = lazyAdapter('rong360', Rong360StateSchema, () => simulatedRong360(rong360, deps(), simulator));
  // Designers replay recovery scenarios: each demo session (a new uid) finds its number as the sandbox left it.
  const dianhuaLazy = lazyAdapter('dianhua', DianhuaStateSchema, () =>
    simulatedDianhua(dianhua, deps(), { ...simulator, freshApplicants: true }),
  );
  return {
    adapters: { rong360: rong360Lazy.adapter, dianhua: dianhuaLazy.adapter },
    context,
    async close() {
      closed = true;
      await Promise.all([rong360Lazy.close(), dianhuaLazy.close()]);
    },
  };
}
