import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { TaxAttestationList, TaxAttestationSummary } from '../../api/attestations-fiscales.js';
import { cell, money, table } from './factures-tables.js';

/**
 * "Attestations fiscales": one row per year, payer and child under 6, the amount to declare for
 * the childcare tax credit, and its PDF.
 */
export function taxAttestationsSection(list: TaxAttestationList, download: (attestation: TaxAttestationSummary) => void) {
  const head = [msg('Année'), msg('Enfant'), msg('Payeur'), msg('Montant attesté'), msg('Document')];
  const [year, child, payer, amount, document] = head;
  const rows = list.attestations.map(
    (a) => html`<tr role="row">
      ${cell(year, String(a.year))} ${cell(child, a.childName)} ${cell(payer, a.payerName)} ${cell(amount, money(a.amountCents), 'amount')}
      ${cell(
        document,
        html`<button part="button" type="button" class="link" @click=${() => download(a)}>
          <span>${msg('Télécharger l’attestation')}<span class="visually-hidden"> ${msg(str`${a.year} de ${a.childName}`)}</span> (PDF)</span>
        </button>`,
      )}
    </tr>`,
  );
  return html`<section part="section" aria-labelledby="tax-h">
    <h3 id="tax-h">${msg('Attestations fiscales')}</h3>
    ${list.attestations.length
      ? html`<p class="hint">${msg('Frais de garde de vos enfants de moins de 6 ans, repas et pénalités exclus, à déclarer pour le crédit d’impôt.')}</p>
          ${table('tax', msg('Attestations de frais de garde'), head, rows)}`
      : html`<p>${msg('Aucune attestation fiscale pour le moment.')}</p>`}
  </section>`;
}
