import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { previousMonthInParis } from '../../base/dates.js';
import { formatDate, formatDateTime, formatMonth, formatPrice } from '../../base/format.js';
import { PortailBillingChangedEvent } from '../../events/billing-changed.js';
import { discardRun, getRegies, getRun, getRuns, previewRun, publishRun, type InvoicingRun, type Regie, type RunInvoice, type RunRequest, type RunState } from '../api/billing.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { describedBy, fieldError, textField } from '../base/fields.js';
import { portailAdminInvoicingStyles } from './portail-admin-invoicing.styles.js';

const STATE_LABELS: Record<RunState, () => string> = { preview: () => msg('Aperçu'), published: () => msg('Publiée'), discarded: () => msg('Abandonnée') };

const invoiceCount = (n: number) => (n > 1 ? msg(str`${n} factures`) : msg(str`${n} facture`));

/**
 * @summary "Facturation mensuelle": computes the invoices of a régie for a month as a preview
 * (families, lines, previous balance, totals), then publishes them after a confirmation — they
 * get their numbers and can no longer change — or abandons the preview. Lists past runs.
 * Computing and publishing are for admins; agents see the runs.
 * @event portail-billing-changed - Invoices were published.
 */
export class PortailAdminInvoicing extends AdminElement {
  static override styles = [adminStyles, portailAdminInvoicingStyles];

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

