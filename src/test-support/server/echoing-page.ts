import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A page build whose renderer writes everything the server gave it into the page. */
export function echoingPageBuild(): { widgetDir: string; pageDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cl-update-page-'));
  const widgetDir = join(root, 'widget');
  const pageDir = join(root, 'widget-ssr');
  mkdirSync(join(widgetDir, 'assets'), { recursive: true });
  mkdirSync(pageDir);
  writeFileSync(
    join(widgetDir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><title>CarrierLink</title></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(
    join(pageDir, 'render.js'),
    `export const renderer = {
      agreementVersion: '2024-01',
      agreementHash: () => 'c'.repeat(64),
      themeStylesheet: () => undefined,
      async renderPage(input) {
        const seen = JSON.stringify(input).replace(/</g, '');
        return { root: '<main>' + seen + '</main>', lang: input.locale, title: '授权', boot: seen };
      },
    };`,
  );
  return { widgetDir, pageDir };
}
