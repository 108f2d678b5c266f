import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RONG360_ERRORS } from '../../src/providers/rong360/errors';
import {
  ECHO_NUMBER_SCENARIO,
  ERROR_SCENARIOS,
  FAULT_SCENARIOS,
  FLOW_SCENARIOS,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../../src/providers/rong360/sandbox';
import { DIANHUA_ERRORS } from '../../src/providers/dianhua/errors';
import * as dianhua from '../../src/providers/dianhua/sandbox';
import { ABUSE_LIMITS, SERVER_LIMITS } from '../../src/server/env-limits';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

/** The README row that names a sandbox number. */
const rowOf = (phone: string) => readme.split('\n').find((line) => line.startsWith(`| \`${phone}\``));

describe('the README sandbox table', () => {
  it('lists every flow, error and fault number of the simulator', () => {
    for (const { phone, region } of [...FLOW_SCENARIOS, ECHO_NUMBER_SCENARIO]) expect(rowOf(phone), phone).toContain(region);
    for (const { phone, code } of ERROR_SCENARIOS) {
      const row = rowOf(phone);
      expect(row, phone).toContain(code);
      expect(row, phone).toContain(`\`${RONG360_ERRORS[code]!.code}\``);
    }
    for (const { phone } of FAULT_SCENARIOS) expect(rowOf(phone), phone).toBeDefined();
  });

  it('lists every Dianhua flow, recovery, error and fault number', () => {
    for (const { phone, region } of dianhua.FLOW_SCENARIOS) expect(rowOf(phone), phone).toContain(region);
    for (const { phone } of dianhua.RECOVERY_SCENARIOS) expect(rowOf(phone), phone).toBeDefined();
    for (const { phone, code } of dianhua.ERROR_SCENARIOS) {
      expect(rowOf(phone), phone).toContain(`\`${DIANHUA_ERRORS[code]!.code}\``);
    }
    for (const { phone } of dianhua.FAULT_SCENARIOS) expect(rowOf(phone), phone).toBeDefined();
    expect(readme).toContain(`Password \`${dianhua.SANDBOX_PASSWORD}\``);
  });

  it('gives the sandbox credentials the simulator accepts', () => {
    expect(readme).toContain(`service password \`${SANDBOX_PASSWORD}\``);
    expect(readme).toContain(`SMS code \`${SANDBOX_SMS_CODE}\``);
  });
});

describe('the configuration docs', () => {
  it('name every variable of .env.example in the README table', () => {
    const variables = [...envExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(10);
    for (const name of variables) expect(readme, name).toContain(`| \`${name}\``);
  });
});

describe('the production section', () => {
  it('lists every abuse and server limit with the default the server uses', () => {
    for (const definition of [...Object.values(ABUSE_LIMITS), ...Object.values(SERVER_LIMITS)]) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${definition.env}\` |`));
      expect(row, definition.env).toContain(`| \`${definition.default}\` |`);
    }
  });
});
