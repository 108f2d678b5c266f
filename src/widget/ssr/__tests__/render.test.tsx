import { describe, expect, it } from 'vitest';
import { renderer } from '../render';

describe('the page renderer the server loads', () => {
  it('renders the phone step as a form that posts to the page before the script runs', async () => {
    const page = await renderer.renderPage({ search: '', screen: 'phone', locale: 'zh-CN' });
    expect(page.lang).toBe('zh-CN');
    expect(page.root).toMatch(/<form[^>]*method="post"/);
    expect(page.root).toMatch(/<input[^>]*name="phone"/);
    expect(page.root).toMatch(/<input[^>]*name="consent"/);
    // Every input is labelled in the markup itself, before any script.
    const ids = [...page.root.matchAll(/<input[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(page.root).toContain(`for="${id}"`);
    // No inline style: the page CSP's style-src is 'self'.
    expect(page.root).not.toMatch(/\sstyle="/);
    expect(JSON.parse(page.boot)).toEqual({ screen: 'phone', locale: 'zh-CN' });
  });

  it('renders English, and keeps what a post without the script sent (the number, the problem)', async () => {
    const page = await renderer.renderPage({
      search: '?locale=en',
      screen: 'phone',
      locale: 'en',
      form: { phone: '12345', consent: false, phoneIssue: 'phoneInvalid', consentIssue: 'consentRequired' },
    });
    expect(page.lang).toBe('en');
    expect(page.root).toContain('value="12345"');
    expect(page.root).toContain('aria-invalid="true"');
    expect(page.title).toMatch(/CarrierLink$/);
  });

  it('writes boot JSON that cannot close its script element', async () => {
    const page = await renderer.renderPage({
      search: '',
      screen: 'phone',
      locale: 'zh-CN',
      form: { phone: '</script><script>alert(1)</script>' },
    });
    expect(page.boot).not.toContain('</script>');
    expect(JSON.parse(page.boot)).toMatchObject({ form: { phone: '</script><script>alert(1)</script>' } });
  });

  it('hashes the agreement text per language, and builds brand CSS only from a parsed colour', () => {
    expect(renderer.agreementHash('zh-CN')).toMatch(/^[\da-f]{64}$/);
    expect(renderer.agreementHash('en')).not.toBe(renderer.agreementHash('zh-CN'));
    expect(renderer.themeStylesheet(undefined, undefined)).toBeUndefined();
    expect(renderer.themeStylesheet('not-a-colour', undefined)).toBeUndefined();
    const themed = renderer.themeStylesheet('#aa3300', 8);
    expect(themed?.css).toContain('--cl-brand');
    expect(themed?.css).toContain('prefers-color-scheme: dark');
  });
});
