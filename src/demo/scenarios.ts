import { DIANHUA_SCENARIOS } from './dianhua-scenarios';
import { FAILOVER_SCENARIOS } from './failover-scenarios';
import { OUTAGE_SCENARIOS } from './outage-scenarios';
import { RONG360_SCENARIOS } from './rong360-scenarios';
import { UPDATE_SCENARIOS } from './update-scenarios';
import type { Scenario, ScenarioGroup } from './scenario-types';

/**
 * The demo catalogue: every scenario of both simulators, derived from their sandbox tables, for the
 * gallery, autoplay and end-to-end suite. A new sandbox number appears here without an edit.
 */

export type * from './scenario-types';
export { COMMAND_FIELD, FILL_KINDS, SCRIPT_COMMANDS } from './scenario-types';

/** The gallery's sections, in display order. */
export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  { id: 'rong360-flows', provider: 'rong360', label: '融360 · 省份流程', labelEn: 'Rong360 · province flows' },
  { id: 'rong360-errors', provider: 'rong360', label: '融360 · 错误码（附录 A）', labelEn: 'Rong360 · error codes (appendix A)' },
  { id: 'rong360-faults', provider: 'rong360', label: '融360 · 上游故障', labelEn: 'Rong360 · upstream faults' },
  { id: 'dianhua-flows', provider: 'dianhua', label: '邦秒爬 · 登录与二次验证', labelEn: 'Dianhua · login and second verification' },
  { id: 'dianhua-recovery', provider: 'dianhua', label: '邦秒爬 · 找回服务密码', labelEn: 'Dianhua · password recovery' },
  { id: 'dianhua-errors', provider: 'dianhua', label: '邦秒爬 · 错误码（第 20 节）', labelEn: 'Dianhua · error codes (section 20)' },
  { id: 'dianhua-faults', provider: 'dianhua', label: '邦秒爬 · 上游故障', labelEn: 'Dianhua · upstream faults' },
  { id: 'failover', provider: 'dianhua', label: '双服务商 · 故障切换', labelEn: 'Both vendors · failover' },
  { id: 'rong360-update', provider: 'rong360', label: '融360 · 数据更新（再次授权）', labelEn: 'Rong360 · data update (consent again)' },
  { id: 'dianhua-update', provider: 'dianhua', label: '邦秒爬 · 数据更新（再次授权）', labelEn: 'Dianhua · data update (consent again)' },
  { id: 'outage', provider: 'rong360', label: '运营商故障提示', labelEn: 'Carrier outage notice' },
];

/** Every scenario, grouped in SCENARIO_GROUPS order. */
export const SCENARIOS: readonly Scenario[] = SCENARIO_GROUPS.flatMap((group) =>
  [...RONG360_SCENARIOS, ...DIANHUA_SCENARIOS, ...FAILOVER_SCENARIOS, ...UPDATE_SCENARIOS, ...OUTAGE_SCENARIOS].filter(
    (s) => s.group === group.id,
  ),
);

const byId = new Map(SCENARIOS.map((s) => [s.id, s]));

export function findScenario(id: string): Scenario | undefined {
  return byId.get(id);
}

/**
 * Scenarios matching every word of the query (case-insensitive) in their id, phone, vendor or
 * neutral error code, or title and summary in the locale. An empty query matches everything.
 */
export function searchScenarios(query: string, locale: 'zh-CN' | 'en'): Scenario[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return SCENARIOS.filter((s) => {
    const text = [
      s.id,
      s.phone,
      s.upstreamCode ?? '',
      s.expect.ending === 'error' ? s.expect.code : '',
      locale === 'en' ? s.titleEn : s.title,
      locale === 'en' ? s.summaryEn : s.summary,
    ]
      .join('\n')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
