import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoConfigResponse } from '../../../flow/demo';
import { SCENARIO_GROUPS, SCENARIOS } from '../../scenarios';
import { Gallery } from '../gallery';

const CONFIG: DemoConfigResponse = {
  providers: ['rong360', 'dianhua'],
  faults: [
    { kind: 'timeout', at: 'submit', providers: ['rong360', 'dianhua'] },
    { kind: '5xx', at: 'start', providers: ['dianhua'] },
  ],
  maxLatencyMs: 10_000,
};
const loadConfig = () => Promise.resolve(CONFIG);

function renderAt(search: string) {
  window.history.replaceState(null, '', `/demo${search}`);
  return render(<Gallery loadConfig={loadConfig} />);
}

/** The run's status line (the sliders' <output>s are status regions too). */
function runStatus(): HTMLElement {
  const line = document.querySelector('p[role="status"]');
  if (!(line instanceof HTMLElement)) throw new Error('no status line');
  return line;
}

const cards = () => document.querySelectorAll('[data-scenario]');

beforeEach(() => window.history.replaceState(null, '', '/demo'));
afterEach(() => window.history.replaceState(null, '', '/'));

describe('Gallery', () => {
  it('lists every scenario of the catalogue under its group', async () => {
    renderAt('');
    await act(async () => undefined);
    expect(screen.getByRole('heading', { level: 1, name: 'CarrierLink 演示' })).toBeInTheDocument();
    expect([...cards()].map((card) => card.getAttribute('data-scenario'))).toEqual(SCENARIOS.map((s) => s.id));
    for (const group of SCENARIO_GROUPS) expect(screen.getByRole('heading', { level: 2, name: group.label })).toBeInTheDocument();
    expect(screen.getByText(`${SCENARIOS.length} 个场景`)).toBeInTheDocument();
  });

  it('filters by search words and by provider, and keeps both in the URL', async () => {
    renderAt('');
    await act(async () => undefined);
    const target = SCENARIOS[SCENARIOS.length - 1];
    if (!target) throw new Error('empty catalogue');
    fireEvent.change(screen.getByRole('searchbox', { name: '搜索场景' }), { target: { value: target.phone } });
    expect([...cards()].map((c) => c.getAttribute('data-scenario'))).toContain(target.id);
    expect(cards().length).toBeLessThan(SCENARIOS.length);
    expect(new URLSearchParams(window.location.search).get('q')).toBe(target.phone);

    fireEvent.change(screen.getByRole('searchbox', { name: '搜索场景' }), { target: { value: 'no-such-scenario' } });
    expect(cards()).toHaveLength(0);
    expect(screen.getByText('没有匹配的场景。')).toBeInTheDocument();

    fireEvent.change(screen.getByRole('searchbox', { name: '搜索场景' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: '服务商' }), { target: { value: 'dianhua' } });
    expect([...cards()].map((c) => c.getAttribute('data-scenario'))).toEqual(
      SCENARIOS.filter((s) => s.provider === 'dianhua').map((s) => s.id),
    );
    expect(window.location.search).toBe('?provider=dianhua');
  });

  it('opens a scenario in the real widget, with its steps and a status line', async () => {
    renderAt('');
    await act(async () => undefined);
    const scenario = SCENARIOS.find((s) => s.provider === 'dianhua' && s.script.length > 2);
    if (!scenario) throw new Error('no Dianhua scenario');
    const card = document.querySelector(`[data-scenario="${scenario.id}"]`);
    if (!(card instanceof HTMLElement)) throw new Error('no card');
    fireEvent.click(card);

    expect(screen.getByRole('heading', { level: 2, name: scenario.title })).toBeInTheDocument();
    const frame = screen.getByTitle(`授权组件：${scenario.title}`);
    expect(frame.getAttribute('src')).toBe('/?demo=dianhua&locale=zh-CN&theme=light');
    expect(runStatus()).toHaveTextContent('未在演示。');
    expect(within(screen.getByRole('navigation', { name: '步骤' })).getAllByRole('button')[0]).toHaveTextContent('手机号与授权同意');
    expect(new URLSearchParams(window.location.search).get('scenario')).toBe(scenario.id);
  });

  it('restores scenario, step and controls from a copied link and keeps them in the URL', async () => {
    const scenario = SCENARIOS.find((s) => s.provider === 'dianhua');
    if (!scenario) throw new Error('no Dianhua scenario');
    const search = `?scenario=${scenario.id}&locale=en&theme=dark&brand=%23ff6600&radius=4&viewport=tablet&latency=800&fault=5xx%40start&step=1`;
    const { container } = renderAt(search);
    await act(async () => undefined);

    expect(screen.getByRole('heading', { level: 1, name: 'CarrierLink demo' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    const src = screen.getByTitle(`Authorization widget: ${scenario.titleEn}`).getAttribute('src') ?? '';
    expect(Object.fromEntries(new URLSearchParams(src.slice(2)))).toEqual({
      demo: 'dianhua',
      locale: 'en',
      theme: 'dark',
      brand: '#ff6600',
      radius: '4',
      latency: '800',
      fault: '5xx@start',
    });
    expect(screen.getByRole('combobox', { name: 'Viewport' })).toHaveValue('tablet');
    expect(screen.getByRole('combobox', { name: 'Failure injection' })).toHaveValue('5xx@start');
    expect(document.querySelector('[data-step="1"]')).toHaveAttribute('aria-current', 'step');
    // A jump to step 1 is under way (the frame never loads in jsdom).
    expect(container.firstElementChild).toHaveAttribute('data-autoplay', 'running');
    expect(runStatus()).toHaveTextContent('Jumping to step 0');
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual(Object.fromEntries(new URLSearchParams(search)));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Autoplay' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Speed' }), { target: { value: '2' } });
    const query = new URLSearchParams(window.location.search);
    expect(query.get('autoplay')).toBe('1');
    expect(query.get('speed')).toBe('2');
  });

  it('offers only the faults the server injects for the scenario’s vendor', async () => {
    const scenario = SCENARIOS.find((s) => s.provider === 'rong360');
    if (!scenario) throw new Error('no Rong360 scenario');
    renderAt(`?scenario=${scenario.id}&locale=en`);
    await act(async () => undefined);
    const options = within(screen.getByRole('combobox', { name: 'Failure injection' })).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('value'))).toEqual(['', 'timeout@submit']);
  });
});
