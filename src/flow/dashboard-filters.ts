// The dashboard's view filters, as its URL holds them, and the API range they stand for. Shared by
// the page (which reads and writes them) and the server (which computes the first view's figures
// for the same range while the page's script is still loading). Times are Beijing days.

/** The filters of the funnel and session views, as the API carries them. */
export interface DashboardFilters {
  from?: string;
  to?: string;
  provider?: string;
  carrier?: string;
  province?: string;
}

/** The view's filters as the URL holds them (so a link shows a colleague the same view). */
export interface FilterState {
  /** Beijing days, YYYY-MM-DD, both included. */
  fromDay: string;
  toDay: string;
  provider: string;
  carrier: string;
  province: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Beijing day `daysAgo` days before `now`, YYYY-MM-DD. */
export function beijingDay(daysAgo = 0, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a Beijing day starts (YYYY-MM-DD -> ISO UTC). */
export function beijingMidnight(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
}

export function readFilters(search: string, now = Date.now()): FilterState {
  const params = new URLSearchParams(search);
  const day = (name: string, fallback: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) && Number.isFinite(Date.parse(value)) ? value : fallback;
  };
  return {
    fromDay: day('from', beijingDay(29, now)),
    toDay: day('to', beijingDay(0, now)),
    provider: params.get('provider') ?? '',
    carrier: params.get('carrier') ?? '',
    province: params.get('province') ?? '',
  };
}

export function writeFilters(state: FilterState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('from', state.fromDay);
  params.set('to', state.toDay);
  for (const name of ['provider', 'carrier', 'province'] as const) if (state[name]) params.set(name, state[name]);
  for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
  return `?${params.toString()}`;
}

/** The API's range: from the first day's midnight to the midnight after the last day. */
export function toApi(state: FilterState): DashboardFilters {
  const end = new Date(Date.parse(`${state.toDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    from: beijingMidnight(state.fromDay),
    to: beijingMidnight(end),
    ...(state.provider && { provider: state.provider }),
    ...(state.carrier && { carrier: state.carrier }),
    ...(state.province && { province: state.province }),
  };
}

/** Whether the range is one the server takes (start before end, at most 400 days). */
export function rangeValid(state: FilterState): boolean {
  const from = Date.parse(state.fromDay);
  const to = Date.parse(state.toDay);
  return Number.isFinite(from) && Number.isFinite(to) && from <= to && to - from < 400 * 86_400_000;
}
