/**
 * A focused field must never look like a field in error: when the page's theme gives the focus
 * ring the error colour (or one too close to tell apart), the element keeps the portal's blue
 * focus instead and tells the webmaster in the console.
 */

/** Closer than this (sum of the RGB channel differences, 0–765) and the two read as one colour. */
const TOO_CLOSE = 96;
const FALLBACKS = ['#1d4f91', '#1f2328'];

function rgbOf(root: ShadowRoot, colour: string): [number, number, number] | null {
  const probe = document.createElement('span');
  probe.style.color = colour;
  probe.hidden = true;
  root.append(probe);
  const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

const distance = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0);

const guards = new Map<string, CSSStyleSheet>();

/** Checks the host's resolved focus and error colours; returns the focus colour put in place, if any. */
export function guardFocusColour(host: HTMLElement): string | null {
  const root = host.shadowRoot;
  if (!root) return null;
  const style = getComputedStyle(host);
  const focus = rgbOf(root, style.getPropertyValue('--_portail-focus').trim());
  const error = rgbOf(root, style.getPropertyValue('--_portail-error').trim());
  if (!focus || !error || distance(focus, error) >= TOO_CLOSE) return null;
  const fallback = FALLBACKS.find((c) => distance(rgbOf(root, c) ?? [0, 0, 0], error) >= TOO_CLOSE) ?? FALLBACKS[0]!;
  let sheet = guards.get(fallback);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`:host { --_portail-focus: ${fallback}; }`);
    guards.set(fallback, sheet);
  }
  // Last, after the town's theme sheet, which sets the focus colour too.
  const others = root.adoptedStyleSheets.filter((s) => s !== sheet);
  root.adoptedStyleSheets = [...others, sheet];
  console.warn(
    `Portail Famille : --portail-color-focus est trop proche de --portail-color-error sur <${host.localName}> ; ` +
      `un champ sélectionné ressemblerait à un champ en erreur. La couleur ${fallback} est utilisée pour le focus.`,
  );
  return fallback;
}
