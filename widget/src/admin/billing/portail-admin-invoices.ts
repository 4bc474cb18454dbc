import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { parisToday } from '../../base/dates.js';
import { centsToEuros, eurosToCents, formatDate, formatPrice } from '../../base/format.js';
import {
  createCreditNote,
  invoicePdfUrl,
  recordPayment,
  searchInvoices,
  type CreditNoteRequest,
  type InvoiceStatus,
  type OfflineMethod,
  type OfflinePayment,
  type StaffInvoice,
} from '../api/billing.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { describedBy, fieldError, textField } from '../base/fields.js';
import { OFFLINE_METHODS, methodLabel } from '../payments/payment-labels.js';
import { portailAdminInvoicesStyles } from './portail-admin-invoices.styles.js';

const INVOICE_STATUS: Record<InvoiceStatus, () => string> = {
  draft: () => msg('Aperçu'),
  unpaid: () => msg('À payer'),
  paid: () => msg('Payée'),
  carried: () => msg('Reportée'),
  cancelled: () => msg('Annulée'),
};

/** The statuses staff search by, "all" first. */
const FILTERS: Record<Exclude<InvoiceStatus, 'draft'> | '', () => string> = {
  '': () => msg('Tous les statuts'),
  unpaid: () => msg('À payer'),
  paid: () => msg('Payées'),
  carried: () => msg('Reportées'),
  cancelled: () => msg('Annulées'),
};

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

/** "la facture 2026-PERI-000123 de Famille Martin", "l’avoir … de …" */
const invoiceName = (invoice: StaffInvoice) => {
  const name = invoice.kind === 'credit_note' ? msg(str`l’avoir ${invoice.number ?? ''} de ${invoice.family.name}`) : msg(str`la facture ${invoice.number ?? ''} de ${invoice.family.name}`);
  return name.replace('  ', ' ');
};

/**
 * @summary "Factures": finds invoices by number or family and status, shows what remains to pay,
 * links each PDF, records a payment made at the town hall (cheque, cash, direct debit; agents
 * too) and, for admins, issues a credit note.
 */
export class PortailAdminInvoices extends AdminElement {
  static override styles = [adminStyles, portailAdminInvoicesStyles];

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;
  /** Bumped when another billing screen changed something shown here (a published run). */
  @property({ type: Number }) revision = 0;

