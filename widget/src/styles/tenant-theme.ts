import type { TenantColors } from '../api/config.js';

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function channels(hex: string): [number, number, number] {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Tenant colours become the *fallbacks* of the public tokens, so a webmaster's
 * `--portail-color-primary` on `:root` still wins. Only strict hex values reach the sheet, and
 * colours that would fall below WCAG AA contrast (4.5:1) are ignored rather than shown unreadable.
 */
export function tenantThemeCss(colors: TenantColors | null | undefined): string | null {
  if (!colors || !HEX_COLOR.test(colors.primary) || !HEX_COLOR.test(colors.primaryText)) return null;
  // The primary colour is also used as text on the white surface (links, secondary buttons).
  if (contrastRatio(colors.primary, colors.primaryText) < 4.5) return null;
  if (contrastRatio(colors.primary, '#ffffff') < 4.5) return null;
  return `:host {
  --_portail-primary: var(--portail-color-primary, ${colors.primary});
  --_portail-primary-text: var(--portail-color-primary-text, ${colors.primaryText});
  --_portail-focus: var(--portail-color-focus, ${colors.primary});
}`;
}

const sheets = new Map<string, CSSStyleSheet>();

/** Adds the tenant sheet after the element's own styles; one sheet per colour pair. */
export function adoptTenantTheme(root: ShadowRoot, colors: TenantColors | null | undefined): void {
  const text = tenantThemeCss(colors);
  if (!text) return;
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
}
