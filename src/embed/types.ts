import type { EmbedLocale, EmbedTheme } from './constants';
import type { EmbedError, ExitData, HostEvent, SuccessData } from './protocol';

export type { EmbedError, ExitData, HostEvent, SuccessData, StepInfo, WidgetEvent } from './protocol';
export type { EmbedLocale, EmbedMode, EmbedTheme, EventType, ExitReason, StepKind } from './constants';

/** `CarrierLink.create(options)`: the lender page's whole configuration. */
export interface CarrierLinkOptions {
  /** The link token the lender's server created (POST /api/link-tokens); single-use. */
  token: string;
  /**
   * Inline mode: the element (or a CSS selector for it) the widget renders in, its height
   * following the content. Absent: a modal overlay, full screen on narrow viewports.
   */
  container?: HTMLElement | string;
  /** Called once, when the applicant has authorized. */
  onSuccess: (data: SuccessData) => void;
  /**
   * Called when the widget is left without success (closed, failed, link invalid, load failed):
   * once per showing, never after onSuccess.
   */
  onExit?: (data: ExitData) => void;
  /** Every event, stable and informational, in order. */
  onEvent?: (event: HostEvent) => void;
  locale?: EmbedLocale;
  theme?: EmbedTheme;
  /**
   * The lender's brand colour, `#rgb` or `#rrggbb`: buttons, links and focus rings follow it, their
   * text colour and shades chosen to stay readable in both themes.
   */
  brand?: string;
  /** Corner radius of the widget's card, inputs and buttons, in whole px from 0 to 24 (default 14). */
  radius?: number;
  /**
   * The CarrierLink server, e.g. `https://link.example.com` (only its origin is used: the widget is
   * served at `/`). Defaults to where embed.js was loaded from; required when the loader is bundled
   * (the React hook).
   */
  url?: string;
}

/** What `create` returns. `open`/`close`/`destroy` are idempotent; `open` after `destroy` throws. */
export interface CarrierLinkHandle {
  /** Shows the widget (modal) or mounts it (inline). */
  open(): void;
  /** Hides it and reports `onExit({ reason: 'host_closed' })` unless it already ended. */
  close(): void;
  /**
   * Removes every node and listener the loader added and restores every style and the focus it
   * changed, without calling onExit.
   */
  destroy(): void;
}

/** `window.CarrierLink` as embed.js defines it. */
export interface CarrierLinkGlobal {
  readonly version: string;
  create(options: CarrierLinkOptions): CarrierLinkHandle;
}

export type { EmbedError as CarrierLinkError };
