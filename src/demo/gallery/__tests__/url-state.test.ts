import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { fitScale } from '../device-frame';
import { DEFAULT_STATE, gallerySearch, parseGalleryState, widgetSrc } from '../url-state';
import type { GalleryState } from '../url-state';

const full: GalleryState = {
  scenario: 'dianhua-flow-x',
  provider: 'dianhua',
  q: '30007 短信',
  locale: 'en',
  theme: 'dark',
  brand: '#ff6600',
  radius: 0,
  viewport: 'modal',
  latency: 1500,
  fault: 'timeout@submit',
  step: 3,
  autoplay: true,
  speed: 2,
};

describe('gallery URL state', () => {
  it('round-trips every control through the query string', () => {
    expect(parseGalleryState(gallerySearch(full))).toEqual(full);
  });

  it('writes nothing for the defaults and reads the defaults from an empty query', () => {
    expect(gallerySearch(DEFAULT_STATE)).toBe('');
    expect(parseGalleryState('')).toEqual(DEFAULT_STATE);
  });

  it('drops invalid values instead of passing them on', () => {
    const state = parseGalleryState(
      '?provider=acme&locale=fr&theme=neon&brand=red&radius=25&viewport=watch&latency=99999&fault=timeout@login&step=-1&autoplay=yes&speed=3',
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(parseGalleryState('?brand=%23ABCDEF&radius=24&fault=5xx@start').brand).toBe('#abcdef');
  });

  it('opens the widget in demo mode with the look, latency and an offered fault, never the phone', () => {
    const scenario = SCENARIOS.find((s) => s.provider === 'rong360');
    if (!scenario) throw new Error('no Rong360 scenario');
    const src = widgetSrc(full, scenario, true);
    const query = new URLSearchParams(src.slice(2));
    expect(src.startsWith('/?')).toBe(true);
    expect(Object.fromEntries(query)).toEqual({
      demo: 'rong360',
      locale: 'en',
      theme: 'dark',
      brand: '#ff6600',
      radius: '0',
      latency: '1500',
      fault: 'timeout@submit',
    });
    expect(src).not.toContain(scenario.phone);
    expect(new URLSearchParams(widgetSrc(full, scenario, false).slice(2)).has('fault')).toBe(false);
  });

  it("opens an update scenario's widget with its number masked, never whole", () => {
    for (const scenario of SCENARIOS.filter((s) => s.update)) {
      const src = widgetSrc(DEFAULT_STATE, scenario, false);
      const query = new URLSearchParams(src.slice(2));
      expect(query.get('demo')).toBe(scenario.provider);
      expect(query.get('update')).toBe(`${scenario.phone.slice(0, 3)}****${scenario.phone.slice(-4)}`);
      expect(src).not.toContain(scenario.phone);
    }
    expect(SCENARIOS.filter((s) => s.update).map((s) => s.provider)).toEqual(['rong360', 'dianhua']);
  });

  it('asks the widget for the simulated outage in the outage scenarios only', () => {
    const outage = SCENARIOS.filter((s) => s.outage);
    expect(outage.map((s) => s.id)).toEqual(['outage-notice']);
    for (const s of SCENARIOS) {
      const query = new URLSearchParams(widgetSrc(DEFAULT_STATE, s, false).slice(2));
      expect(query.get('outage'), s.id).toBe(s.outage ? '1' : null);
    }
  });

  it('scales a frame down to fit, never up', () => {
    expect(fitScale({ width: 195, height: 1000 }, { width: 390, height: 844 })).toBe(0.5);
    expect(fitScale({ width: 2000, height: 2000 }, { width: 390, height: 844 })).toBe(1);
    expect(fitScale({ width: 1000, height: 400 }, { width: 1280, height: 800 })).toBe(0.5);
  });
});
