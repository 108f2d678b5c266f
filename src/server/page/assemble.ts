import { BOOT_ELEMENT_ID, type RenderedPage } from '../../flow';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** What the page needs around the rendered widget. */
export interface PageExtras {
  /** `?theme=`: set on <html> (otherwise the device decides, in CSS). */
  theme?: 'light' | 'dark';
  /** A link's page inside a lender frame: styles/embed.css's framed chrome from the first paint. */
  embed?: 'modal' | 'inline';
  /** The brand/radius stylesheet, after the widget's own. */
  themeHref?: string;
  themeColor?: string;
  /** Module chunks the page will ask for at once (the English catalogue). */
  preload?: readonly string[];
}

function replaceOnce(html: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(html)) throw new Error(`index.html has no ${what}`);
  return html.replace(pattern, () => replacement);
}

/** The built index.html with the rendered widget, its boot block and the page's language, title and theme. */
export function assemblePage(template: string, page: RenderedPage, extras: PageExtras = {}): string {
  const attributes = [`lang="${page.lang}"`];
  if (extras.theme) attributes.push(`data-theme="${extras.theme}"`);
  if (extras.embed) attributes.push(`data-embed="${extras.embed}"`);
  let html = replaceOnce(template, /<html\b[^>]*>/, `<html ${attributes.join(' ')}>`, '<html>');
  html = replaceOnce(html, /<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`, '<title>');
  if (extras.themeColor) {
    html = replaceOnce(
      html,
      /<meta name="theme-color" content="[^"]*"/,
      `<meta name="theme-color" content="${escapeHtml(extras.themeColor)}"`,
      'theme-color',
    );
  }
  const head = [
    ...(extras.preload ?? []).map((href) => `<link rel="modulepreload" crossorigin href="${escapeHtml(href)}">`),
    ...(extras.themeHref ? [`<link rel="stylesheet" data-cl-theme href="${escapeHtml(extras.themeHref)}">`] : []),
  ];
  if (head.length > 0) html = replaceOnce(html, /<\/head>/, `${head.join('')}</head>`, '</head>');
  return replaceOnce(
    html,
    /<div id="root"><\/div>/,
    `<div id="root">${page.root}</div><script type="application/json" id="${BOOT_ELEMENT_ID}">${page.boot}</script>`,
    'root element',
  );
}