  @state() private invoices?: StaffInvoice[];
  @state() private action?: Action;
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
      <h2 id="invoices-title" tabindex="-1">${msg('Factures')}</h2>
      ${this.renderMessages()}
      <form class="inline-form" role="search" aria-label=${msg('Rechercher des factures')} @submit=${this.search} novalidate>
        <div class="field">
          <label for="invoice-query">${msg('N° de facture ou famille')}</label>
          <input id="invoice-query" name="q" type="search" maxlength="80" autocomplete="off" aria-describedby="invoice-query-hint" />
          <p class="hint" id="invoice-query-hint">${msg('Numéro (2026-PERI-000123), nom ou numéro de famille. Laissez vide pour tout afficher.')}</p>
        </div>
        <div class="field">
          <label for="invoice-status">${msg('Statut')}</label>
          <select id="invoice-status" name="status">
            ${Object.entries(FILTERS).map(([value, label]) => html`<option value=${value}>${label()}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Rechercher')}</button>
      </form>
      ${this.invoices ? this.renderTable(this.invoices) : ''}
      ${this.action?.kind === 'payment' ? this.renderPaymentForm(this.action.invoice, this.action.draft) : ''}
      ${this.action?.kind === 'credit' ? this.renderCreditForm(this.action.invoice, this.action.draft) : ''}
    </section>`;
  }

  private renderTable(invoices: StaffInvoice[]) {
    if (!invoices.length) return html`<p role="status">${msg('Aucune facture ne correspond à cette recherche.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${invoices.length > 1 ? msg(str`${invoices.length} factures trouvées`) : msg(str`${invoices.length} facture trouvée`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('N°')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('Libellé')}</th><th scope="col">${msg('Échéance')}</th>
            <th scope="col" class="number">${msg('Total')}</th><th scope="col" class="number">${msg('Payé')}</th><th scope="col" class="number">${msg('Reste')}</th>
            <th scope="col">${msg('Statut')}</th><th scope="col">${msg('Actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${invoices.map((invoice) => this.renderRow(invoice))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(invoice: StaffInvoice) {
    const open = invoice.kind === 'invoice' && invoice.status === 'unpaid' && invoice.remainingCents > 0;
    const creditable = this.canEdit && invoice.kind === 'invoice' && invoice.status !== 'cancelled' && invoice.status !== 'draft';
    const name = invoiceName(invoice);
    return html`<tr>
      <th scope="row">${invoice.number ?? '–'}${invoice.kind === 'credit_note' ? html`<br /><span class="hint">${msg('Avoir')}</span>` : ''}</th>
      <td>${invoice.family.name}<br /> <span class="hint">${msg(str`n° ${invoice.family.number}`)}</span></td>
      <td>${invoice.label}</td>
      <td>${formatDate(invoice.dueDate)}</td>
      <td class="number">${formatPrice(invoice.totalCents)}</td>
      <td class="number">${formatPrice(invoice.paidCents)}</td>
      <td class="number">${formatPrice(invoice.remainingCents)}</td>
      <td><span class=${open ? 'badge off' : 'badge'}>${invoice.kind === 'credit_note' ? msg('Avoir émis') : INVOICE_STATUS[invoice.status]()}</span></td>
      <td class="actions-cell">
        <div class="actions">
          <a href=${invoicePdfUrl(invoice.id)} download aria-label=${msg(str`PDF de ${name}`)}>PDF</a>
          ${open
            ? html`<button type="button" class="link" aria-label=${msg(str`Enregistrer un paiement pour ${name}`)} ?disabled=${this.busy} @click=${() => this.startPayment(invoice)}>
                ${msg('Enregistrer un paiement')}
              </button>`
            : ''}
          ${creditable
            ? html`<button type="button" class="link" aria-label=${msg(str`Créer un avoir sur ${name}`)} ?disabled=${this.busy} @click=${() => this.startCredit(invoice)}>
                ${msg('Créer un avoir')}
              </button>`
            : ''}
        </div>
      </td>
    </tr>`;
  }

  private setPayment(change: Partial<PaymentDraft>) {
    if (this.action?.kind === 'payment') this.action = { ...this.action, draft: { ...this.action.draft, ...change } };
  }

  private setCredit(change: Partial<CreditDraft>) {
    if (this.action?.kind === 'credit') this.action = { ...this.action, draft: { ...this.action.draft, ...change } };
  }

  /** The buttons under an action form. */
  private renderFormActions(submit: string) {
    return html`<div class="actions">
      <button type="submit" class="primary" ?disabled=${this.busy}>${submit}</button>
      <button type="button" ?disabled=${this.busy} @click=${this.closeAction}>${msg('Annuler')}</button>
    </div>`;
  }

  private renderPaymentForm(invoice: StaffInvoice, d: PaymentDraft) {
    const f = this.fields;
    return html`<form @submit=${this.submitPayment} novalidate aria-labelledby="payment-form-title">
      <h3 id="payment-form-title" tabindex="-1">${msg(str`Enregistrer un paiement – facture ${invoice.number} (${invoice.family.name})`)}</h3>
      <p>${msg('Reste à payer :')} <strong>${formatPrice(invoice.remainingCents)}</strong></p>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Mode de paiement')}</legend>
        <div class="checks">
          ${OFFLINE_METHODS.map(
            (value) => html`<label class="check"><input type="radio" name="payment-method" value=${value} .checked=${d.method === value}
              @change=${() => this.setPayment({ method: value })} /> ${methodLabel(value)}</label>`,
          )}
        </div>
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Paiement')}</legend>
        <div class="grid-2">
          ${textField({
            id: 'payment-amount',
            label: msg('Montant (€)'),
            value: d.amount,
            error: f.amountCents,
            hint: msg('Par exemple 12,50. Un paiement partiel est possible.'),
            inputmode: 'decimal',
            onInput: (amount) => this.setPayment({ amount }),
          })}
          ${textField({ id: 'payment-date', label: msg('Date du paiement'), type: 'date', value: d.paidOn, error: f.paidOn, onInput: (paidOn) => this.setPayment({ paidOn }) })}
          ${textField({
            id: 'payment-payer',
            label: msg('Payeur'),
            value: d.payerName,
            error: f.payerName,
            hint: msg('Nom de la personne qui paie, par exemple « M. Martin ».'),
            maxlength: 120,
            onInput: (payerName) => this.setPayment({ payerName }),
          })}
          ${textField({ id: 'payment-note', label: msg('Note (n° de chèque, banque…)'), value: d.note, error: f.note, maxlength: 200, onInput: (note) => this.setPayment({ note }) })}
        </div>
      </fieldset>
      ${this.renderFormActions(msg('Enregistrer le paiement'))}
    </form>`;
  }

  private renderCreditForm(invoice: StaffInvoice, d: CreditDraft) {
    const f = this.fields;
    return html`<form @submit=${this.submitCredit} novalidate aria-labelledby="credit-form-title">
      <h3 id="credit-form-title" tabindex="-1">${msg(str`Créer un avoir – facture ${invoice.number} (${invoice.family.name})`)}</h3>
      <p class="hint">${msg('Un avoir est numéroté et ne peut plus être modifié. Il réduit ce que la famille doit.')}</p>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Avoir')}</legend>
        <div class="field">
          <label for="credit-reason">${msg('Motif')}</label>
          <textarea id="credit-reason" maxlength="200" .value=${d.reason} aria-invalid=${f.reason ? 'true' : 'false'} aria-describedby=${describedBy('credit-reason', false, !!f.reason)}
            @input=${(e: Event) => this.setCredit({ reason: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${fieldError('credit-reason', f.reason)}
        </div>
        ${textField({
          id: 'credit-amount',
          label: msg('Montant de l’avoir (€, facultatif)'),
          value: d.amount,
          error: f.lines,
          hint: msg(str`Laissez vide pour annuler tout le reste à payer (${formatPrice(invoice.remainingCents)}).`),
          inputmode: 'decimal',
          onInput: (amount) => this.setCredit({ amount }),
        })}
      </fieldset>
      ${this.renderFormActions(msg('Créer l’avoir'))}
    </form>`;
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = { q: String(data.get('q') ?? '').trim(), status: String(data.get('status') ?? '') };
    this.action = undefined;
    this.notice = '';
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
    this.notice = '';
    await this.focusOn(action.kind === 'payment' ? '#payment-form-title' : '#credit-form-title');
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
    if (amountCents === null || amountCents <= 0) fields.amountCents = msg('Indiquez un montant en euros, par exemple 12,50.');
    else if (amountCents > invoice.remainingCents) fields.amountCents = msg(str`Le montant dépasse le reste à payer (${formatPrice(invoice.remainingCents)}).`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.paidOn)) fields.paidOn = msg('Indiquez la date du paiement.');
    else if (d.paidOn > parisToday()) fields.paidOn = msg('La date du paiement ne peut pas être dans le futur.');
    if (!d.payerName.trim()) fields.payerName = msg('Indiquez le nom du payeur.');
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    const note = d.note.trim();
    return { method: d.method, amountCents: amountCents!, paidOn: d.paidOn, payerName: d.payerName.trim(), ...(note ? { note } : {}) };
  }

  private toCredit(number: string | null, d: CreditDraft): CreditNoteRequest | null {
    const fields: Record<string, string> = {};
    const reason = d.reason.trim();
    if (!reason) fields.reason = msg('Indiquez le motif de l’avoir.');
    const amount = d.amount.trim();
    const amountCents = amount ? eurosToCents(amount) : null;
    if (amount && (amountCents === null || amountCents <= 0)) fields.lines = msg('Indiquez un montant en euros, par exemple 4,15, ou laissez vide.');
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    const label = msg(str`Avoir sur la facture ${number} – ${reason}`).slice(0, 200);
    return amountCents ? { reason, lines: [{ label, quantity: 1, unitCents: -amountCents }] } : { reason };
  }

  private submitPayment(event: SubmitEvent) {
    event.preventDefault();
    if (this.action?.kind !== 'payment') return;
    const { invoice } = this.action;
    return this.save(this.toPayment(invoice, this.action.draft), async (payment) => {
      await recordPayment(invoice.id, payment);
      return msg(str`Paiement de ${formatPrice(payment.amountCents)} enregistré sur la facture ${invoice.number}.`);
    });
  }

  private submitCredit(event: SubmitEvent) {
    event.preventDefault();
    if (this.action?.kind !== 'credit') return;
    const { invoice } = this.action;
    return this.save(this.toCredit(invoice.number, this.action.draft), async (credit) => {
      const note = await createCreditNote(invoice.id, credit);
      return msg(str`Avoir ${note.number} créé sur la facture ${invoice.number}.`);
    });
  }

  /** Sends a checked action form; once through, the form closes and the search shows the new amounts. */
  private save<T>(body: T | null, send: (body: T) => Promise<string>) {
    return this.submitChecked(body, async (checked) => {
      const done = await send(checked);
      this.action = undefined;
      this.notice = done;
      await this.load();
      await this.focusOn('#invoices-title');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-invoices': PortailAdminInvoices;
  }
}