  private readonly loadTask = new Task(this, {
    task: async ([_revision]: readonly [number], { signal }) => {
      [this.regies, this.runs] = await Promise.all([getRegies(signal), getRuns(signal)]);
      if (!this.regies.some((r) => r.id === this.regieId)) this.regieId = this.regies[0]?.id ?? '';
    },
    args: () => [this.revision] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="invoicing-title">
      <h2 id="invoicing-title" tabindex="-1">${msg('Facturation mensuelle')}</h2>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Seul un administrateur peut calculer et publier les factures.')}</p>`}
      ${this.renderMessages()}
      ${this.renderTask(
        this.loadTask,
        msg('Chargement de la facturation…'),
        () => html`${this.canEdit ? this.renderRequest() : ''} ${this.preview ? this.renderPreview(this.preview) : ''} ${this.renderRuns()}`,
      )}
    </section>`;
  }

  private renderRequest() {
    if (!this.regies.length) return html`<p>${msg('Créez d’abord une régie pour pouvoir facturer.')}</p>`;
    const f = this.fields;
    return html`<form @submit=${this.compute} novalidate aria-labelledby="run-form-title">
      <h3 id="run-form-title">${msg('Calculer les factures d’un mois')}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Régie et période')}</legend>
        <div class="grid-2">
          <div class="field">
            <label for="run-regie">${msg('Régie')}</label>
            <select id="run-regie" aria-invalid=${f.regieId ? 'true' : 'false'} aria-describedby=${describedBy('run-regie', false, !!f.regieId)}
              @change=${(e: Event) => (this.regieId = (e.target as HTMLSelectElement).value)}>
              ${this.regies.map((r) => html`<option value=${r.id} ?selected=${this.regieId === r.id}>${r.name} (${r.code})</option>`)}
            </select>
          </div>
          ${textField({ id: 'run-month', label: msg('Mois facturé'), type: 'month', value: this.month, error: f.month, hint: msg('Format AAAA-MM, par exemple 2026-09.'), onInput: (month) => (this.month = month) })}
          ${textField({ id: 'run-issue-date', label: msg('Date de facture (facultatif)'), type: 'date', value: this.issueDate, error: f.issueDate, hint: msg('Par défaut : aujourd’hui.'), onInput: (issueDate) => (this.issueDate = issueDate) })}
          ${textField({
            id: 'run-due-date',
            label: msg('Date d’échéance (facultatif)'),
            type: 'date',
            value: this.dueDate,
            error: f.dueDate,
            hint: msg('Par défaut : selon le délai de paiement de la régie.'),
            onInput: (dueDate) => (this.dueDate = dueDate),
          })}
        </div>
        ${fieldError('run-regie', f.regieId)}
      </fieldset>
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${msg('Calculer l’aperçu')}</button></div>
    </form>`;
  }

  private renderPreview(run: InvoicingRun) {
    const invoices = run.invoices ?? [];
    return html`<section aria-labelledby="preview-title">
      <h3 id="preview-title" tabindex="-1">${run.state === 'published' ? msg(str`Factures publiées : ${run.label}`) : msg(str`Aperçu : ${run.label}`)}</h3>
      <p class="summary" id="preview-summary">${msg(str`${invoiceCount(run.invoiceCount)} pour un total de ${formatPrice(run.totalCents)}`)}</p>
      <p class="hint">
        ${msg(str`Du ${formatDate(run.periodStart)} au ${formatDate(run.periodEnd)} · facture du ${formatDate(run.issueDate)} · échéance le ${formatDate(run.dueDate)}`)}
      </p>
      ${invoices.length ? this.renderInvoices(run, invoices) : html`<p>${msg('Aucune famille n’a de prestation ni de solde à facturer pour cette période.')}</p>`}
      ${this.canEdit && run.state === 'preview' ? this.renderPreviewActions(run) : ''}
    </section>`;
  }

  private renderInvoices(run: InvoicingRun, invoices: RunInvoice[]) {
    return html`<div class="table-wrap">
      <table>
        <caption>${run.state === 'preview' ? msg('Factures de l’aperçu par famille') : msg('Factures publiées par famille')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('N° de famille')}</th><th scope="col">${msg('Famille')}</th><th scope="col" class="number">${msg('Prestations')}</th>
            <th scope="col" class="number">${msg('Solde antérieur')}</th><th scope="col" class="number">${msg('Total')}</th><th scope="col">${msg('Détail')}</th>
          </tr>
        </thead>
        <tbody>
          ${invoices.map((invoice) => {
            const open = this.expanded.has(invoice.id);
            const family = invoice.family.name;
            return html`<tr>
                <td>${invoice.family.number}</td>
                <th scope="row">${family}${invoice.number ? html`<br /><span class="hint">${invoice.number}</span>` : ''}</th>
                <td class="number">${formatPrice(invoice.linesCents)}</td>
                <td class="number">${formatPrice(invoice.previousBalanceCents)}</td>
                <td class="number">${formatPrice(invoice.totalCents)}</td>
                <td>
                  <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`lines-${invoice.id}`}
                    aria-label=${open ? msg(str`Masquer les lignes de la facture de ${family}`) : msg(str`Voir les lignes de la facture de ${family}`)}
                    @click=${() => this.toggle(invoice.id)}>${open ? msg('Masquer les lignes') : msg('Voir les lignes')}</button>
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
      <caption>${msg(str`Lignes de la facture de ${invoice.family.name}`)}</caption>
      <thead>
        <tr>
          <th scope="col">${msg('Libellé')}</th><th scope="col" class="number">${msg('Quantité')}</th>
          <th scope="col" class="number">${msg('Prix unitaire')}</th><th scope="col" class="number">${msg('Montant')}</th>
        </tr>
      </thead>
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
        <p id="publish-warning">
          ${msg(str`Les factures publiées ne peuvent plus être modifiées : une correction se fait par un avoir. ${invoiceCount(run.invoiceCount)} vont être numérotées et les familles abonnées prévenues par e-mail.`)}
        </p>
        <div class="actions">
          <button type="button" class="primary" id="confirm-publish" ?disabled=${this.busy} @click=${() => this.publish(run)}>${msg('Confirmer la publication')}</button>
          <button type="button" ?disabled=${this.busy} @click=${this.cancelPublish}>${msg('Ne pas publier')}</button>
        </div>
      </div>`;
    }
    return html`<div class="actions">
      <button type="button" class="primary" ?disabled=${this.busy} @click=${this.askPublish}>${msg('Publier les factures')}</button>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.discard(run)}>${msg('Abandonner l’aperçu')}</button>
    </div>`;
  }

  private renderRuns() {
    if (!this.runs.length) return html`<p>${msg('Aucune facturation n’a encore été calculée.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Facturations passées')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Facturation')}</th><th scope="col">${msg('Régie')}</th><th scope="col">${msg('État')}</th><th scope="col" class="number">${msg('Factures')}</th>
            <th scope="col" class="number">${msg('Total')}</th><th scope="col">${msg('Publiée le')}</th><th scope="col">${msg('Action')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.runs.map((run) => {
            const regie = run.regie ?? this.regies.find((r) => r.id === run.regieId);
            const action = run.state === 'preview' ? msg('Ouvrir l’aperçu') : msg('Voir les factures');
            return html`<tr>
              <th scope="row">${run.label}</th>
              <td>${regie?.name ?? '–'}</td>
              <td><span class=${run.state === 'published' ? 'badge' : 'badge off'}>${STATE_LABELS[run.state]()}</span></td>
              <td class="number">${run.invoiceCount}</td>
              <td class="number">${formatPrice(run.totalCents)}</td>
              <td>${run.publishedAt ? formatDateTime(run.publishedAt) : '–'}</td>
              <td>
                ${run.state === 'discarded'
                  ? ''
                  : html`<button type="button" class="link" aria-label=${`${action} : ${run.label}`} ?disabled=${this.busy} @click=${() => this.open(run)}>${action}</button>`}
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
    if (!this.regieId) fields.regieId = msg('Choisissez une régie.');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(this.month)) fields.month = msg('Indiquez le mois facturé, par exemple 2026-09.');
    if (this.issueDate && !/^\d{4}-\d{2}-\d{2}$/.test(this.issueDate)) fields.issueDate = msg('Indiquez une date valide.');
    if (this.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(this.dueDate)) fields.dueDate = msg('Indiquez une date valide.');
    if (this.issueDate && this.dueDate && this.dueDate < this.issueDate) fields.dueDate = msg('L’échéance ne peut pas précéder la date de facture.');
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
    await this.focusOn('#preview-title');
  }

  private compute(event: SubmitEvent) {
    event.preventDefault();
    return this.submitChecked(this.toRequest(), async (request) => {
      const run = await this.withInvoices(await previewRun(request));
      this.runs = await getRuns();
      this.notice = msg(
        str`Aperçu de ${formatMonth(request.month)} calculé : ${invoiceCount(run.invoiceCount)}, ${formatPrice(run.totalCents)}. Rien n’est encore envoyé aux familles.`,
      );
      this.busy = false;
      await this.show(run);
    });
  }

  private async open(run: InvoicingRun) {
    let full: InvoicingRun | undefined;
    await this.run(async () => {
      full = await getRun(run.id);
    });
    if (full) await this.show(full);
  }

  private async askPublish() {
    this.confirming = true;
    await this.focusOn('#confirm-publish');
  }

  private async cancelPublish() {
    this.confirming = false;
    await this.focusOn('#preview-title');
  }

  private async publish(run: InvoicingRun) {
    let published: InvoicingRun | undefined;
    await this.run(
      async () => {
        try {
          published = await this.withInvoices(await publishRun(run.id));
        } catch (error) {
          this.confirming = false;
          // Published or discarded meanwhile: the list says what became of it.
          if (error instanceof PortailApiError && error.status === 409) {
            this.runs = await getRuns().catch(() => this.runs);
            this.preview = undefined;
          }
          throw error;
        }
        this.runs = await getRuns();
        this.preview = published;
        this.confirming = false;
        this.dispatchEvent(new PortailBillingChangedEvent('runs'));
      },
      () =>
        published!.invoiceCount > 1
          ? msg(str`${invoiceCount(published!.invoiceCount)} publiées pour ${formatPrice(published!.totalCents)} : elles sont numérotées et visibles des familles.`)
          : msg(str`${invoiceCount(published!.invoiceCount)} publiée pour ${formatPrice(published!.totalCents)} : elles sont numérotées et visibles des familles.`),
    );
    if (published) await this.focusOn('#preview-title');
  }

  private async discard(run: InvoicingRun) {
    const done = await this.run(async () => {
      await discardRun(run.id);
      this.runs = await getRuns();
      this.preview = undefined;
    }, msg(str`Aperçu « ${run.label} » abandonné : aucune facture n’a été émise.`));
    if (done) await this.focusOn('#invoicing-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-invoicing': PortailAdminInvoicing;
  }
}
