import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createCarrierLink } from './loader';
import type { CarrierLinkHandle, CarrierLinkOptions, ExitData } from './types';

/**
 * React wrapper over the loader, for lenders who bundle CarrierLink. One loader instance per
 * (token, url, container, locale, theme, brand, radius), created in an effect and destroyed in its cleanup: React
 * StrictMode's mount/unmount/mount ends with one iframe, and callbacks fire once. Importing this
 * module touches no browser global, so server rendering is safe.
 */

/** The hook's options: the loader's, with `url` required (a bundled loader cannot tell its server). */
export type UseCarrierLinkOptions = CarrierLinkOptions & { url: string };

export interface UseCarrierLink {
  /** Opens the widget; called before the instance exists (the first render), it opens once it does. */
  open: () => void;
  /** Closes it (the loader's `close()`): onExit({ reason: 'host_closed' }) unless it already ended. */
  exit: () => void;
  /** The widget said `ready`. */
  ready: boolean;
  /** The last load failure or exit that carried an error, until the next `open()`; else null. */
  error: ExitData | null;
}

export function useCarrierLink(options: UseCarrierLinkOptions): UseCarrierLink {
  const { token, url, container, locale, theme, brand, radius } = options;
  // Callbacks through a ref: a new function on every render is picked up without a new iframe.
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  const handle = useRef<CarrierLinkHandle | null>(null);
  const pendingOpen = useRef(false);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<ExitData | null>(null);

  useEffect(() => {
    const { onSuccess } = latest.current;
    const instance = createCarrierLink({
      token,
      url,
      container,
      locale,
      theme,
      brand,
      radius,
      // Passed through when it is not a function, so the loader's TypeError names it.
      onSuccess: typeof onSuccess === 'function' ? (data) => latest.current.onSuccess(data) : onSuccess,
      onExit: (data) => {
        if (data.error) setError(data);
        latest.current.onExit?.(data);
      },
      onEvent: (event) => {
        if (event.type === 'ready') setReady(true);
        latest.current.onEvent?.(event);
      },
    });
    handle.current = instance;
    if (pendingOpen.current) {
      pendingOpen.current = false;
      instance.open();
    }
    return () => {
      handle.current = null;
      instance.destroy();
      setReady(false);
      setError(null);
    };
  }, [token, url, container, locale, theme, brand, radius]);

  const open = useCallback(() => {
    setError(null);
    if (handle.current) handle.current.open();
    else pendingOpen.current = true;
  }, []);
  const exit = useCallback(() => {
    pendingOpen.current = false;
    handle.current?.close();
  }, []);

  return { open, exit, ready, error };
}

export interface CarrierLinkButtonProps extends UseCarrierLinkOptions {
  className?: string;
  children?: ReactNode;
}

/** A real button that opens the widget; clicked before the widget is ready, the modal shows its loading note. */
export function CarrierLinkButton({ className, children, ...options }: CarrierLinkButtonProps) {
  const { open } = useCarrierLink(options);
  return (
    <button type="button" className={className} onClick={open}>
      {children}
    </button>
  );
}
