import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../flow';
import * as dianhua from '../../providers/dianhua/sandbox';
import * as rong360 from '../../providers/rong360/sandbox';
import { FILL_KINDS, SCENARIO_GROUPS, SCENARIOS, SCRIPT_COMMANDS, findScenario, searchScenarios } from '../scenarios';
import type { ScenarioGroupId } from '../scenarios';

const phonesOf = (group: ScenarioGroupId) => SCENARIOS.filter((s) => s.group === group).map((s) => s.phone);

describe('the demo scenario catalogue', () => {
  it('holds every sandbox table entry of both simulators exactly once, in its group', () => {
    const tables: Array<[ScenarioGroupId, readonly { phone: string }[]]> = [
      ['rong360-flows', rong360.FLOW_SCENARIOS],
      ['rong360-errors', rong360.ERROR_SCENARIOS],
      ['rong360-faults', rong360.FAULT_SCENARIOS],
      ['dianhua-flows', dianhua.FLOW_SCENARIOS],
      ['dianhua-recovery', dianhua.RECOVERY_SCENARIOS],
      ['dianhua-errors', dianhua.ERROR_SCENARIOS],
      ['dianhua-faults', dianhua.FAULT_SCENARIOS],
      // Dianhua's maintenance number, played across both simulators.
      ['failover', dianhua.ERROR_SCENARIOS.filter((entry) => entry.code === '20020')],
      // Each vendor's demo update number, played as an update link's session.
      ['rong360-update', [rong360.ECHO_NUMBER_SCENARIO]],
      ['dianhua-update', [{ phone: dianhua.ECHO_NUMBER_PHONE }]],
      // A simulated outage over Rong360's plain flow.
      ['outage', rong360.FLOW_SCENARIOS.filter((entry) => entry.flow === 'sms')],
    ];
    for (const [group, table] of tables) expect(phonesOf(group), group).toEqual(table.map((entry) => entry.phone));
    expect(SCENARIOS).toHaveLength(tables.reduce((n, [, table]) => n + table.length, 0));
  });

  it('names each error scenario by its vendor code', () => {
    for (const { code } of rong360.ERROR_SCENARIOS) expect(findScenario(`rong360-error-${code}`)?.upstreamCode).toBe(code);
    for (const { code } of dianhua.ERROR_SCENARIOS) expect(findScenario(`dianhua-error-${code}`)?.upstreamCode).toBe(code);
  });

  it('gives every scenario a unique, URL-safe id and both languages of title and summary', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SCENARIOS) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(encodeURIComponent(s.id)).toBe(s.id);
      for (const text of [s.title, s.titleEn, s.summary, s.summaryEn]) expect(text.trim().length, s.id).toBeGreaterThan(0);
      // The zh-CN texts are Chinese; English titles are not (English summaries may quote a Chinese name).
      expect(`${s.title}${s.summary}`, s.id).toMatch(/[\u4e00-\u9fff]/);
      expect(s.titleEn, s.id).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('puts each scenario in a known group of its own provider, every group in use', () => {
    for (const s of SCENARIOS) expect(SCENARIO_GROUPS.find((g) => g.id === s.group)?.provider, s.id).toBe(s.provider);
    for (const group of SCENARIO_GROUPS) expect(phonesOf(group.id).length, group.id).toBeGreaterThan(0);
  });

  it('scripts only known field kinds and actions, with a known expected error code', () => {
    const commands: readonly string[] = SCRIPT_COMMANDS;
    const kinds: readonly string[] = FILL_KINDS;
    const codes: readonly string[] = ERROR_CODES;
    for (const s of SCENARIOS) {
      for (const action of s.script) {
        if (action.type === 'fill') expect(kinds, s.id).toContain(action.field);
        else expect(commands, s.id).toContain(action.type);
      }
      if (s.expect.ending === 'error') expect(codes, s.id).toContain(s.expect.code);
    }
  });

  it('lists the inputs a scenario types, and describes captchas by their sandbox sequence', () => {
    const flow = findScenario('rong360-flow-captcha-first');
    expect(flow?.inputs).toEqual([
      { label: '服务密码', labelEn: 'Service password', value: rong360.SANDBOX_PASSWORD },
      { label: '图片验证码', labelEn: 'Image captcha', value: rong360.CAPTCHA_SEQUENCE[1] },
      { label: '短信验证码', labelEn: 'SMS code', value: rong360.SANDBOX_SMS_CODE },
    ]);
    expect(flow?.script).toContainEqual({
      type: 'fill',
      field: 'imageCaptcha',
      value: rong360.CAPTCHA_SEQUENCE[1],
      captcha: { sequence: 'CAPTCHA_SEQUENCE', index: 1 },
    });
    expect(findScenario('rong360-flow-jilin')?.inputs).toContainEqual(expect.objectContaining({ value: 'CXXD → 10001' }));
  });

  it('finds nothing for an unknown id', () => {
    expect(findScenario('no-such-scenario')).toBeUndefined();
  });
});

describe('searchScenarios', () => {
  const ids = (query: string, locale: 'zh-CN' | 'en' = 'zh-CN') => searchScenarios(query, locale).map((s) => s.id);

  it('finds an error by its vendor code and by its neutral code', () => {
    expect(ids('30007')).toEqual(['dianhua-error-30007']);
    expect(ids('CAPTCHA_LOAD_FAILED')).toEqual(['rong360-error-506021']);
  });

  it('finds a scenario by its phone number', () => {
    expect(ids('18900138006')).toEqual(['rong360-flow-shanghai']);
  });

  it('finds Chinese text in the zh-CN titles and summaries, English text in the English ones', () => {
    expect(ids('算术')).toEqual(['rong360-flow-shanghai']);
    expect(ids('山西')).toEqual(['rong360-flow-shanxi']);
    expect(ids('arithmetic', 'en')).toEqual(['rong360-flow-shanghai']);
    expect(ids('算术', 'en')).toEqual([]);
  });

  it('needs every word of the query, in any case', () => {
    expect(ids('Dianhua recovery SMS', 'en')).toEqual(ids('dianhua-recovery sms', 'en'));
    expect(ids('dianhua fault TIMEOUT', 'en')).toEqual(['dianhua-fault-timeout']);
  });

  it('matches everything for an empty query', () => {
    expect(searchScenarios('  ', 'en')).toHaveLength(SCENARIOS.length);
  });
});
