import { describe, expect, it } from 'vitest';
import { isMobileNumber } from '../../../flow';
import { DIANHUA_ERRORS } from '../errors';
import { DEFAULT_FLOW, ERROR_SCENARIOS, FAULT_SCENARIOS, FLOW_SCENARIOS, RECOVERY_SCENARIOS, scenarioFor } from '../sandbox';

describe('Dianhua sandbox table', () => {
  it('has one error number per mapped code, named 153 + the code on 8 digits', () => {
    expect(ERROR_SCENARIOS.map((s) => s.code).sort()).toEqual(Object.keys(DIANHUA_ERRORS).sort());
    for (const s of ERROR_SCENARIOS) expect(s.phone).toBe(`153${s.code.padStart(8, '0')}`);
    expect(ERROR_SCENARIOS.find((s) => s.code === '4012')?.phone).toBe('15300004012');
  });

  it('uses every number once, each a valid mobile number', () => {
    const phones = [...FLOW_SCENARIOS, ...RECOVERY_SCENARIOS, ...ERROR_SCENARIOS, ...FAULT_SCENARIOS].map((s) => s.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(isMobileNumber(phone)).toBe(true);
  });

  it('plays a listed flow for every error and fault number, and the default for others', () => {
    for (const s of ERROR_SCENARIOS) expect(FLOW_SCENARIOS.some((f) => f.phone === s.plays)).toBe(true);
    expect(scenarioFor('15300004008').flow.loginCaptcha).toBe(true);
    expect(scenarioFor(FAULT_SCENARIOS[0].phone)).toMatchObject({ fault: 'timeout', flow: { phone: '15000000100' } });
    expect(scenarioFor('13800138000').flow).toBe(DEFAULT_FLOW);
    expect(scenarioFor('15300030006').recovery.steps).toEqual(['contacts', 'newPassword']);
    expect(scenarioFor('15200000008').recovery.steps).toEqual(['sms', 'newPassword8']);
  });
});
