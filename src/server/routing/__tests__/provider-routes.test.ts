import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../env';
import { parseProviderRoutes, routeFor } from '../provider-routes';

const BOTH = ['rong360', 'dianhua'] as const;

function envProblems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('PROVIDER_ROUTES', () => {
  it('reads carrier, carrier-and-province and * rules, in pinyin or Chinese', () => {
    const parsed = parseProviderRoutes(
      'telecom:shanghai=dianhua,rong360; mobile=rong360,dianhua; unicom:广东=dianhua; *=rong360,dianhua',
      BOTH,
    );
    expect(parsed).toEqual({
      ok: true,
      routes: {
        fallback: ['rong360', 'dianhua'],
        rules: [
          { carrier: 'chinaTelecom', province: '上海', order: ['dianhua', 'rong360'] },
          { carrier: 'chinaMobile', order: ['rong360', 'dianhua'] },
          { carrier: 'chinaUnicom', province: '广东', order: ['dianhua'] },
        ],
      },
    });
  });

  it('picks the carrier-and-province rule, then the carrier rule, then *', () => {
    const parsed = parseProviderRoutes('telecom:shanghai=dianhua,rong360;telecom=rong360;*=dianhua,rong360', BOTH);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(routeFor(parsed.routes, 'chinaTelecom', '上海')).toEqual(['dianhua', 'rong360']);
    expect(routeFor(parsed.routes, 'chinaTelecom', '北京')).toEqual(['rong360']);
    // Province unknown before the first vendor answers: the carrier's own rule.
    expect(routeFor(parsed.routes, 'chinaTelecom', undefined)).toEqual(['rong360']);
    expect(routeFor(parsed.routes, 'chinaMobile', '上海')).toEqual(['dianhua', 'rong360']);
    expect(routeFor(parsed.routes, undefined, undefined)).toEqual(['dianhua', 'rong360']);
  });

  it('falls back to the PROVIDERS order when no * rule is written', () => {
    const parsed = parseProviderRoutes('mobile=dianhua', BOTH);
    expect(parsed.ok && parsed.routes.fallback).toEqual(['rong360', 'dianhua']);
  });

  it('names every bad rule: unknown vendor, carrier, province, duplicates, unconfigured vendors', () => {
    const parsed = parseProviderRoutes(
      'mobile=rong361;moon=rong360;telecom:atlantis=dianhua;*=rong360,rong360;mobile=dianhua;mobile=dianhua;bare',
      BOTH,
    );
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual([
      expect.stringContaining('unknown vendor "rong361"'),
      expect.stringContaining('unknown carrier "moon"'),
      expect.stringContaining('unknown province "atlantis"'),
      expect.stringContaining('names a vendor twice'),
      expect.stringContaining('mobile has a rule already'),
      expect.stringContaining('write <carrier>[:<province>]=<vendor>'),
    ]);
    const single = parseProviderRoutes('*=dianhua', ['rong360']);
    expect(single.ok ? [] : single.problems).toEqual([expect.stringContaining('dianhua is not in PROVIDERS (rong360)')]);
  });
});

describe('PROVIDERS and PROVIDER_ROUTES at start-up', () => {
  it('keeps the single PROVIDER working as a one-item list', () => {
    const config = parseEnv({ PROVIDER: 'dianhua' });
    expect(config.provider).toBe('dianhua');
    expect(config.routing.providers).toEqual(['dianhua']);
    expect(config.routing.routes.fallback).toEqual(['dianhua']);
  });

  it('runs both simulators on PROVIDERS=rong360,dianhua with the routes given', () => {
    const config = parseEnv({ PROVIDERS: 'rong360,dianhua', PROVIDER_ROUTES: 'telecom=dianhua,rong360' });
    expect(config.provider).toBe('rong360');
    expect(config.rong360.mode).toBe('simulator');
    expect(config.dianhua.mode).toBe('simulator');
    expect(routeFor(config.routing.routes, 'chinaTelecom', undefined)).toEqual(['dianhua', 'rong360']);
  });

  it('refuses bad settings with errors naming the variable', () => {
    expect(envProblems({ PROVIDERS: 'rong360,foo' })).toEqual([expect.stringMatching(/^PROVIDERS: unknown vendor "foo"/)]);
    expect(envProblems({ PROVIDERS: 'rong360,dianhua', PROVIDER: 'dianhua' })).toEqual([
      expect.stringMatching(/^PROVIDER: must be the first of PROVIDERS/),
    ]);
    expect(envProblems({ PROVIDER_ROUTES: 'mobile=dianhua' })).toEqual([
      expect.stringMatching(/^PROVIDER_ROUTES: "mobile=dianhua": dianhua is not in PROVIDERS/),
    ]);
    expect(envProblems({ OUTAGE_FAILURE_PERCENT: '150', OUTAGE_WINDOW_MINUTES: 'soon' })).toEqual([
      'OUTAGE_FAILURE_PERCENT: must be a whole number from 1 to 100',
      'OUTAGE_WINDOW_MINUTES: must be a whole number from 1 to 1440',
    ]);
  });

  it('requires every configured vendor in production', () => {
    const found = envProblems({ NODE_ENV: 'production', PROVIDERS: 'rong360,dianhua' });
    expect(found).toContain(
      'RONG360_BASE_URL: required in production (NODE_ENV=production): the Rong360 gateway (the built-in simulator runs only in development)',
    );
    expect(found).toContain(
      'DIANHUA_BASE_URL: required in production (NODE_ENV=production): the Dianhua API (the built-in simulator runs only in development)',
    );
  });
});
