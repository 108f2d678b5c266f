import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UpstreamError } from '../../upstream-error';
import { MAX_RECORD_NESTING, flattenRecords, getdataLists, mergeJson, parseJsonMerging, readDataAnswer } from '../wire-data';
import { fixture } from '../../../test-support/providers/rong360/helpers';

const isCall = (item: Record<string, unknown>) => 'call_time' in item;

describe('Rong360 getdata JSON reader: repeated keys', () => {
  it('concatenates arrays of a repeated key instead of keeping the last', () => {
    expect(JSON.parse('{"a":[1],"a":[2,3]}')).toEqual({ a: [2, 3] });
    expect(parseJsonMerging('{"a":[1],"a":[2,3]}')).toEqual({ a: [1, 2, 3] });
  });

  it('merges objects of a repeated key key by key, with the same rule inside', () => {
    expect(parseJsonMerging('{"o":{"x":1,"l":["a"]},"o":{"y":2,"l":["b"]}}')).toEqual({ o: { x: 1, y: 2, l: ['a', 'b'] } });
  });

  it('keeps the last non-empty scalar and adds an object to an array of the same key', () => {
    expect(parseJsonMerging('{"s":"a","s":"b","e":"x","e":"","n":1,"n":null}')).toEqual({ s: 'b', e: 'x', n: 1 });
    expect(parseJsonMerging('{"t":[{"i":1}],"t":{"i":2}}')).toEqual({ t: [{ i: 1 }, { i: 2 }] });
  });

  it('keeps a __proto__ key as plain data without touching prototypes', () => {
    const parsed = parseJsonMerging('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
  });

  it('reads escapes, numbers and literals like JSON.parse', () => {
    const text = '{"s":"a\\"b\\\\c\\u4e2d\\n","n":[-1.5e2,0,12],"l":[true,false,null]}';
    expect(parseJsonMerging(text)).toEqual(JSON.parse(text));
  });

  it('forgives a BOM, trailing commas and a comma missing at a line break', () => {
    expect(parseJsonMerging('\uFEFF{"a":[1,2,],"b":"x",}')).toEqual({ a: [1, 2], b: 'x' });
    expect(parseJsonMerging('{"a": "1"\n "b": 2}')).toEqual({ a: '1', b: 2 });
  });

  it('refuses what is not JSON, and absurd nesting, without throwing', () => {
    for (const bad of ['', '<html>', '{"a":1', '{"a" 1}', '{"a":1 "b":2}', '[1 2]', '"open', `${'['.repeat(500)}${']'.repeat(500)}`]) {
      expect(parseJsonMerging(bad)).toBeUndefined();
    }
  });
});

describe('Rong360 getdata answer', () => {
  it('keeps both teldata lists of the document example that JSON.parse loses one of', () => {
    const text = fixture('doc-4.4-getdata.json');
    const answer = readDataAnswer(text);
    expect(answer).toMatchObject({ code: 200, msg: '处理成功' });
    const lists = getdataLists(answer.payload);
    expect(lists.landed).toBe(true);
    const { records } = flattenRecords(lists.teldata, 'teldata', isCall);
    expect(records.map((r) => r['call_time'])).toEqual(['2015-10-31 17:58:41', '2015-12-01 09:16:57', '2015-12-01 09:16:57']);
    const plain = JSON.parse(text) as { wd_api_mobilephone_getdata_response: unknown };
    const lost = getdataLists(plain.wd_api_mobilephone_getdata_response);
    expect(flattenRecords(lost.teldata, 'teldata', isCall).records).toHaveLength(2);
  });

  it('reads the {code, msg, data} envelope and data one level less deep', () => {
    const answer = readDataAnswer('{"code":"200","msg":"ok","data":{"data_list":[{"teldata":[]}]}}');
    expect(answer.code).toBe(200);
    expect(getdataLists(answer.payload).landed).toBe(true);
  });

  it('reports an empty or missing data_list as not landed', () => {
    expect(getdataLists({ data: { data_list: [] } }).landed).toBe(false);
    expect(getdataLists({ data: {} }).landed).toBe(false);
    expect(getdataLists(undefined).landed).toBe(false);
  });

  it('refuses an answer that is not a JSON object or has no code', () => {
    for (const bad of ['<html>502</html>', '[1]', '{"msg":"x"}']) {
      expect(() => readDataAnswer(bad)).toThrow(UpstreamError);
    }
  });
});

describe('Rong360 nested record lists', () => {
  it(`flattens teldata inside teldata down to ${MAX_RECORD_NESTING} levels and counts deeper or odd items`, () => {
    const call = (n: number) => ({ call_time: `t${n}` });
    const items = [
      call(1),
      { teldata: [call(2), { teldata: [call(3), { teldata: [call(4), { teldata: [call(5)] }] }] }] },
      'junk',
      { other: 1 },
      { teldata: call(6) },
    ];
    const { records, unreadable } = flattenRecords(items, 'teldata', isCall);
    expect(records.map((r) => r['call_time'])).toEqual(['t1', 't2', 't3', 't4', 't6']);
    // call 5 sits a fifth level down; 'junk' and {other} are no records.
    expect(unreadable).toBe(3);
  });
});

describe('Rong360 getdata JSON reader: merging many repetitions', () => {
  const value = fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null) as fc.Arbitrary<Parameters<typeof mergeJson>[0]>;

  it('merges a key repeated in place exactly as folding mergeJson over the repetitions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), value), { minLength: 1, maxLength: 12 }), (entries) => {
        const text = `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v)}`).join(',')}}`;
        const expected: Record<string, Parameters<typeof mergeJson>[0]> = {};
        // Through JSON once, as the reader sees the values (-0 reads as 0).
        for (const [key, raw] of entries) {
          const v = JSON.parse(JSON.stringify(raw)) as Parameters<typeof mergeJson>[0];
          expected[key] = key in expected ? mergeJson(expected[key]!, v) : v;
        }
        expect(parseJsonMerging(text)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every item of a list key repeated a hundred thousand times', () => {
    const text = `{${'"teldata":[{"n":1}],'.repeat(100_000)}"x":0}`;
    const parsed = parseJsonMerging(text) as { teldata: unknown[] };
    expect(parsed.teldata).toHaveLength(100_000);
  });
});
