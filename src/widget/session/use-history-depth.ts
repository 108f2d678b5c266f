import { useEffect, useRef } from 'react';

/**
 * Browser Back and Forward inside the widget. Every screen has a depth: 0 the phone step, 1 the
 * session's steps (one entry for all of them: the upstream cannot go back a step), 2 a step the
 * applicant may leave (password recovery). A deeper screen pushes a history entry, any other
 * change replaces the current one; popping to another depth asks the widget to go there.
 *
 * Entries are marked in `history.state` (reloads keep them). An entry left behind at the depth
 * already shown (after the widget itself went back, say) is skipped in the direction travelled,
 * so no Back press is ever spent on nothing. The widget never starts a traversal on its own (in a
 * frame that could move the lender's page); it only carries on one the applicant started.
 */

const KEY = 'carrierlink';

interface Entry {
  depth: number;
  /** Position among the widget's entries, to tell Back from Forward. */
  index: number;
}

function entryOf(state: unknown): Entry | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const entry = (state as Record<string, unknown>)[KEY];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { depth, index } = entry as Record<string, unknown>;
  return typeof depth === 'number' && typeof index === 'number' ? { depth, index } : undefined;
}

function stateWith(entry: Entry): Record<string, unknown> {
  const state: unknown = window.history.state;
  const base = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  return { ...base, [KEY]: entry };
}

/** The depth the current history entry says, if it is one of the widget's (a reload keeps it). */
export function historyDepth(): number | undefined {
  try {
    return entryOf(window.history.state)?.depth;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the history in step with `depth` (the screen shown, or the one being gone to), and calls
 * `onNavigate(target)` when Back or Forward lands on an entry of another depth.
 */
export function useHistoryDepth(depth: number, onNavigate: (target: number) => void): void {
  const current = useRef<Entry | undefined>(undefined);
  const latest = useRef({ depth, onNavigate });
  latest.current = { depth, onNavigate };

  useEffect(() => {
    const entry = current.current;
    if (!entry) {
      const claimed = { depth, index: entryOf(window.history.state)?.index ?? 0 };
      window.history.replaceState(stateWith(claimed), '');
      current.current = claimed;
    } else if (depth > entry.depth) {
      const next = { depth, index: entry.index + 1 };
      window.history.pushState(stateWith(next), '');
      current.current = next;
    } else if (depth < entry.depth) {
      const next = { depth, index: entry.index };
      window.history.replaceState(stateWith(next), '');
      current.current = next;
    }
  }, [depth]);

  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      const target = entryOf(event.state);
      const from = current.current;
      if (!target || !from) return;
      current.current = target;
      if (target.depth !== latest.current.depth) {
        latest.current.onNavigate(target.depth);
        return;
      }
      // Nothing to show for this entry: carry on the way the applicant was going.
      if (target.index < from.index) window.history.back();
      else if (target.index > from.index) window.history.forward();
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
}
