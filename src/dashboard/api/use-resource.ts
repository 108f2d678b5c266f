import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load` whenever `key` changes (the previous request is aborted) and keeps the last answer
 * on screen while the next loads, so filters do not blank the page. `initial`: the answer for the
 * first key, already at hand (the page's boot block), so the first load is skipped.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>, initial?: T): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: initial,
    error: undefined,
    loading: initial === undefined,
  });
  const [attempt, setAttempt] = useState(0);
  const given = useRef(initial === undefined ? undefined : key);
  useEffect(() => {
    if (given.current === key && attempt === 0) {
      given.current = undefined;
      return;
    }
    given.current = undefined;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error, loading: false }));
      },
    );
    return () => controller.abort();
    // `load` changes with every render; `key` says when the request does.
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
