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

/**
 * A table that never scrolls sideways: in a narrow element each row becomes a card, each cell
 * preceded by its column name (styles). The ARIA roles keep it a table for screen readers once
 * its parts are laid out as blocks.
 */
export function table(id: string, caption: string, head: string[], rows: TemplateResult[]) {
  return html`<table part="table" role="table" aria-labelledby="${id}-caption">
    <caption id="${id}-caption">${caption}</caption>
    <thead role="rowgroup">
      <tr role="row">
        ${head.map((h) => html`<th scope="col" role="columnheader">${h}</th>`)}
      </tr>
    </thead>
    <tbody role="rowgroup">
      ${rows}
    </tbody>
  </table>`;
}

/** A cell; `label` is its column name, shown before the content when the row is a card. */
export function cell(label: string, content: unknown, cls?: string) {
  return html`<td role="cell" class=${cls || nothing} data-label=${label}>${content}</td>`;
}

/** The invoice number, with the debt reference PayFiP and TIPI ask for when the town uses them. */
export function numberCell(label: string, invoice: InvoiceSummary, provider: Invoices['onlinePayment']['provider']) {
  const name = provider === 'payfip' ? 'PayFiP' : provider === 'tipi' ? 'TIPI' : '';
  return html`<th scope="row" role="rowheader" data-label=${label}>
    ${invoice.number}
    ${name ? html`<small>${msg(str`Référence ${name} : ${invoice.refdet}`)}</small>` : nothing}
  </th>`;
}

/** The régie's name, unless the invoice is already named after it ("Régie périscolaire – novembre 2026"). */
export const regieOf = (invoice: Pick<InvoiceSummary, 'label' | 'regie'>): string | null =>
  invoice.label.toLocaleLowerCase().includes(invoice.regie.name.toLocaleLowerCase()) ? null : invoice.regie.name;

export function labelCell(label: string, invoice: InvoiceSummary) {
  const regie = regieOf(invoice);
  return cell(label, html`${invoice.label}${regie ? html` <small>${regie}</small>` : nothing}`);
}

export function downloadButton(label: string, invoice: InvoiceSummary, onClick: () => void) {
  return cell(
    label,
    html`<button part="button" type="button" class="link" @click=${onClick}>
      <span>${msg('Télécharger la facture')}<span class="visually-hidden"> ${invoice.number}</span> (PDF)</span>
    </button>`,
  );
}

function howSettled(invoice: InvoiceSummary) {
  if (invoice.kind === 'credit_note') return msg('Avoir');
  if (invoice.status === 'cancelled') return msg('Annulée');
  return '';
}

/** What the paid-invoice tables do besides showing: the invoice PDF, a payment's attestation. */
export interface PaidActions {
  download(invoice: InvoiceSummary): void;
  attestation(paymentId: string, invoiceNumber: string): void;
}

/** "Mes factures déjà payées": who paid, when and how, as in the towns' former portals. */
export function paidTable(data: Invoices, invoices: InvoiceSummary[], actions: PaidActions) {
  const head = [msg('N° facture'), msg('Réglé par'), msg('Montant réglé'), msg('Libellé / Régie'), msg('Mode de paiement'), msg('Facture')];
  const [number, by, amount, what, how, pdf] = head;
  const rows = invoices.map(
    (invoice) => html`<tr role="row">
      ${numberCell(number, invoice, data.onlinePayment.provider)}
      ${cell(
        by,
        html`${invoice.payments.map(
            (p) => html`<span class="line">${p.payerName ? `${p.payerName}, ` : ''}${msg(str`le ${formatDate(p.paidAt)}`)}</span>`,
          )}
          <small>${msg(str`Échéance : ${formatDate(invoice.dueDate)}`)}</small>`,
      )}
      ${cell(amount, money(invoice.kind === 'credit_note' || !invoice.paidCents ? invoice.totalCents : invoice.paidCents), 'amount')}
      ${labelCell(what, invoice)}
      ${cell(
        how,
        html`${howSettled(invoice)}
        ${invoice.payments.map(
          (p) => html`<span class="line">${p.methodLabel}</span> ${p.authorisationNumber
              ? html`<small>${msg(str`N° d’autorisation : ${p.authorisationNumber}`)}</small>`
              : nothing}
            ${p.attestation
              ? html`<button part="button" type="button" class="link" @click=${() => actions.attestation(p.id, invoice.number)}>
                  <span>${msg('Attestation de paiement')}<span class="visually-hidden"> ${msg(str`de la facture ${invoice.number}`)}</span> (PDF)</span>
                </button>`
              : nothing}`,
        )}`,
      )}
      ${downloadButton(pdf, invoice, () => actions.download(invoice))}
    </tr>`,
  );
  return table('paid', msg('Factures réglées'), head, rows);
}

/**
 * Invoices whose unpaid balance moved to a later invoice: nothing was paid on them, the later
 * invoice's "solde antérieur" carries the amount, and that is the one to pay.
 */
export function carriedTable(data: Invoices, invoices: InvoiceSummary[], download: (invoice: InvoiceSummary) => void) {
  const head = [msg('N° facture'), msg('Reportée sur'), msg('Montant reporté'), msg('Libellé / Régie'), msg('Facture')];
  const [number, to, amount, what, pdf] = head;
  const rows = invoices.map(
    (invoice) => html`<tr role="row">
      ${numberCell(number, invoice, data.onlinePayment.provider)}
      ${cell(to, invoice.carriedTo ? msg(str`Reportée sur la facture n° ${invoice.carriedTo}`) : msg('Reportée sur la facture suivante'))}
      ${cell(amount, money(invoice.totalCents - invoice.paidCents), 'amount')}
      ${labelCell(what, invoice)}
      ${downloadButton(pdf, invoice, () => download(invoice))}
    </tr>`,
  );
  return table('carried', msg('Factures reportées'), head, rows);
}

export function statementTable(entries: StatementEntry[]) {
  const head = [msg('Date'), msg('Libellé'), msg('Débit'), msg('Crédit'), msg('Solde')];
  const [date, what, debit, credit, balance] = head;
  // An empty debit or credit stays in the table but is not drawn as a line of the card.
  const amount = (label: string, cents: number) => cell(label, cents ? money(cents) : '', cents ? 'amount' : 'amount empty');
  const rows = entries.map(
    (e) => html`<tr role="row">
      ${cell(date, formatDate(e.at))} ${cell(what, e.label)} ${amount(debit, e.debitCents)} ${amount(credit, e.creditCents)}
      ${cell(balance, money(e.balanceCents), 'amount')}
    </tr>`,
  );
  return table('statement', msg('Opérations de votre compte'), head, rows);
}
