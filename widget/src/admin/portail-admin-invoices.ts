import { LitElement, css, html } from 'lit';
import { msg } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { PortailApiError } from '../api/errors.js';
import { createCreditNote, type CreditNoteRequest, invoicePdfUrl, type InvoiceStatus, type OfflineMethod, type OfflinePayment, recordPayment, searchInvoices, type StaffInvoice } from './api/billing.js';
import { staffErrorText } from './base/error-text.js';
import { OFFLINE_METHODS, methodLabel } from './payments/payment-labels.js';
import { describedBy, fieldError, focusFirstInvalid, textField } from './base/fields.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { parisToday } from '../base/dates.js';
import { centsToEuros, eurosToCents, formatDate, formatPrice } from '../base/format.js';

const INVOICE_STATUS: Record<InvoiceStatus, () => string> = {
  draft: () => msg('Aperçu'),
  unpaid: () => msg('À payer'),
  paid: () => msg('Payée'),
  carried: () => msg('Reportée'),
  cancelled: () => msg('Annulée'),
};
const invoiceStatusLabel = (status: InvoiceStatus) => INVOICE_STATUS[status]();

const FILTERS: [InvoiceStatus | '', string][] = [
  ['', 'Tous les statuts'],
  ['unpaid', 'À payer'],
  ['paid', 'Payées'],
  ['carried', 'Reportées'],
  ['cancelled', 'Annulées'],
];

interface PaymentDraft {
  method: OfflineMethod;
  amount: string;
  paidOn: string;
  payerName: string;
  note: string;
}

interface CreditDraft {
  reason: string;
  amount: string;
}

type Action = { kind: 'payment'; invoice: StaffInvoice; draft: PaymentDraft } | { kind: 'credit'; invoice: StaffInvoice; draft: CreditDraft };

const invoiceName = (invoice: StaffInvoice) => `${invoice.kind === 'credit_note' ? 'l’avoir' : 'la facture'} ${invoice.number ?? ''} de ${invoice.family.name}`.replace('  ', ' ');

/**
 * @summary "Factures": finds invoices by number or family and status, shows what remains to pay,
 * links each PDF, records a payment made at the town hall (cheque, cash, direct debit; agents
 * too) and, for admins, issues a credit note.
 */
