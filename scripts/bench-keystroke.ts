/**
 * The applicant's first second, measured in Chromium at a cheap-phone profile: how long after the
 * navigation starts the phone input takes a keystroke, side by side with a static page holding one
 * input (the floor no page can beat on this network), in one run and one browser.
 *
 * A keystroke "is taken" when the browser's own key event (CDP Input.dispatchKeyEvent, as a tap on
 * the keyboard would be) fires `input` on the field, after a frame showing the field was painted.
 * The driver keeps pressing until one lands, so a page that is busy (long script tasks) or whose
 * field is replaced by a later render pays for it. After the page has settled, the digits typed
 * must still be in the field (hydration must not wipe them).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';

/** The phone profile: 4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, cold cache. */
export const PHONE_PROFILE = { cpuSlowdown: 4, latencyMs: 150, downBitsPerSecond: 1_600_000, upBitsPerSecond: 750_000 } as const;
/** The goal: the widget's first keystroke within this many times the static floor. */
export const KEYSTROKE_GOAL_RATIO = 1.5;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One input, nothing else: what any page at least costs on this network and CPU. */
const STATIC_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>static</title></head><body><label>手机号码 <input type="tel" inputmode="numeric"></label></body></html>`;

/** Runs before any page script: records when the field was first painted and when it first took input. */
const PROBE = `(() => {
  const w = window;
  const look = () => {
    const field = document.querySelector('input[type="tel"]');
    if (field && field.getClientRects().length > 0) requestAnimationFrame(() => { w.__clPainted = performance.now(); });
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  document.addEventListener('input', (event) => {
    if (w.__clFirstInput === undefined && event.target instanceof HTMLInputElement) w.__clFirstInput = performance.now();
  }, true);
})();`;

interface Probe {
  __clPainted?: number;
  __clFirstInput?: number;
}

export interface KeystrokeRun {
  /** ms from navigation start to the first `input` event of a real key press. */
  firstInputMs: number;
  /** The digits typed before the page settled were still in the field afterwards. */
  kept: boolean;
}

/** Serves STATIC_PAGE on a free port of 127.0.0.1. */
export async function startStaticPage(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(STATIC_PAGE);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Reads the probe; a navigation in progress (no context yet) reads as nothing yet. */
async function probe(page: Page): Promise<Probe> {
  try {
    return await page.evaluate(() => {
      const w = window as unknown as Probe;
      return { __clPainted: w.__clPainted, __clFirstInput: w.__clFirstInput };
    });
  } catch {
    return {};
  }
}

/** Focuses the phone field if it is painted; true when it holds the focus. */
async function focusField(page: Page): Promise<boolean> {
  try {
    return await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('input[type="tel"]');
      if (!field || (window as unknown as Probe).__clPainted === undefined) return false;
      if (document.activeElement !== field) field.focus();
      return document.activeElement === field;
    });
  } catch {
    return false;
  }
}

async function measureOnce(browser: Browser, url: string): Promise<KeystrokeRun> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE_PROFILE.latencyMs,
      downloadThroughput: PHONE_PROFILE.downBitsPerSecond / 8,
      uploadThroughput: PHONE_PROFILE.upBitsPerSecond / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_PROFILE.cpuSlowdown });

    const navigation = page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const deadline = Date.now() + 30_000;
    let typed = 0;
    let firstInputMs: number | undefined;
    while (firstInputMs === undefined && Date.now() < deadline) {
      if (await focusField(page)) {
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: '1', code: 'Digit1', text: '1', windowsVirtualKeyCode: 49 });
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: '1', code: 'Digit1', windowsVirtualKeyCode: 49 });
        typed += 1;
      } else {
        await pause(5);
      }
      firstInputMs = (await probe(page)).__clFirstInput;
    }
    if (firstInputMs === undefined) throw new Error(`${url}: no keystroke landed within 30 s`);
    await navigation;
    // Settled: every script has run and the page is idle for a moment.
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    await pause(300);
    const value = await page.locator('input[type="tel"]').first().inputValue();
    return { firstInputMs, kept: typed > 0 && value.replace(/\D/g, '').startsWith('1') };
  } finally {
    await context.close();
  }
}

export interface KeystrokeResult {
  staticRuns: KeystrokeRun[];
  widgetRuns: KeystrokeRun[];
}

/** Alternates static and widget runs, each in a fresh context with a cold cache. */
export async function measureKeystrokes(widgetUrl: string, staticUrl: string, runs: number): Promise<KeystrokeResult> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const result: KeystrokeResult = { staticRuns: [], widgetRuns: [] };
  try {
    // One throwaway pair: the browser's own first-navigation costs are not the pages'.
    await measureOnce(browser, staticUrl);
    await measureOnce(browser, widgetUrl);
    for (let i = 0; i < runs; i++) {
      result.staticRuns.push(await measureOnce(browser, staticUrl));
      result.widgetRuns.push(await measureOnce(browser, widgetUrl));
    }
  } finally {
    await browser.close();
  }
  return result;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Prints the figures with their goal. */
export function reportKeystrokes(result: KeystrokeResult): void {
  const fmt = (runs: KeystrokeRun[]) => runs.map((run) => Math.round(run.firstInputMs)).join(', ');
  const floor = median(result.staticRuns.map((run) => run.firstInputMs));
  const widget = median(result.widgetRuns.map((run) => run.firstInputMs));
  const ratio = widget / floor;
  const kept = result.widgetRuns.filter((run) => run.kept).length;
  const p = PHONE_PROFILE;
  console.log(
    `\n== First keystroke in the phone field (Chromium, ${p.cpuSlowdown}x CPU, ${p.latencyMs} ms RTT, ${p.downBitsPerSecond / 1e6} Mbit/s down, cold cache) ==`,
  );
  console.log(`  static page, one input:  median ${Math.round(floor)} ms   (runs ${fmt(result.staticRuns)})`);
  console.log(`  widget phone step:       median ${Math.round(widget)} ms   (runs ${fmt(result.widgetRuns)})`);
  console.log(
    `  ratio ${ratio.toFixed(2)}x the static floor; goal <= ${KEYSTROKE_GOAL_RATIO}x: ${ratio <= KEYSTROKE_GOAL_RATIO ? 'met' : 'NOT MET'}`,
  );
  console.log(`  digits typed before the page settled still in the field afterwards: ${kept}/${result.widgetRuns.length} runs`);
}
