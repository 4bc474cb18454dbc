import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { InvoiceSummary, Invoices, StatementEntry } from '../../api/factures.js';
import { formatDate } from '../../base/format.js';
import { intlLocale } from '../../base/localization.js';

/** Cents as euros ("42,50 €"); `short` drops ",00" of a round amount ("1 €"). */
export function money(cents: number, short = false): string {
  return new Intl.NumberFormat(intlLocale(), {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: short && cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

/** The table inside a labelled, focusable region that scrolls on narrow screens (320 px). */
export function scroller(id: string, caption: string, head: string[], rows: TemplateResult[]) {
  return html`<div class="scroller" role="region" tabindex="0" aria-labelledby="${id}-caption">
    <table part="table">
      <caption id="${id}-caption">${caption}</caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** The invoice number, with the debt reference PayFiP and TIPI ask for when the town uses them. */
export function numberCell(invoice: InvoiceSummary, provider: Invoices['onlinePayment']['provider']) {
  const name = provider === 'payfip' ? 'PayFiP' : provider === 'tipi' ? 'TIPI' : '';
  return html`<th scope="row">
    ${invoice.number}
    ${name ? html`<small>${msg(str`Référence ${name} : ${invoice.refdet}`)}</small>` : nothing}
  </th>`;
}

export function labelCell(invoice: InvoiceSummary) {
  return html`<td>${invoice.label} <small>${invoice.regie.name}</small></td>`;
}

export function downloadButton(invoice: InvoiceSummary, onClick: () => void) {
  return html`<td>
    <button part="button" type="button" class="link" @click=${onClick}>
      <span>${msg('Télécharger la facture')}<span class="visually-hidden"> ${invoice.number}</span> (PDF)</span>
    </button>
  </td>`;
}

function howSettled(invoice: InvoiceSummary) {
  if (invoice.kind === 'credit_note') return msg('Avoir');
  if (invoice.status === 'carried' && invoice.carriedTo) return msg(str`Reportée sur la facture ${invoice.carriedTo}`);
  if (invoice.status === 'cancelled') return msg('Annulée');
  return '';
}

/** "Mes factures déjà payées": who paid, when and how, as in the towns' former portals. */
export function paidRows(data: Invoices, download: (invoice: InvoiceSummary) => void) {
  return data.paid.map(
    (invoice) => html`<tr>
      ${numberCell(invoice, data.onlinePayment.provider)}
      <td>
        ${invoice.payments.map(
          (p) => html`<span class="line">${p.payerName ? `${p.payerName}, ` : ''}${msg(str`le ${formatDate(p.paidAt)}`)}</span>`,
        )}
        <small>${msg(str`Échéance : ${formatDate(invoice.dueDate)}`)}</small>
      </td>
      <td class="amount">${money(invoice.kind === 'credit_note' || !invoice.paidCents ? invoice.totalCents : invoice.paidCents)}</td>
      ${labelCell(invoice)}
      <td>
        ${howSettled(invoice)}
        ${invoice.payments.map(
          (p) => html`<span class="line">${p.methodLabel}</span> ${p.authorisationNumber
              ? html`<small>${msg(str`N° d'autorisation : ${p.authorisationNumber}`)}</small>`
              : nothing}`,
        )}
      </td>
      ${downloadButton(invoice, () => download(invoice))}
    </tr>`,
  );
}

export function statementRows(entries: StatementEntry[]) {
  const amount = (cents: number) => (cents ? money(cents) : '');
  return entries.map(
    (e) => html`<tr>
      <td>${formatDate(e.at)}</td>
      <td>${e.label}</td>
      <td class="amount">${amount(e.debitCents)}</td>
      <td class="amount">${amount(e.creditCents)}</td>
      <td class="amount">${money(e.balanceCents)}</td>
    </tr>`,
  );
}