export class PortailAdminInvoices extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      td.actions-cell {
        white-space: nowrap;
      }
      td.actions-cell .actions {
        gap: 0.25em 0.75em;
      }
    `,
  ];

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;
  /** Bumped when another billing screen changed something shown here (a published run). */
  @property({ type: Number }) revision = 0;

  @state() private invoices?: StaffInvoice[];
  @state() private action?: Action;
  @state() private fields: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;
  private filter = { q: '', status: '' };
  private loading?: AbortController;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('revision') && changed.get('revision') !== undefined && this.invoices) void this.load();
  }

  override render() {
    return html`<section class="card" aria-labelledby="invoices-title">
      <h2 id="invoices-title" tabindex="-1">Factures</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      <form class="inline-form" role="search" aria-label="Rechercher des factures" @submit=${this.search} novalidate>
        <div class="field">
          <label for="invoice-query">N° de facture ou famille</label>
          <input id="invoice-query" name="q" type="search" maxlength="80" autocomplete="off" aria-describedby="invoice-query-hint" />
          <p class="hint" id="invoice-query-hint">Numéro (2026-PERI-000123), nom ou numéro de famille. Laissez vide pour tout afficher.</p>
        </div>
        <div class="field">
          <label for="invoice-status">Statut</label>
          <select id="invoice-status" name="status">
            ${FILTERS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>Rechercher</button>
      </form>
      ${this.invoices ? this.renderTable(this.invoices) : ''}
      ${this.action?.kind === 'payment' ? this.renderPaymentForm(this.action.invoice, this.action.draft) : ''}
      ${this.action?.kind === 'credit' ? this.renderCreditForm(this.action.invoice, this.action.draft) : ''}
    </section>`;
  }

  private renderTable(invoices: StaffInvoice[]) {
    if (!invoices.length) return html`<p role="status">Aucune facture ne correspond à cette recherche.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${invoices.length} facture${invoices.length > 1 ? 's' : ''} trouvée${invoices.length > 1 ? 's' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">N°</th><th scope="col">Famille</th><th scope="col">Libellé</th><th scope="col">Échéance</th>
            <th scope="col" class="number">Total</th><th scope="col" class="number">Payé</th><th scope="col" class="number">Reste</th>
            <th scope="col">Statut</th><th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          ${invoices.map((invoice) => {
            const open = invoice.kind === 'invoice' && invoice.status === 'unpaid' && invoice.remainingCents > 0;
            return html`<tr>
              <th scope="row">${invoice.number ?? '–'}${invoice.kind === 'credit_note' ? html`<br /><span class="hint">Avoir</span>` : ''}</th>
              <td>${invoice.family.name}<br /> <span class="hint">n° ${invoice.family.number}</span></td>
              <td>${invoice.label}</td>
              <td>${formatDate(invoice.dueDate)}</td>
              <td class="number">${formatPrice(invoice.totalCents)}</td>
              <td class="number">${formatPrice(invoice.paidCents)}</td>
              <td class="number">${formatPrice(invoice.remainingCents)}</td>
              <td><span class=${open ? 'badge off' : 'badge'}>${invoice.kind === 'credit_note' ? 'Avoir émis' : invoiceStatusLabel(invoice.status)}</span></td>
              <td class="actions-cell">
                <div class="actions">
                  <a href=${invoicePdfUrl(invoice.id)} download aria-label=${`PDF de ${invoiceName(invoice)}`}>PDF</a>
                  ${open
                    ? html`<button type="button" class="link" aria-label=${`Enregistrer un paiement pour ${invoiceName(invoice)}`} ?disabled=${this.busy}
                        @click=${() => this.startPayment(invoice)}>Enregistrer un paiement</button>`
                    : ''}
                  ${this.canEdit && invoice.kind === 'invoice' && invoice.status !== 'cancelled' && invoice.status !== 'draft'
                    ? html`<button type="button" class="link" aria-label=${`Créer un avoir sur ${invoiceName(invoice)}`} ?disabled=${this.busy}
                        @click=${() => this.startCredit(invoice)}>Créer un avoir</button>`
                    : ''}
                </div>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private setPayment(change: Partial<PaymentDraft>) {
    if (this.action?.kind === 'payment') this.action = { ...this.action, draft: { ...this.action.draft, ...change } };
  }

  private setCredit(change: Partial<CreditDraft>) {
    if (this.action?.kind === 'credit') this.action = { ...this.action, draft: { ...this.action.draft, ...change } };
  }

  private renderPaymentForm(invoice: StaffInvoice, d: PaymentDraft) {
    const f = this.fields;
    return html`<form @submit=${this.submitPayment} novalidate aria-labelledby="payment-form-title">
      <h3 id="payment-form-title" tabindex="-1">Enregistrer un paiement – facture ${invoice.number} (${invoice.family.name})</h3>
      <p>Reste à payer : <strong>${formatPrice(invoice.remainingCents)}</strong></p>
      <fieldset ?disabled=${this.busy}>
        <legend>Mode de paiement</legend>
        <div class="checks">
          ${OFFLINE_METHODS.map(
            (value) => html`<label class="check"><input type="radio" name="payment-method" value=${value} .checked=${d.method === value}
              @change=${() => this.setPayment({ method: value })} /> ${methodLabel(value)}</label>`,
          )}
        </div>
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>Paiement</legend>
        <div class="grid-2">
          ${textField({ id: 'payment-amount', label: 'Montant (€)', value: d.amount, error: f.amountCents, hint: 'Par exemple 12,50. Un paiement partiel est possible.', inputmode: 'decimal', onInput: (amount) => this.setPayment({ amount }) })}
          ${textField({ id: 'payment-date', label: 'Date du paiement', type: 'date', value: d.paidOn, error: f.paidOn, onInput: (paidOn) => this.setPayment({ paidOn }) })}
          ${textField({ id: 'payment-payer', label: 'Payeur', value: d.payerName, error: f.payerName, hint: 'Nom de la personne qui paie, par exemple « M. Martin ».', maxlength: 120, onInput: (payerName) => this.setPayment({ payerName }) })}
          ${textField({ id: 'payment-note', label: 'Note (n° de chèque, banque…)', value: d.note, error: f.note, maxlength: 200, onInput: (note) => this.setPayment({ note }) })}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>Enregistrer le paiement</button>
        <button type="button" ?disabled=${this.busy} @click=${this.closeAction}>Annuler</button>
      </div>
    </form>`;
  }

  private renderCreditForm(invoice: StaffInvoice, d: CreditDraft) {
    const f = this.fields;
    return html`<form @submit=${this.submitCredit} novalidate aria-labelledby="credit-form-title">
      <h3 id="credit-form-title" tabindex="-1">Créer un avoir – facture ${invoice.number} (${invoice.family.name})</h3>
      <p class="hint">Un avoir est numéroté et ne peut plus être modifié. Il réduit ce que la famille doit.</p>
      <fieldset ?disabled=${this.busy}>
        <legend>Avoir</legend>
        <div class="field">
          <label for="credit-reason">Motif</label>
          <textarea id="credit-reason" maxlength="200" .value=${d.reason} aria-invalid=${f.reason ? 'true' : 'false'} aria-describedby=${describedBy('credit-reason', false, !!f.reason)}
            @input=${(e: Event) => this.setCredit({ reason: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${fieldError('credit-reason', f.reason)}
        </div>
        ${textField({ id: 'credit-amount', label: 'Montant de l’avoir (€, facultatif)', value: d.amount, error: f.lines, hint: `Laissez vide pour annuler tout le reste à payer (${formatPrice(invoice.remainingCents)}).`, inputmode: 'decimal', onInput: (amount) => this.setCredit({ amount }) })}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>Créer l’avoir</button>
        <button type="button" ?disabled=${this.busy} @click=${this.closeAction}>Annuler</button>
      </div>
    </form>`;
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = { q: String(data.get('q') ?? '').trim(), status: String(data.get('status') ?? '') };
    this.action = undefined;
    this.saved = '';
    await this.load();
  }

  private async load() {
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    this.error = '';
    this.busy = true;
    try {
      this.invoices = await searchInvoices({ q: this.filter.q || undefined, status: this.filter.status || undefined }, loading.signal);
    } catch (error) {
      if (!loading.signal.aborted) this.error = staffErrorText(error);
    } finally {
      if (this.loading === loading) this.busy = false;
    }
  }

  private async open(action: Action) {
    this.action = action;
    this.fields = {};
    this.error = '';
    this.saved = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(action.kind === 'payment' ? '#payment-form-title' : '#credit-form-title')?.focus();
  }

  private startPayment(invoice: StaffInvoice) {
    return this.open({ kind: 'payment', invoice, draft: { method: 'cheque', amount: centsToEuros(invoice.remainingCents), paidOn: parisToday(), payerName: '', note: '' } });
  }

  private startCredit(invoice: StaffInvoice) {
    return this.open({ kind: 'credit', invoice, draft: { reason: '', amount: '' } });
  }

  private closeAction() {
    this.action = undefined;
    this.fields = {};
  }

  private toPayment(invoice: StaffInvoice, d: PaymentDraft): OfflinePayment | null {
    const fields: Record<string, string> = {};
    const amountCents = eurosToCents(d.amount);
    if (amountCents === null || amountCents <= 0) fields.amountCents = 'Indiquez un montant en euros, par exemple 12,50.';
    else if (amountCents > invoice.remainingCents) fields.amountCents = `Le montant dépasse le reste à payer (${formatPrice(invoice.remainingCents)}).`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.paidOn)) fields.paidOn = 'Indiquez la date du paiement.';
    else if (d.paidOn > parisToday()) fields.paidOn = 'La date du paiement ne peut pas être dans le futur.';
    if (!d.payerName.trim()) fields.payerName = 'Indiquez le nom du payeur.';
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    const note = d.note.trim();
    return { method: d.method, amountCents: amountCents!, paidOn: d.paidOn, payerName: d.payerName.trim(), ...(note ? { note } : {}) };
  }

  private toCredit(number: string | null, d: CreditDraft): CreditNoteRequest | null {
    const fields: Record<string, string> = {};
    const reason = d.reason.trim();
    if (!reason) fields.reason = 'Indiquez le motif de l’avoir.';
    const amount = d.amount.trim();
    const amountCents = amount ? eurosToCents(amount) : null;
    if (amount && (amountCents === null || amountCents <= 0)) fields.lines = 'Indiquez un montant en euros, par exemple 4,15, ou laissez vide.';
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return amountCents ? { reason, lines: [{ label: `Avoir sur la facture ${number} – ${reason}`.slice(0, 200), quantity: 1, unitCents: -amountCents }] } : { reason };
  }

  private async submitPayment(event: SubmitEvent) {
    event.preventDefault();
    if (this.action?.kind !== 'payment') return;
    const { invoice } = this.action;
    const payment = this.toPayment(invoice, this.action.draft);
    await this.send(payment, () => recordPayment(invoice.id, payment!), () => `Paiement de ${formatPrice(payment!.amountCents)} enregistré sur la facture ${invoice.number}.`);
  }

  private async submitCredit(event: SubmitEvent) {
    event.preventDefault();
    if (this.action?.kind !== 'credit') return;
    const { invoice } = this.action;
    const credit = this.toCredit(invoice.number, this.action.draft);
    await this.send(credit, () => createCreditNote(invoice.id, credit!), (note) => `Avoir ${note.number} créé sur la facture ${invoice.number}.`);
  }

  private async send<T>(body: unknown, call: () => Promise<T>, done: (answer: T) => string) {
    this.error = '';
    this.saved = '';
    if (!body) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return focusFirstInvalid(this);
    }
    this.busy = true;
    try {
      const answer = await call();
      this.action = undefined;
      this.saved = done(answer);
      await this.load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#invoices-title')?.focus();
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fields = { ...error.fields };
      this.busy = false;
      await focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-invoices': PortailAdminInvoices;
  }
}
