import { describe, expect, it } from 'vitest';
import { CollectedDataSchema, StoredCollectedDataSchema } from '../data-model';
import { createFieldReader, readItems } from '../shared/field-reader';

describe('the per-field reader', () => {
  it('reads what is there, gives null for what is not, and counts only what is there but unreadable', () => {
    const read = createFieldReader();
    expect(read.int('12', 'a')).toBe(12);
    expect(read.int(12.5, 'a')).toBeNull();
    expect(read.num('37.5%', 'b')).toBe(37.5);
    expect(read.fen('8.55', 'c')).toBe(855);
    expect(read.fen('未出账单', 'c')).toBeNull();
    expect(read.time('1511428078', 'd')).toBe('2017-11-23T17:07:58+08:00');
    expect(read.time('无', 'd')).toBeNull();
    expect(read.time('151444 测试 3841', 'd')).toBeNull();
    expect(read.bool('true', 'e')).toBe(true);
    expect(read.bool('maybe', 'e')).toBeNull();
    expect(read.text({ x: 1 }, 'f')).toBeNull();
    expect(read.text('运营商未透露', 'f')).toBeNull();
    expect(read.code(2, 'g', { '1': 'one', '2': 'two' } as const)).toBe('two');
    expect(read.code(7, 'g', { '1': 'one' } as const)).toBeNull();
    expect(read.texts(['紧急联系人 1', { no: 1 }], 'h')).toEqual(['紧急联系人 1']);
    expect(read.list({}, 'i')).toEqual([]);
    expect(read.list('x', 'i')).toEqual([]);
    expect(read.object([], 'j')).toEqual({});
    expect(readItems(read, [{ a: 1 }, 3], 'k', (item) => item['a'])).toEqual([1]);
    expect(read.unreadable).toEqual({ a: 1, d: 1, e: 1, f: 1, g: 1, 'h[]': 1, i: 1, 'k[]': 1 });
  });
});

describe('collected data stored by an earlier version', () => {
  it('reads a masked ID card as masked by CarrierLink and defaults the fields added since', () => {
    const legacy = {
      provider: 'rong360',
      subscriber: {
        name: '张三',
        idCardMasked: '1101************2X',
        address: null,
        openDate: null,
        carrier: 'china_mobile',
        region: '北京',
        balanceFen: null,
      },
      calls: [
        {
          time: '2025-01-01T10:00:00+08:00',
          durationSeconds: 3,
          direction: 'outgoing',
          peer: '10086',
          place: null,
          peerPlace: null,
          roaming: 'local',
          costFen: null,
          carrierType: null,
        },
      ],
      sms: [],
      bills: [],
      missingMonths: { calls: [], callsPossibly: [], sms: [], bills: [] },
      skipped: { calls: 0, sms: 0, bills: 0 },
    };
    const data = StoredCollectedDataSchema.parse(legacy);
    expect(data.subscriber).toMatchObject({ phone: null, idCard: '1101************2X', idCardMasking: 'carrierlink' });
    expect(data.calls[0]?.directionText).toBeNull();
    expect(data).toMatchObject({ upstream: { taskId: null, userId: null }, absentLists: [], unreadable: {}, report: null });
    expect(CollectedDataSchema.parse(data)).toEqual(data);
  });
});
