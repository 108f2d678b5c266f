import { createHttpClient } from '../../providers/http';
import { PROVIDER_NAMES, vendorOf } from '../../providers/registry';
import type { VendorSettings } from '../../providers/registry';
import type { ProviderAdapter, ProviderName } from '../../providers/types';
import type { Upstream } from '../../providers/vendor';
import { createDemoContext } from './context';
import type { DemoRuntime } from './context';
import { createDemoHttpClient } from './http';

/** The simulators answer at once; a budget this short only matters for a sandbox number that hangs. */
const DEMO_UPSTREAM_TIMEOUT_MS = 5_000;

export interface DemoUpstreamsOptions {
  /** Cooldown before an SMS code can be sent again (SMS_RESEND_SECONDS). */
  smsResendSeconds?: number;
  /** The vendors' configured settings: a demo simulator behaves as the configured vendor would (e.g. its SMS resend policy). */
  vendors?: Partial<VendorSettings>;
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
  // The simulator gives up on a hanging call only after our client has; nobody collects demo sessions, so it pushes nothing.
  const simulator = { timeoutFaultMs: DEMO_UPSTREAM_TIMEOUT_MS * 3, sendPushes: false, demo: true };
  const open = (provider: ProviderName) => () =>
    vendorOf(provider).demoUpstream(options.vendors?.[provider], {
      timeoutMs: DEMO_UPSTREAM_TIMEOUT_MS,
      smsResendSeconds: options.smsResendSeconds ?? 60,
      simulator,
      deps: deps(),
    });

  let closed = false;
  function lazyAdapter(provider: ProviderName, open: () => Promise<Upstream>) {
    const { stateSchema } = vendorOf(provider);
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

  const lazy = PROVIDER_NAMES.map((provider) => ({ provider, ...lazyAdapter(provider, open(provider)) }));
  return {
    adapters: Object.fromEntries(lazy.map(({ provider, adapter }) => [provider, adapter])) as Record<
      ProviderName,
      ProviderAdapter<unknown>
    >,
    context,
    async close() {
      closed = true;
      await Promise.all(lazy.map((entry) => entry.close()));
    },
  };
}
