import { createHash } from 'node:crypto';
import { prerender } from 'react-dom/static';
import type { PageBoot, PageRenderInput, RenderedPage, WidgetLocale, WidgetPageRenderer } from '../../flow/page';
import { createQueryClient } from '../api/query-client';
import { readWidgetParams } from '../embed/params';
import { en } from '../i18n/en';
import { I18nProvider } from '../i18n/i18n-context';
import type { Messages } from '../i18n/messages';
import { zhCN } from '../i18n/zh-cn';
import { AppFrame } from '../layout/app-frame';
import { LoadingScreen } from '../layout/status-screens';
import { WidgetRoot } from '../root';
import { AGREEMENT_VERSION } from '../steps/agreement-panel';
import { agreementText } from '../steps/agreement-text';
import { themeStylesheet } from './theme-stylesheet';

/**
 * The page renderer the server loads (built by vite.ssr.config.ts into dist/widget-ssr): the
 * widget's own components rendered to HTML with React's server renderer, so the phone step works
 * before the widget's script runs and the browser then takes the same markup over (hydration).
 */

const catalogue = (locale: WidgetLocale): Messages => (locale === 'en' ? en : zhCN);

/** JSON that cannot end its <script> element or open a comment inside it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

async function renderPage(input: PageRenderInput): Promise<RenderedPage> {
  const messages = catalogue(input.locale);
  const params = readWidgetParams(input.search);
  const boot: PageBoot = {
    screen: input.screen,
    locale: input.locale,
    ...(input.link ? { link: input.link } : {}),
    ...(input.form ? { form: input.form } : {}),
  };
  // Per request: nothing read for one page may show on another.
  const queryClient = createQueryClient();
  const element =
    input.screen === 'phone' ? (
      <WidgetRoot
        queryClient={queryClient}
        params={params}
        locale={input.locale}
        messages={messages}
        search={input.search}
        boot={boot}
        bridge={null}
      />
    ) : (
      <I18nProvider locale={input.locale} messages={messages}>
        <AppFrame view={{ screen: 'loading' }}>
          <LoadingScreen />
        </AppFrame>
      </I18nProvider>
    );
  try {
    // Waits for the lazy parts (link mode's chunk) so the page holds the whole first screen.
    const { prelude } = await prerender(element);
    return {
      root: await new Response(prelude).text(),
      lang: input.locale,
      title: `${messages.app.title} · CarrierLink`,
      boot: scriptJson(boot),
    };
  } finally {
    queryClient.clear();
  }
}

export const renderer: WidgetPageRenderer = {
  renderPage,
  agreementVersion: AGREEMENT_VERSION,
  agreementHash: (locale) =>
    createHash('sha256')
      .update(agreementText(catalogue(locale)))
      .digest('hex'),
  themeStylesheet,
};
