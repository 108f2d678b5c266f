import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PARAM_NAMES, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS, maskPhone } from '../../flow';
import type { DemoProvider } from '../../flow';
import type { Scenario } from '../scenario-types';

/**
 * Everything a designer set in the gallery, in its URL (`history.replaceState`), so a copied link
 * opens the same scenario, step and controls. Unknown or invalid values fall back to defaults.
 */

export const VIEWPORTS = ['phone', 'tablet', 'desktop', 'modal'] as const;
export type Viewport = (typeof VIEWPORTS)[number];

/** Frame size in CSS px of each viewport; the modal one is a lender page the modal opens over. */
export const VIEWPORT_SIZES: Readonly<Record<Viewport, { width: number; height: number }>> = {
  phone: { width: 390, height: 844 },
  tablet: { width: 820, height: 1180 },
  desktop: { width: 1280, height: 800 },
  modal: { width: 1280, height: 800 },
};

export const SPEEDS = [0.5, 1, 2, 4] as const;
export const MAX_RADIUS = 24;

export type GalleryLocale = 'zh-CN' | 'en';

export interface GalleryState {
  /** The open scenario's id. */
  scenario?: string;
  /** The list filter. */
  provider?: DemoProvider;
  q: string;
  locale: GalleryLocale;
  theme: 'light' | 'dark';
  /** `#rrggbb`, lower case. */
  brand?: string;
  radius?: number;
  viewport: Viewport;
  latency: number;
  /** `kind@at`, e.g. `timeout@submit`. */
  fault?: string;
  /** The jump target (0: the phone step). */
  step: number;
  autoplay: boolean;
  speed: number;
}

export const DEFAULT_STATE: GalleryState = {
  q: '',
  locale: 'zh-CN',
  theme: 'light',
  viewport: 'phone',
  latency: 0,
  step: 0,
  autoplay: false,
  speed: 1,
};

function wholeNumber(value: string | null, max: number): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => list.find((item) => item === value);

/** A fault as the widget takes it: a known kind at a known point. */
export function isFault(value: string): boolean {
  const [kind, at, extra] = value.split('@');
  return extra === undefined && oneOf(DEMO_FAULT_KINDS, kind ?? null) !== undefined && oneOf(DEMO_FAULT_POINTS, at ?? null) !== undefined;
}

export function parseGalleryState(search: string): GalleryState {
  const query = new URLSearchParams(search);
  const brand = query.get('brand')?.toLowerCase() ?? '';
  const fault = query.get('fault') ?? '';
  const speed = Number(query.get('speed'));
  const scenario = query.get('scenario');
  const provider = oneOf(DEMO_PROVIDERS, query.get('provider'));
  const radius = wholeNumber(query.get('radius'), MAX_RADIUS);
  return {
    ...(scenario ? { scenario } : {}),
    ...(provider ? { provider } : {}),
    q: query.get('q') ?? '',
    locale: query.get('locale') === 'en' ? 'en' : 'zh-CN',
    theme: query.get('theme') === 'dark' ? 'dark' : 'light',
    ...(/^#[0-9a-f]{6}$/.test(brand) ? { brand } : {}),
    ...(radius === undefined ? {} : { radius }),
    viewport: oneOf(VIEWPORTS, query.get('viewport')) ?? DEFAULT_STATE.viewport,
    latency: wholeNumber(query.get('latency'), MAX_DEMO_LATENCY_MS) ?? 0,
    ...(isFault(fault) ? { fault } : {}),
    step: wholeNumber(query.get('step'), 999) ?? 0,
    autoplay: query.get('autoplay') === '1',
    speed: SPEEDS.find((s) => s === speed) ?? 1,
  };
}

/** The gallery URL's query for `state`, defaults left out so links stay short. */
export function gallerySearch(state: GalleryState): string {
  const query = new URLSearchParams();
  const put = (name: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== '' && value !== fallback) query.set(name, String(value));
  };
  put('scenario', state.scenario);
  put('provider', state.provider);
  put('q', state.q);
  put('locale', state.locale, DEFAULT_STATE.locale);
  put('theme', state.theme, DEFAULT_STATE.theme);
  put('brand', state.brand);
  put('radius', state.radius);
  put('viewport', state.viewport, DEFAULT_STATE.viewport);
  put('latency', state.latency, 0);
  put('fault', state.fault);
  put('step', state.step, 0);
  put('autoplay', state.autoplay ? 1 : undefined);
  put('speed', state.speed, 1);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * The widget page for a scenario: demo settings and the look, never the phone (autoplay types it;
 * an update scenario's page gets it masked only, as an update link's does).
 * `faultOffered` says whether the server injects this fault for the scenario's vendor.
 */
export function widgetSrc(
  state: GalleryState,
  scenario: Pick<Scenario, 'provider' | 'failover' | 'update' | 'outage' | 'phone'>,
  faultOffered: boolean,
): string {
  const query = new URLSearchParams({ demo: scenario.provider, locale: state.locale, theme: state.theme });
  if (scenario.failover && scenario.failover.length > 0) query.set('failover', scenario.failover.join(','));
  if (scenario.update) query.set(DEMO_PARAM_NAMES.update, maskPhone(scenario.phone));
  if (scenario.outage) query.set(DEMO_PARAM_NAMES.outage, '1');
  if (state.brand) query.set('brand', state.brand);
  if (state.radius !== undefined) query.set('radius', String(state.radius));
  if (state.latency > 0) query.set('latency', String(state.latency));
  if (state.fault && faultOffered) query.set('fault', state.fault);
  return `/?${query.toString()}`;
}
