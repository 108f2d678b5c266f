import { DASHBOARD_BOOT_ID, DashboardBootSchema } from '../../flow/dashboard-api';
import type { DashboardBoot, FunnelResponse } from '../../flow/dashboard-api';

let bootFunnel: DashboardBoot['funnel'];

/**
 * The boot block the server streamed into the page (who is signed in, the first view's figures),
 * checked like any answer of the API; undefined when there is none or it does not parse.
 */
export function readBoot(): DashboardBoot | undefined {
  const text = document.getElementById(DASHBOARD_BOOT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const parsed = DashboardBootSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    bootFunnel = parsed.data.funnel;
    return parsed.data;
  } catch {
    return undefined;
  }
}

/** The server's figures for the overview at `search` (its filters as the page writes them), until dropped. */
export function bootFunnelFor(search: string): FunnelResponse | undefined {
  return bootFunnel?.search === search ? bootFunnel.data : undefined;
}

/**
 * The server's rendering: `funnel` is the boot block's for one synchronous render, then dropped
 * (one server process renders every lender's page, one after the other).
 */
export function withBootFunnel<T>(funnel: DashboardBoot['funnel'], render: () => T): T {
  bootFunnel = funnel;
  try {
    return render();
  } finally {
    bootFunnel = undefined;
  }
}

/** Once shown, the figures are the page's: a later visit of the overview asks the API afresh. */
export function dropBootFunnel(): void {
  bootFunnel = undefined;
}
