import { describe, expect, it } from 'vitest';
import {
  beijingDate,
  beijingIso,
  carrierOfPhone,
  durationSeconds,
  maskIdCardKeep,
  normalizeMonth,
  recentMonths,
  yuanToFen,
} from '../shared/data-normalize';

describe('data normalization helpers', () => {
  it('reads Beijing wall-clock text and unix times as ISO with +08:00', () => {
    expect(beijingIso('2015-10-31 17:58:41')).toBe('2015-10-31T17:58:41+08:00');
    expect(beijingIso('2015/1/5 7:08')).toBe('2015-01-05T07:08:00+08:00');
    // §13.5: 1511428078 is 2017-11-23 17:07:58 in Beijing.
    expect(beijingIso('1511428078')).toBe('2017-11-23T17:07:58+08:00');
    expect(beijingIso(1511428078)).toBe('2017-11-23T17:07:58+08:00');
    expect(beijingIso('1511428078000')).toBe('2017-11-23T17:07:58+08:00');
  });

  it('refuses impossible dates and text that is no time', () => {
    for (const bad of ['2015-02-30 10:00:00', '2015-10-31 24:00:00', '151444 测试 3841', '', null, undefined, {}]) {
      expect(beijingIso(bad)).toBeUndefined();
    }
  });

  it('gives the Beijing date of a unix time near midnight UTC', () => {
    // 1494388800 = 2017-05-10 04:00 UTC = 12:00 in Beijing; 1494345600 = 2017-05-09 16:00 UTC = 05-10 00:00 Beijing.
    expect(beijingDate('1494388800')).toBe('2017-05-10');
    expect(beijingDate('1494345600')).toBe('2017-05-10');
    expect(beijingDate('2017-05-10')).toBe('2017-05-10');
  });

  it('reads durations in seconds, Chinese units and clock form', () => {
    expect(durationSeconds('45')).toBe(45);
    expect(durationSeconds(45)).toBe(45);
    expect(durationSeconds('1分20秒')).toBe(80);
    expect(durationSeconds('1小时2分3秒')).toBe(3723);
    expect(durationSeconds('2分钟')).toBe(120);
    expect(durationSeconds('20秒')).toBe(20);
    expect(durationSeconds('1时0分5秒')).toBe(3605);
    expect(durationSeconds('01:20')).toBe(80);
    expect(durationSeconds('1:02:03')).toBe(3723);
    for (const bad of ['', '分', 'abc', '-5', null]) expect(durationSeconds(bad)).toBeUndefined();
  });

  it('turns yuan into fen without float rounding errors', () => {
    expect(yuanToFen('8.55')).toBe(855);
    expect(yuanToFen('1.005')).toBe(101);
    expect(yuanToFen('0.00')).toBe(0);
    expect(yuanToFen('-1.2')).toBe(-120);
    expect(yuanToFen('1,024.50元')).toBe(102450);
    expect(yuanToFen('￥3')).toBe(300);
    expect(yuanToFen(12.3)).toBe(1230);
    for (const bad of ['', '未出账单', null, undefined]) expect(yuanToFen(bad)).toBeNull();
  });

  it('masks ID cards to the first 4 and last 2 characters, also re-masking masked ones', () => {
    expect(maskIdCardKeep('11010519491231002X')).toBe('1101************2X');
    expect(maskIdCardKeep('1407****003X')).toBe('1407******3X');
    expect(maskIdCardKeep('运营商未透露')).toBeNull();
    expect(maskIdCardKeep('')).toBeNull();
    expect(maskIdCardKeep('12345')).toBe('*****');
  });

  it('normalizes month forms and counts Beijing months back', () => {
    expect(['201711', '2017-11', '2017/11', '2017年11月', '2017-1'].map(normalizeMonth)).toEqual([
      '2017-11',
      '2017-11',
      '2017-11',
      '2017-11',
      '2017-01',
    ]);
    expect(normalizeMonth('201713')).toBeUndefined();
    // 2025-01-31T16:30Z is already February 1st in Beijing.
    const now = Date.parse('2025-01-31T16:30:00Z');
    expect(recentMonths(now, 3)).toEqual(['2025-02', '2025-01', '2024-12']);
    expect(recentMonths(now, 2, 1)).toEqual(['2025-01', '2024-12']);
  });

  it('tells the carrier from the number prefix', () => {
    expect(carrierOfPhone('13800138000')).toBe('china_mobile');
    expect(carrierOfPhone('18511071359')).toBe('china_unicom');
    expect(carrierOfPhone('18900138004')).toBe('china_telecom');
    expect(carrierOfPhone('19200000000')).toBeNull(); // Broadnet: not in the data model
    expect(carrierOfPhone(undefined)).toBeNull();
  });
});
