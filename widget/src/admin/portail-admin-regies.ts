import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { createRegie, getRegies, type Regie, type RegieInput, updateRegie } from './api/billing.js';
import { staffErrorText } from './base/error-text.js';
import { PortailBillingChangedEvent } from '../events/billing-changed.js';
import { describedBy, fieldError, focusFirstInvalid, textField } from './base/fields.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';

interface Draft {
  code: string;
  name: string;
  payfipNumcli: string;
  dueDays: string;
  paymentInstructions: string;
}

const emptyDraft = (): Draft => ({ code: '', name: '', payfipNumcli: '', dueDays: '30', paymentInstructions: '' });
const draftOf = (r: Regie): Draft => ({
  code: r.code,
  name: r.name,
  payfipNumcli: r.payfipNumcli ?? '',
  dueDays: String(r.dueDays),
  paymentInstructions: r.paymentInstructions ?? '',
});

/**
 * @summary "Régies": the treasury accounts that invoice and collect (code used in invoice numbers,
 * PayFiP/TIPI client number, payment delay, how to pay printed on the invoice). Admins create
 * and change them; agents read them.
 * @event portail-billing-changed - A régie was created or changed.
 */
export class PortailAdminRegies extends LitElement {
  static override styles = planningStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private regies: Regie[] = [];
  @state() private editing: string | 'new' | null = null;
  @state() private draft: Draft = emptyDraft();
  @state() private fields: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.regies = await getRegies(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="regies-title">
      <h2 id="regies-title" tabindex="-1">Régies</h2>
      ${this.canEdit ? '' : html`<p class="hint">Vous consultez les régies en lecture seule : seul un administrateur peut les modifier.</p>`}
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des régies…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => html`${this.renderTable()}
          ${this.editing ? this.renderForm() : this.canEdit ? html`<div class="actions"><button type="button" @click=${() => this.edit(null)}>Nouvelle régie</button></div>` : ''}`,
      })}
    </section>`;
  }

  private renderTable() {
    if (!this.regies.length) return html`<p>Aucune régie n’est encore créée : créez-en une avant de facturer.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>Régies de la commune</caption>
        <thead>
          <tr>
            <th scope="col">Code</th><th scope="col">Nom</th><th scope="col">N° client PayFiP/TIPI</th><th scope="col" class="number">Délai de paiement</th>
            <th scope="col">Instructions de paiement</th>${this.canEdit ? html`<th scope="col">Action</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${this.regies.map(
            (r) => html`<tr>
              <td><code>${r.code}</code></td>
              <th scope="row">${r.name}</th>
              <td>${r.payfipNumcli ?? 'Celui de la commune'}</td>
              <td class="number">${r.dueDays} jours</td>
              <td>${r.paymentInstructions ?? '–'}</td>
              ${this.canEdit
                ? html`<td><button type="button" class="link" aria-label=${`Modifier la régie ${r.name}`} ?disabled=${this.busy} @click=${() => this.edit(r)}>Modifier</button></td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private get codeLocked() {
    return this.regies.find((r) => r.id === this.editing)?.codeLocked ?? false;
  }

  private change(change: Partial<Draft>) {
    this.draft = { ...this.draft, ...change };
  }

  private renderForm() {
    const d = this.draft;
    const f = this.fields;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="regie-form-title">
      <h3 id="regie-form-title">${this.editing === 'new' ? 'Nouvelle régie' : `Modifier la régie « ${d.name} »`}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>Régie</legend>
        <div class="grid-2">
          ${textField({ id: 'regie-code', label: 'Code', value: d.code, error: f.code, hint: this.codeLocked ? 'Des factures portent déjà ce code dans leur numéro : il ne peut plus changer.' : 'De 1 à 20 lettres majuscules ou chiffres, repris dans le numéro des factures (2026-PERI-000123). Il ne change plus une fois une facture numérotée.', maxlength: 20, disabled: this.codeLocked, onInput: (code) => this.change({ code }) })}
          ${textField({ id: 'regie-name', label: 'Nom', value: d.name, error: f.name, maxlength: 120, onInput: (name) => this.change({ name }) })}
          ${textField({ id: 'regie-numcli', label: 'Numéro client PayFiP/TIPI', value: d.payfipNumcli, error: f.payfipNumcli, hint: '6 chiffres, fournis par la DGFiP. Laisser vide pour utiliser celui de la commune.', inputmode: 'numeric', maxlength: 6, onInput: (payfipNumcli) => this.change({ payfipNumcli }) })}
          ${textField({ id: 'regie-due-days', label: 'Délai de paiement (jours)', value: d.dueDays, error: f.dueDays, hint: 'Nombre de jours entre la date de la facture et sa date d’échéance.', inputmode: 'numeric', maxlength: 3, onInput: (dueDays) => this.change({ dueDays }) })}
        </div>
        <div class="field">
          <label for="regie-instructions">Instructions de paiement imprimées sur la facture</label>
          <p class="hint" id="regie-instructions-hint">Adresse et horaires de la régie, ordre des chèques…</p>
          <textarea id="regie-instructions" maxlength="1000" .value=${d.paymentInstructions} aria-invalid=${f.paymentInstructions ? 'true' : 'false'}
            aria-describedby=${describedBy('regie-instructions', true, !!f.paymentInstructions)}
            @input=${(e: Event) => this.change({ paymentInstructions: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${fieldError('regie-instructions', f.paymentInstructions)}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>Enregistrer la régie</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>Annuler</button>
      </div>
    </form>`;
  }

  private async edit(regie: Regie | null) {
    this.editing = regie ? regie.id : 'new';
    this.draft = regie ? draftOf(regie) : emptyDraft();
    this.fields = {};
    this.error = '';
    this.saved = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(regie ? '#regie-name' : '#regie-code')?.focus();
  }

  private cancel() {
    this.editing = null;
    this.fields = {};
  }

  /** What the browser can check before sending, in French. */
  private toInput(): RegieInput | null {
    const d = this.draft;
    const fields: Record<string, string> = {};
    const code = d.code.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,20}$/.test(code)) fields.code = 'Le code est fait de 1 à 20 lettres majuscules ou chiffres, sans espace.';
    if (!d.name.trim()) fields.name = 'Le nom de la régie est obligatoire.';
    const numcli = d.payfipNumcli.trim();
    if (numcli && !/^\d{6}$/.test(numcli)) fields.payfipNumcli = 'Le numéro client PayFiP/TIPI compte exactement 6 chiffres.';
    const dueDays = d.dueDays.trim();
    if (!/^\d{1,3}$/.test(dueDays) || Number(dueDays) > 365) fields.dueDays = 'Indiquez un nombre de jours entre 0 et 365.';
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { code, name: d.name.trim(), payfipNumcli: numcli || null, dueDays: Number(dueDays), paymentInstructions: d.paymentInstructions.trim() || null };
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.saved = '';
    const input = this.toInput();
    if (!input) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return focusFirstInvalid(this);
    }
    this.busy = true;
    try {
      const { code, ...unlocked } = input;
      const regie = this.editing === 'new' || !this.editing ? await createRegie(input) : await updateRegie(this.editing, this.codeLocked ? unlocked : { code, ...unlocked });
      this.regies = await getRegies();
      this.saved = `Régie « ${regie.name} » enregistrée.`;
      this.editing = null;
      this.dispatchEvent(new PortailBillingChangedEvent('regies'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#regies-title')?.focus();
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
    'portail-admin-regies': PortailAdminRegies;
  }
}
