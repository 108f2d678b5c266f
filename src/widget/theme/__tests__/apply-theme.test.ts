import { afterEach, describe, expect, it } from 'vitest';
import { readWidgetParams } from '../../embed/params';
import { applyTheme } from '../apply-theme';

const root = document.documentElement;
const prop = (name: string) => root.style.getPropertyValue(name);

afterEach(() => {
  root.removeAttribute('style');
  document.head.innerHTML = '';
});

describe('applyTheme', () => {
  it('writes the brand and radius tokens on <html> through the CSSOM', () => {
    applyTheme(root, { theme: 'light', brand: '#E60012', radius: 4 });
    expect(prop('--cl-brand')).toBe('#e60012');
    expect(prop('--cl-on-brand')).toBe('#ffffff');
    expect(prop('--cl-brand-strong')).toMatch(/^#[0-9a-f]{6}$/);
    expect(prop('--cl-focus-ring')).toMatch(/^0 0 0 3px rgb\(/);
    expect(prop('--cl-radius')).toBe('4px');
    expect(prop('--cl-radius-sm')).toBe('3px');
    expect(prop('--cl-radius-pill')).toBe('999px');
  });

  it('derives the dark theme’s tokens for the dark theme', () => {
    applyTheme(root, { theme: 'dark', brand: '#003366' });
    expect(prop('--cl-brand')).not.toBe('#003366');
    expect(prop('--cl-brand-text')).not.toBe(prop('--cl-brand'));
    expect(prop('--cl-radius')).toBe('');
  });

  it('sets nothing for absent or invalid values, so tokens.css applies', () => {
    applyTheme(root, { theme: 'light' });
    expect(root.getAttribute('style') ?? '').toBe('');
    applyTheme(root, { theme: 'light', brand: 'red;background:url(x)', radius: 99 });
    expect(root.getAttribute('style') ?? '').toBe('');
    applyTheme(root, { theme: 'light', radius: 2.5 });
    expect(prop('--cl-radius')).toBe('');
  });

  it('leaves nothing of an earlier call behind', () => {
    applyTheme(root, { theme: 'light', brand: '#ffcc00', radius: 0 });
    expect(prop('--cl-brand-border')).not.toBe('transparent');
    applyTheme(root, { theme: 'light', brand: '#1f6feb' });
    expect(prop('--cl-brand')).toBe('#1f6feb');
    expect(prop('--cl-brand-border')).toBe('transparent');
    expect(prop('--cl-radius')).toBe('');
  });

  it('tints the browser chrome (theme-color) with the brand', () => {
    document.head.innerHTML = '<meta name="theme-color" content="#1f6feb">';
    applyTheme(root, { theme: 'light', brand: '#0a0' });
    expect(document.querySelector('meta[name="theme-color"]')).toHaveAttribute('content', '#00aa00');
  });

  it('applies what the page URL asks for, end to end', () => {
    const params = readWidgetParams('?brand=%23FF6600&radius=0&theme=dark');
    applyTheme(root, { theme: 'light', brand: params.brand, radius: params.radius });
    expect(prop('--cl-brand')).toBe('#ff6600');
    expect(prop('--cl-radius-pill')).toBe('0');
  });
});
