import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { discardRun, getRegies, getRun, getRuns, type InvoicingRun, previewRun, publishRun, type Regie, type RunInvoice, type RunRequest, type RunState } from './api/billing.js';
import { staffErrorText } from './base/error-text.js';
import { PortailBillingChangedEvent } from '../events/billing-changed.js';
import { describedBy, fieldError, focusFirstInvalid, textField } from './base/fields.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { previousMonthInParis } from '../base/dates.js';
import { formatDate, formatDateTime, formatMonth, formatPrice } from '../base/format.js';

const STATE_LABELS: Record<RunState, string> = { preview: 'Aperçu', published: 'Publiée', discarded: 'Abandonnée' };

const invoiceCount = (n: number) => `${n} facture${n > 1 ? 's' : ''}`;

/**
 * @summary "Facturation mensuelle": computes the invoices of a régie for a month as a preview
 * (families, lines, previous balance, totals), then publishes them after a confirmation — they
 * get their numbers and can no longer change — or abandons the preview. Lists past runs.
 * Computing and publishing are for admins; agents see the runs.
 * @event portail-billing-changed - Invoices were published.
 */
export class PortailAdminInvoicing extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      .summary {
        margin: 0 0 0.75em;
        font-size: 1.125em;
      }
      tr.lines > td {
        background: #f4f5f7;
      }
    `,
  ];

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;
  /** Bumped when another billing screen changed something shown here (a new régie). */
  @property({ type: Number }) revision = 0;

  @state() private regies: Regie[] = [];
  @state() private runs: InvoicingRun[] = [];
  @state() private regieId = '';
  @state() private month = previousMonthInParis();
  @state() private issueDate = '';
  @state() private dueDate = '';
  @state() private preview?: InvoicingRun;
  @state() private expanded = new Set<string>();
  @state() private confirming = false;
  @state() private fields: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async ([_revision]: readonly [number], { signal }) => {
      [this.regies, this.runs] = await Promise.all([getRegies(signal), getRuns(signal)]);
      if (!this.regies.some((r) => r.id === this.regieId)) this.regieId = this.regies[0]?.id ?? '';
    },
    args: () => [this.revision] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="invoicing-title">
      <h2 id="invoicing-title" tabindex="-1">Facturation mensuelle</h2>
      ${this.canEdit ? '' : html`<p class="hint">Seul un administrateur peut calculer et publier les factures.</p>`}
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement de la facturation…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => html`${this.canEdit ? this.renderRequest() : ''} ${this.preview ? this.renderPreview(this.preview) : ''} ${this.renderRuns()}`,
      })}
    </section>`;
  }

  private renderRequest() {
    if (!this.regies.length) return html`<p>Créez d’abord une régie pour pouvoir facturer.</p>`;
    const f = this.fields;
    return html`<form @submit=${this.compute} novalidate aria-labelledby="run-form-title">
      <h3 id="run-form-title">Calculer les factures d’un mois</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>Régie et période</legend>
        <div class="grid-2">
          <div class="field">
            <label for="run-regie">Régie</label>
            <select id="run-regie" aria-invalid=${f.regieId ? 'true' : 'false'} aria-describedby=${describedBy('run-regie', false, !!f.regieId)}
              @change=${(e: Event) => (this.regieId = (e.target as HTMLSelectElement).value)}>
              ${this.regies.map((r) => html`<option value=${r.id} ?selected=${this.regieId === r.id}>${r.name} (${r.code})</option>`)}
            </select>
          </div>
          ${textField({ id: 'run-month', label: 'Mois facturé', type: 'month', value: this.month, error: f.month, hint: 'Format AAAA-MM, par exemple 2026-09.', onInput: (month) => (this.month = month) })}
          ${textField({ id: 'run-issue-date', label: 'Date de facture (facultatif)', type: 'date', value: this.issueDate, error: f.issueDate, hint: 'Par défaut : aujourd’hui.', onInput: (issueDate) => (this.issueDate = issueDate) })}
          ${textField({ id: 'run-due-date', label: 'Date d’échéance (facultatif)', type: 'date', value: this.dueDate, error: f.dueDate, hint: 'Par défaut : selon le délai de paiement de la régie.', onInput: (dueDate) => (this.dueDate = dueDate) })}
        </div>
        ${fieldError('run-regie', f.regieId)}
      </fieldset>
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>Calculer l’aperçu</button></div>
    </form>`;
  }

  private renderPreview(run: InvoicingRun) {
    const invoices = run.invoices ?? [];
    const published = run.state === 'published';
    return html`<section aria-labelledby="preview-title">
      <h3 id="preview-title" tabindex="-1">${published ? 'Factures publiées' : 'Aperçu'} : ${run.label}</h3>
      <p class="summary" id="preview-summary">${invoiceCount(run.invoiceCount)} pour un total de ${formatPrice(run.totalCents)}</p>
      <p class="hint">Du ${formatDate(run.periodStart)} au ${formatDate(run.periodEnd)} · facture du ${formatDate(run.issueDate)} · échéance le ${formatDate(run.dueDate)}</p>
      ${invoices.length ? this.renderInvoices(run, invoices) : html`<p>Aucune famille n’a de prestation ni de solde à facturer pour cette période.</p>`}
      ${this.canEdit && run.state === 'preview' ? this.renderPreviewActions(run) : ''}
    </section>`;
  }

  private renderInvoices(run: InvoicingRun, invoices: RunInvoice[]) {
    return html`<div class="table-wrap">
      <table>
        <caption>Factures ${run.state === 'preview' ? 'de l’aperçu' : 'publiées'} par famille</caption>
        <thead>
          <tr>
            <th scope="col">N° de famille</th><th scope="col">Famille</th><th scope="col" class="number">Prestations</th>
            <th scope="col" class="number">Solde antérieur</th><th scope="col" class="number">Total</th><th scope="col">Détail</th>
          </tr>
        </thead>
        <tbody>
          ${invoices.map((invoice) => {
            const open = this.expanded.has(invoice.id);
            return html`<tr>
                <td>${invoice.family.number}</td>
                <th scope="row">${invoice.family.name}${invoice.number ? html`<br /><span class="hint">${invoice.number}</span>` : ''}</th>
                <td class="number">${formatPrice(invoice.linesCents)}</td>
                <td class="number">${formatPrice(invoice.previousBalanceCents)}</td>
                <td class="number">${formatPrice(invoice.totalCents)}</td>
                <td>
                  <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`lines-${invoice.id}`}
                    aria-label=${`${open ? 'Masquer' : 'Voir'} les lignes de la facture de ${invoice.family.name}`} @click=${() => this.toggle(invoice.id)}>${open ? 'Masquer' : 'Voir'} les lignes</button>
                </td>
              </tr>
              <tr class="lines" id=${`lines-${invoice.id}`} ?hidden=${!open}>
                <td colspan="6">${open ? this.renderLines(invoice) : ''}</td>
              </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderLines(invoice: RunInvoice) {
    return html`<table>
      <caption>Lignes de la facture de ${invoice.family.name}</caption>
      <thead><tr><th scope="col">Libellé</th><th scope="col" class="number">Quantité</th><th scope="col" class="number">Prix unitaire</th><th scope="col" class="number">Montant</th></tr></thead>
      <tbody>
        ${invoice.lines.map(
          (line) => html`<tr><th scope="row">${line.label}</th><td class="number">${line.quantity}</td><td class="number">${formatPrice(line.unitCents)}</td><td class="number">${formatPrice(line.totalCents)}</td></tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderPreviewActions(run: InvoicingRun) {
    if (this.confirming) {
      return html`<div class="description" role="group" aria-labelledby="publish-warning">
        <p id="publish-warning">Les factures publiées ne peuvent plus être modifiées : une correction se fait par un avoir.
          ${invoiceCount(run.invoiceCount)} vont être numérotées et les familles abonnées prévenues par e-mail.</p>
        <div class="actions">
          <button type="button" class="primary" id="confirm-publish" ?disabled=${this.busy} @click=${() => this.publish(run)}>Confirmer la publication</button>
          <button type="button" ?disabled=${this.busy} @click=${this.cancelPublish}>Ne pas publier</button>
        </div>
      </div>`;
    }
    return html`<div class="actions">
      <button type="button" class="primary" ?disabled=${this.busy} @click=${this.askPublish}>Publier les factures</button>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.discard(run)}>Abandonner l’aperçu</button>
    </div>`;
  }

  private renderRuns() {
    if (!this.runs.length) return html`<p>Aucune facturation n’a encore été calculée.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>Facturations passées</caption>
        <thead>
          <tr>
            <th scope="col">Facturation</th><th scope="col">Régie</th><th scope="col">État</th><th scope="col" class="number">Factures</th>
            <th scope="col" class="number">Total</th><th scope="col">Publiée le</th><th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          ${this.runs.map((run) => {
            const regie = run.regie ?? this.regies.find((r) => r.id === run.regieId);
            return html`<tr>
              <th scope="row">${run.label}</th>
              <td>${regie?.name ?? '–'}</td>
              <td><span class=${run.state === 'published' ? 'badge' : 'badge off'}>${STATE_LABELS[run.state]}</span></td>
              <td class="number">${run.invoiceCount}</td>
              <td class="number">${formatPrice(run.totalCents)}</td>
              <td>${run.publishedAt ? formatDateTime(run.publishedAt) : '–'}</td>
              <td>
                ${run.state === 'discarded'
                  ? ''
                  : html`<button type="button" class="link" aria-label=${`${run.state === 'preview' ? 'Ouvrir l’aperçu' : 'Voir les factures'} : ${run.label}`}
                      ?disabled=${this.busy} @click=${() => this.open(run)}>${run.state === 'preview' ? 'Ouvrir l’aperçu' : 'Voir les factures'}</button>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private toggle(invoiceId: string) {
    const expanded = new Set(this.expanded);
    if (expanded.has(invoiceId)) expanded.delete(invoiceId);
    else expanded.add(invoiceId);
    this.expanded = expanded;
  }

  private toRequest(): RunRequest | null {
    const fields: Record<string, string> = {};
    if (!this.regieId) fields.regieId = 'Choisissez une régie.';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(this.month)) fields.month = 'Indiquez le mois facturé, par exemple 2026-09.';
    if (this.issueDate && !/^\d{4}-\d{2}-\d{2}$/.test(this.issueDate)) fields.issueDate = 'Indiquez une date valide.';
    if (this.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(this.dueDate)) fields.dueDate = 'Indiquez une date valide.';
    if (this.issueDate && this.dueDate && this.dueDate < this.issueDate) fields.dueDate = 'L’échéance ne peut pas précéder la date de facture.';
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { regieId: this.regieId, month: this.month, ...(this.issueDate ? { issueDate: this.issueDate } : {}), ...(this.dueDate ? { dueDate: this.dueDate } : {}) };
  }

  /** The run with its invoices: the creation answer may carry only the totals. */
  private async withInvoices(run: InvoicingRun) {
    return run.invoices ? run : getRun(run.id);
  }

  private async show(run: InvoicingRun) {
    this.preview = run;
    this.expanded = new Set();
    this.confirming = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#preview-title')?.focus();
  }

  private async compute(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.saved = '';
    const request = this.toRequest();
    if (!request) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return focusFirstInvalid(this);
    }
    this.busy = true;
    try {
      const run = await this.withInvoices(await previewRun(request));
      this.runs = await getRuns();
      this.saved = `Aperçu de ${formatMonth(request.month)} calculé : ${invoiceCount(run.invoiceCount)}, ${formatPrice(run.totalCents)}. Rien n’est encore envoyé aux familles.`;
      this.busy = false;
      await this.show(run);
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fields = { ...error.fields };
      this.busy = false;
      await focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  private async open(run: InvoicingRun) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      const full = await getRun(run.id);
      this.busy = false;
      await this.show(full);
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async askPublish() {
    this.confirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#confirm-publish')?.focus();
  }

  private async cancelPublish() {
    this.confirming = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#preview-title')?.focus();
  }

  private async publish(run: InvoicingRun) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      const published = await this.withInvoices(await publishRun(run.id));
      this.runs = await getRuns();
      this.preview = published;
      this.confirming = false;
      this.saved = `${invoiceCount(published.invoiceCount)} publiée${published.invoiceCount > 1 ? 's' : ''} pour ${formatPrice(published.totalCents)} : elles sont numérotées et visibles des familles.`;
      this.dispatchEvent(new PortailBillingChangedEvent('runs'));
      this.busy = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#preview-title')?.focus();
    } catch (error) {
      this.error = staffErrorText(error);
      this.confirming = false;
      if (error instanceof PortailApiError && error.status === 409) {
        this.runs = await getRuns().catch(() => this.runs);
        this.preview = undefined;
      }
    } finally {
      this.busy = false;
    }
  }

  private async discard(run: InvoicingRun) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      await discardRun(run.id);
      this.runs = await getRuns();
      this.preview = undefined;
      this.saved = `Aperçu « ${run.label} » abandonné : aucune facture n’a été émise.`;
      this.busy = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#invoicing-title')?.focus();
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-invoicing': PortailAdminInvoicing;
  }
}
