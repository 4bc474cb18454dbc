import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailBillingChangedEvent } from '../../events/billing-changed.js';
import { createRegie, getRegies, updateRegie, type Regie, type RegieInput } from '../api/billing.js';
import { AdminElement } from '../base/admin-element.js';
import { describedBy, fieldError, textField } from '../base/fields.js';

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
export class PortailAdminRegies extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private regies: Regie[] = [];
  @state() private editing: string | 'new' | null = null;
  @state() private draft: Draft = emptyDraft();

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.regies = await getRegies(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="regies-title">
      <h2 id="regies-title" tabindex="-1">${msg('Régies')}</h2>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Vous consultez les régies en lecture seule : seul un administrateur peut les modifier.')}</p>`}
      ${this.renderMessages()}
      ${this.renderTask(
        this.loadTask,
        msg('Chargement des régies…'),
        () => html`${this.renderTable()}
        ${this.editing
          ? this.renderForm()
          : this.canEdit
            ? html`<div class="actions"><button type="button" @click=${() => this.edit(null)}>${msg('Nouvelle régie')}</button></div>`
            : ''}`,
      )}
    </section>`;
  }

  private renderTable() {
    if (!this.regies.length) return html`<p>${msg('Aucune régie n’est encore créée : créez-en une avant de facturer.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Régies de la commune')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Code')}</th><th scope="col">${msg('Nom')}</th><th scope="col">${msg('N° client PayFiP/TIPI')}</th>
            <th scope="col" class="number">${msg('Délai de paiement')}</th><th scope="col">${msg('Instructions de paiement')}</th>
            ${this.canEdit ? html`<th scope="col">${msg('Action')}</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${this.regies.map(
            (r) => html`<tr>
              <td><code>${r.code}</code></td>
              <th scope="row">${r.name}</th>
              <td>${r.payfipNumcli ?? msg('Celui de la commune')}</td>
              <td class="number">${msg(str`${r.dueDays} jours`)}</td>
              <td>${r.paymentInstructions ?? '–'}</td>
              ${this.canEdit
                ? html`<td><button type="button" class="link" aria-label=${msg(str`Modifier la régie ${r.name}`)} ?disabled=${this.busy} @click=${() => this.edit(r)}>${msg('Modifier')}</button></td>`
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
      <h3 id="regie-form-title">${this.editing === 'new' ? msg('Nouvelle régie') : msg(str`Modifier la régie « ${d.name} »`)}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Régie')}</legend>
        <div class="grid-2">
          ${textField({
            id: 'regie-code',
            label: msg('Code'),
            value: d.code,
            error: f.code,
            hint: this.codeLocked
              ? msg('Des factures portent déjà ce code dans leur numéro : il ne peut plus changer.')
              : msg('De 1 à 20 lettres majuscules ou chiffres, repris dans le numéro des factures (2026-PERI-000123). Il ne change plus une fois une facture numérotée.'),
            maxlength: 20,
            disabled: this.codeLocked,
            onInput: (code) => this.change({ code }),
          })}
          ${textField({ id: 'regie-name', label: msg('Nom'), value: d.name, error: f.name, maxlength: 120, onInput: (name) => this.change({ name }) })}
          ${textField({
            id: 'regie-numcli',
            label: msg('Numéro client PayFiP/TIPI'),
            value: d.payfipNumcli,
            error: f.payfipNumcli,
            hint: msg('6 chiffres, fournis par la DGFiP. Laisser vide pour utiliser celui de la commune.'),
            inputmode: 'numeric',
            maxlength: 6,
            onInput: (payfipNumcli) => this.change({ payfipNumcli }),
          })}
          ${textField({
            id: 'regie-due-days',
            label: msg('Délai de paiement (jours)'),
            value: d.dueDays,
            error: f.dueDays,
            hint: msg('Nombre de jours entre la date de la facture et sa date d’échéance.'),
            inputmode: 'numeric',
            maxlength: 3,
            onInput: (dueDays) => this.change({ dueDays }),
          })}
        </div>
        <div class="field">
          <label for="regie-instructions">${msg('Instructions de paiement imprimées sur la facture')}</label>
          <p class="hint" id="regie-instructions-hint">${msg('Adresse et horaires de la régie, ordre des chèques…')}</p>
          <textarea id="regie-instructions" maxlength="1000" .value=${d.paymentInstructions} aria-invalid=${f.paymentInstructions ? 'true' : 'false'}
            aria-describedby=${describedBy('regie-instructions', true, !!f.paymentInstructions)}
            @input=${(e: Event) => this.change({ paymentInstructions: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${fieldError('regie-instructions', f.paymentInstructions)}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer la régie')}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>${msg('Annuler')}</button>
      </div>
    </form>`;
  }

  private async edit(regie: Regie | null) {
    this.editing = regie ? regie.id : 'new';
    this.draft = regie ? draftOf(regie) : emptyDraft();
    this.fields = {};
    this.error = '';
    this.notice = '';
    await this.focusOn(regie ? '#regie-name' : '#regie-code');
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
    if (!/^[A-Z0-9]{1,20}$/.test(code)) fields.code = msg('Le code est fait de 1 à 20 lettres majuscules ou chiffres, sans espace.');
    if (!d.name.trim()) fields.name = msg('Le nom de la régie est obligatoire.');
    const numcli = d.payfipNumcli.trim();
    if (numcli && !/^\d{6}$/.test(numcli)) fields.payfipNumcli = msg('Le numéro client PayFiP/TIPI compte exactement 6 chiffres.');
    const dueDays = d.dueDays.trim();
    if (!/^\d{1,3}$/.test(dueDays) || Number(dueDays) > 365) fields.dueDays = msg('Indiquez un nombre de jours entre 0 et 365.');
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { code, name: d.name.trim(), payfipNumcli: numcli || null, dueDays: Number(dueDays), paymentInstructions: d.paymentInstructions.trim() || null };
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    return this.submitChecked(this.toInput(), async (input) => {
      const { code, ...unlocked } = input;
      const regie = this.editing === 'new' || !this.editing ? await createRegie(input) : await updateRegie(this.editing, this.codeLocked ? unlocked : { code, ...unlocked });
      this.regies = await getRegies();
      this.notice = msg(str`Régie « ${regie.name} » enregistrée.`);
      this.editing = null;
      this.dispatchEvent(new PortailBillingChangedEvent('regies'));
      await this.focusOn('#regies-title');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-regies': PortailAdminRegies;
  }
}
