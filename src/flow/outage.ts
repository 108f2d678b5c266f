import type { Carrier } from './phone';
import type { Outage } from './outage-schema';

export type { Outage, OutagesResponse } from './outage-schema';

/**
 * Whether a number of `carrier` (province as known, usually not before the vendor answers) is in an
 * outage. With the province unknown, any outage of the carrier counts: the notice only says another
 * try may be needed, so warning too often costs less than staying silent.
 */
export function outageMatches(outages: readonly Outage[], carrier: Carrier | undefined, province?: string): boolean {
  if (carrier === undefined) return false;
  return outages.some(
    (outage) => outage.carrier === carrier && (province === undefined || outage.province === null || outage.province === province),
  );
}
