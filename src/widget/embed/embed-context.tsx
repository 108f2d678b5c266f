import { createContext, useContext, type ComponentType, type RefObject } from 'react';
import type { EmbedMode } from '../../embed/constants';
import type { EmbedError } from '../../embed/protocol';
import type { Reporter, WidgetExitReason } from './reporter';
import type { WidgetView } from './view';

export interface EmbedReportingProps {
  view: WidgetView;
  /** The page's root element, whose height the host sizes an inline frame to. */
  rootRef: RefObject<HTMLElement | null>;
}

/** Present only when the widget runs in a verified lender page (see bridge.ts). */
export interface Embed {
  mode: EmbedMode;
  reporter: Reporter;
}

export const EmbedContext = createContext<Embed | null>(null);

/**
 * Turns what AppFrame shows into events (for the lender page when embedded, and for the server's
 * step analytics): present in link mode. It arrives with link mode's lazy chunk, so the token-less
 * page's entry carries none of the embed code.
 */
export const ReportingContext = createContext<ComponentType<EmbedReportingProps> | null>(null);

export function useEmbed(): Embed | null {
  return useContext(EmbedContext);
}

/** Hands the widget back to the lender page; undefined when there is no page to go back to. */
export function useExit(): ((reason: WidgetExitReason, error?: EmbedError) => void) | undefined {
  const embed = useEmbed();
  return embed ? (reason, error) => embed.reporter.exit(reason, error) : undefined;
}
