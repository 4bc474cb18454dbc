/** Small helpers to act on an element's shadow root the way a user would. */
import { waitUntil } from '@open-wc/testing';

export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`${el.localName} has no shadow root`);
  return el.shadowRoot;
}

export function $(el: Element, selector: string): HTMLElement {
  const found = shadow(el).querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`${selector} not found in ${el.localName}`);
  return found;
}

/** Normalises the narrow no-break spaces and line breaks Intl and templates produce. */
export function text(node: Element | ShadowRoot | null | undefined): string {
  return (node?.textContent ?? '').replace(/[\u202f\u00a0\s]+/g, ' ').trim();
}

export function input(el: Element, labelText: string): HTMLInputElement {
  const label = [...shadow(el).querySelectorAll('label')].find((l) => text(l) === labelText);
  if (!label) throw new Error(`no label "${labelText}" in ${el.localName}`);
  const field = shadow(el).getElementById(label.htmlFor);
  if (!(field instanceof HTMLInputElement)) throw new Error(`label "${labelText}" points to no input`);
  return field;
}

export function fill(el: Element, labelText: string, value: string): void {
  const field = input(el, labelText);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function button(el: Element, name: string): HTMLButtonElement {
  const found = [...shadow(el).querySelectorAll('button')].find((b) => text(b) === name);
  if (!found) throw new Error(`no button "${name}" in ${el.localName}`);
  return found;
}

export function hasButton(el: Element, name: string): boolean {
  return [...shadow(el).querySelectorAll('button')].some((b) => text(b) === name);
}

export function heading(el: Element): string {
  return text(shadow(el).querySelector('h2'));
}

export function alertText(el: Element): string {
  return [...shadow(el).querySelectorAll('[role="alert"]')].map((a) => text(a)).join(' ').trim();
}

export function statusText(el: Element): string {
  return [...shadow(el).querySelectorAll('[role="status"]')].map((a) => text(a)).join(' ').trim();
}

export async function waitForText(
  read: () => string,
  expected: string,
  message = `text "${expected}"`,
): Promise<void> {
  await waitUntil(() => read().includes(expected), `waiting for ${message}; got "${read()}"`, { timeout: 4000 });
}
