import { html, nothing } from 'lit';
import type { PaymentRedirect } from '../../api/factures.js';

/**
 * What the online payment of an invoice (`<portail-factures>`) and of the basket
 * (`<portail-panier>`) share: the steps list, the payer's e-mail check, leaving for the provider
 * and waiting between two reads of the result.
 */

/** The fragment the payment providers land the browser back with (docs/api.md). */
export const RETURN_FRAGMENT = /^#portail-paiement=([0-9a-f-]{36})$/i;

/**
 * Sends the browser to the provider's payment page: a plain address, or a form of hidden fields
 * posted from the page itself (outside the shadow root, so that it submits like any page form).
 * Shared by `<portail-factures>` and `<portail-panier>`.
 */
export function leaveForProvider(redirect: PaymentRedirect): void {
  if (redirect.method === 'GET') {
    location.assign(redirect.url);
    return;
  }
  const form = Object.assign(document.createElement('form'), { method: 'post', action: redirect.url, hidden: true });
  for (const [name, value] of Object.entries(redirect.fields)) {
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
  }
  document.body.append(form);
  form.submit();
}

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** The payer's e-mail as the bank takes it. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The numbered steps of a payment, the current one marked for assistive technologies. */
export function stepsList(steps: string[], current: number, label: string) {
  return html`<ol class="steps" part="steps" aria-label=${label}>
    ${steps.map((s, i) => html`<li aria-current=${i + 1 === current ? 'step' : nothing}>${s}</li>`)}
  </ol>`;
}
