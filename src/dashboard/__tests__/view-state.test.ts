import { describe, expect, it } from 'vitest';
import { readFilters, rangeValid, toApi, writeFilters } from '../filters';
import { beijingDay, duration, peerShown, percent } from '../format';
import { en } from '../i18n/en';
import { fill } from '../i18n/i18n';
import { zhCN } from '../i18n/zh-cn';
import { parseRoute } from '../router';

// 2030-03-01 20:00 UTC is already March 2nd in Beijing.
const NOW = Date.parse('2030-03-01T20:00:00.000Z');

describe('dashboard view state', () => {
  it('defaults to the last 30 Beijing days and keeps filters in the URL', () => {
    const filters = readFilters('', NOW);
    expect(filters).toEqual({ fromDay: '2030-02-01', toDay: '2030-03-02', provider: '', carrier: '', province: '' });
    const search = writeFilters({ ...filters, carrier: 'chinaMobile', province: '广东' }, { outcome: 'failed' });
    expect(readFilters(search, NOW)).toEqual({ ...filters, carrier: 'chinaMobile', province: '广东' });
    expect(new URLSearchParams(search).get('outcome')).toBe('failed');
    expect(readFilters('?from=yesterday&to=2030-13-45', NOW)).toMatchObject({ fromDay: '2030-02-01', toDay: '2030-03-02' });
  });

  it('asks the API for Beijing midnights, the last day included', () => {
    expect(toApi({ fromDay: '2030-03-01', toDay: '2030-03-02', provider: 'dianhua', carrier: '', province: '' })).toEqual({
      from: '2030-02-28T16:00:00.000Z',
      to: '2030-03-02T16:00:00.000Z',
      provider: 'dianhua',
    });
    expect(rangeValid({ fromDay: '2030-03-02', toDay: '2030-03-01', provider: '', carrier: '', province: '' })).toBe(false);
    expect(rangeValid({ fromDay: '2029-01-01', toDay: '2030-03-01', provider: '', carrier: '', province: '' })).toBe(false);
    expect(beijingDay(0, NOW)).toBe('2030-03-02');
  });

  it('routes every page under /dashboard and nothing else', () => {
    expect(parseRoute('/dashboard')).toEqual({ name: 'overview' });
    expect(parseRoute('/dashboard/')).toEqual({ name: 'overview' });
    expect(parseRoute('/dashboard/sessions')).toEqual({ name: 'sessions' });
    expect(parseRoute('/dashboard/sessions/ses_AbCdEfGhIjKl')).toEqual({ name: 'session', id: 'ses_AbCdEfGhIjKl' });
    expect(parseRoute('/dashboard/webhooks')).toEqual({ name: 'webhooks' });
    expect(parseRoute('/dashboard/sessions/a/b')).toEqual({ name: 'not_found' });
    expect(parseRoute('/dashboard/sessions/<script>')).toEqual({ name: 'not_found' });
  });

  it('words durations, shares and numbers in both languages', () => {
    expect(duration(null, zhCN)).toBe('–');
    expect(duration(450, zhCN)).toBe('450 毫秒');
    expect(duration(42_000, en)).toBe('42 s');
    expect(duration(185_000, zhCN)).toBe('3 分 5 秒');
    expect(duration(3_725_000, en)).toBe('1 h 2 min');
    expect(percent(1, 3, 'en')).toBe('33.3%');
    expect(percent(1, 0, 'en')).toBe('–');
    expect(peerShown('13912345678', false)).toBe('139****5678');
    expect(peerShown('13912345678', true)).toBe('13912345678');
    expect(peerShown('10086', false)).toBe('10086');
    expect(fill(zhCN.funnel.errorLine, { code: 'x', count: 2, sessions: 1 })).toBe('x：2 次（1 个会话）');
  });

  it('has every placeholder of the Chinese catalogue in the English one', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const walk = (zh: unknown, english: unknown, path: string) => {
      if (typeof zh === 'string') {
        expect(typeof english, path).toBe('string');
        expect(placeholders(english as string), path).toEqual(placeholders(zh));
        return;
      }
      for (const key of Object.keys(zh as object))
        walk((zh as Record<string, unknown>)[key], (english as Record<string, unknown>)[key], `${path}.${key}`);
    };
    walk(zhCN, en, 'messages');
  });
});
