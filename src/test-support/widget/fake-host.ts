import { vi } from 'vitest';
import { PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../../embed/constants';
import { createBridge, type Bridge } from '../../widget/embed/bridge';
import { LENDER_ORIGIN } from './fixtures';

export const CHANNEL = 'chan_0123456789';

/** A message the widget posted, as the host would receive it. */
export interface Posted {
  message: Record<string, unknown> & { type: string };
  targetOrigin: string;
}

/**
 * A lender page for the widget under test: a real window (an iframe's) standing in as the
 * parent, its postMessage spied, and a bridge from the test window to it.
 */
export function createFakeHost(options: { ancestorOrigins?: ArrayLike<string>; parentOrigin?: string; channel?: string } = {}) {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const parent = frame.contentWindow;
  if (!parent) throw new Error('no iframe window');
  const postMessage = vi.spyOn(parent, 'postMessage').mockImplementation(() => undefined);
  const bridge: Bridge = createBridge({
    channel: options.channel ?? CHANNEL,
    parentOrigin: options.parentOrigin ?? LENDER_ORIGIN,
    self: window,
    parent,
    ancestorOrigins: 'ancestorOrigins' in options ? options.ancestorOrigins : [LENDER_ORIGIN],
  });

  const posted = (): Posted[] =>
    postMessage.mock.calls.map(([message, targetOrigin]) => ({
      message: message as Posted['message'],
      targetOrigin: String(targetOrigin),
    }));

  /** Everything but the handshake's hellos, as the host's callbacks see it. */
  const events = () =>
    posted()
      .filter((entry) => entry.message.type !== 'hello')
      .map((entry) => entry.message);

  /** Answers the handshake from the parent (or from elsewhere, to test what is ignored). */
  const ack = (overrides: { origin?: string; source?: Window; data?: unknown } = {}) => {
    const data =
      'data' in overrides
        ? overrides.data
        : { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel: options.channel ?? CHANNEL, type: 'hello_ack' };
    window.dispatchEvent(
      new MessageEvent('message', { origin: overrides.origin ?? LENDER_ORIGIN, source: overrides.source ?? parent, data }),
    );
  };

  const dispose = () => {
    bridge.close();
    frame.remove();
  };

  return { bridge, parent, postMessage, posted, events, ack, dispose };
}
