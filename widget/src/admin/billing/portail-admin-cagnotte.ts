import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { eurosToCents, formatDateTime, formatPrice } from '../../base/format.js';
import { correctCagnotte, getCagnotteBalances, getFamilyCagnotte, type CagnotteBalance, type CagnotteCorrection, type FamilyCagnotte } from '../api/cagnotte.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { describedBy, fieldError, textField } from '../base/fields.js';

type Kind = CagnotteCorrection['kind'];

interface Draft {
  regieId: string;
  kind: Kind;
  /** "Ajouter" or "Retirer" for an adjustment. */
  direction: 'credit' | 'debit';
  amount: string;
  note: string;
}

/**
 * @summary "Cagnottes": the families' credit from prepaid days cancelled in time, per régie,
 * largest first; a family's movements (where each credit comes from, which basket used it, who
 * corrected it and why); and, for admins, an adjustment or a refund with its required note.
 */
export class PortailAdminCagnotte extends AdminElement {
  static override styles = adminStyles;

  /** Admins adjust and refund; agents read. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private balances?: CagnotteBalance[];
  @state() private family?: FamilyCagnotte;
  @state() private draft?: Draft;
  private loading?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="cagnotte-title">
      <h2 id="cagnotte-title" tabindex="-1">${msg('Cagnottes')}</h2>
      <p class="hint">${msg('Crédit des familles en paiement à la réservation : réservations payées puis annulées dans les délais, déduit automatiquement de leurs prochains paniers.')}</p>
      ${this.renderMessages()}
      ${this.balances ? this.renderBalances(this.balances) : html`<p role="status">${msg('Chargement des cagnottes…')}</p>`}
      ${this.family ? this.renderFamily(this.family) : ''}
    </section>`;
  }

  private renderBalances(balances: CagnotteBalance[]) {
    if (!balances.length) return html`<p>${msg('Aucune famille n’a de cagnotte pour le moment.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Cagnottes non vides, la plus élevée d’abord')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Famille')}</th><th scope="col">${msg('Régie')}</th><th scope="col" class="number">${msg('Cagnotte')}</th>
            <th scope="col">${msg('Dernier mouvement')}</th><th scope="col">${msg('Actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${balances.map(
            (b) => html`<tr>
              <th scope="row">${b.family.name}<br /> <span class="hint">${msg(str`n° ${b.family.number}`)}</span></th>
              <td>${b.regie.name}</td>
              <td class="number">${formatPrice(b.balanceCents)}</td>
              <td>${formatDateTime(b.lastMovementAt)}</td>
              <td>
                <button type="button" class="link" ?disabled=${this.busy} aria-label=${msg(str`Voir les mouvements de ${b.family.name}`)} @click=${() => this.open(b.family.id)}>
                  ${msg('Voir les mouvements')}
                </button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderFamily(family: FamilyCagnotte) {
    return html`<section aria-labelledby="cagnotte-family-title">
      <h3 id="cagnotte-family-title" tabindex="-1">${msg(str`Cagnotte de ${family.family.name} (n° ${family.family.number}) : ${formatPrice(family.balanceCents)}`)}</h3>
      ${family.accounts.map(
        (account) => html`<div class="table-wrap">
          <table>
            <caption>${msg(str`${account.regie.name} : ${formatPrice(account.balanceCents)}`)}</caption>
            <thead>
              <tr>
                <th scope="col">${msg('Date')}</th><th scope="col">${msg('Mouvement')}</th><th scope="col" class="number">${msg('Montant')}</th>
                <th scope="col" class="number">${msg('Cagnotte')}</th><th scope="col">${msg('Par')}</th>
              </tr>
            </thead>
            <tbody>
              ${account.movements.map(
                (m) => html`<tr>
                  <td>${formatDateTime(m.at)}</td>
                  <th scope="row">${m.label}${m.note ? html`<br /> <span class="hint">${m.note}</span>` : ''}${m.flagged ? html`<br /> <span class="badge off">${msg('À régulariser')}</span>` : ''}</th>
                  <td class="number">${formatPrice(m.amountCents)}</td>
                  <td class="number">${formatPrice(m.balanceCents)}</td>
                  <td>${m.staffName ?? msg('Famille / portail')}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
      )}
      ${this.canEdit && family.accounts.length ? this.renderForm(family) : ''}
    </section>`;
  }

  private renderForm(family: FamilyCagnotte) {
    const d = this.draft!;
    const f = this.fields;
    const set = (change: Partial<Draft>) => (this.draft = { ...this.draft!, ...change });
    return html`<form @submit=${this.submit} novalidate aria-labelledby="cagnotte-form-title">
      <h4 id="cagnotte-form-title">${msg(str`Régulariser ou rembourser – ${family.family.name}`)}</h4>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Opération')}</legend>
        ${family.accounts.length > 1
          ? html`<div class="field">
              <label for="cagnotte-regie">${msg('Régie')}</label>
              <select id="cagnotte-regie" .value=${d.regieId} @change=${(e: Event) => set({ regieId: (e.target as HTMLSelectElement).value })}>
                ${family.accounts.map((a) => html`<option value=${a.regie.id} ?selected=${a.regie.id === d.regieId}>${a.regie.name}</option>`)}
              </select>
            </div>`
          : ''}
        <div class="checks">
          <label class="check"><input type="radio" name="cagnotte-kind" .checked=${d.kind === 'adjustment' && d.direction === 'credit'} @change=${() => set({ kind: 'adjustment', direction: 'credit' })} /> ${msg('Ajouter à la cagnotte')}</label>
          <label class="check"><input type="radio" name="cagnotte-kind" .checked=${d.kind === 'adjustment' && d.direction === 'debit'} @change=${() => set({ kind: 'adjustment', direction: 'debit' })} /> ${msg('Retirer de la cagnotte')}</label>
          <label class="check"><input type="radio" name="cagnotte-kind" .checked=${d.kind === 'refund'} @change=${() => set({ kind: 'refund', direction: 'debit' })} /> ${msg('Rembourser la famille')}</label>
        </div>
        ${textField({ id: 'cagnotte-amount', label: msg('Montant (€)'), value: d.amount, error: f.amountCents, hint: msg('Par exemple 12,50.'), inputmode: 'decimal', onInput: (amount) => set({ amount }) })}
        <div class="field">
          <label for="cagnotte-note">${msg('Note (obligatoire)')}</label>
          <p class="hint" id="cagnotte-note-hint">${msg('Pourquoi : elle est visible par la famille.')}</p>
          <textarea id="cagnotte-note" maxlength="500" .value=${d.note} aria-invalid=${f.note ? 'true' : 'false'} aria-describedby=${describedBy('cagnotte-note', true, !!f.note)}
            @input=${(e: Event) => set({ note: (e.target as HTMLTextAreaElement).value })}></textarea>
          ${fieldError('cagnotte-note', f.note)}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer')}</button>
      </div>
    </form>`;
  }

  private async load() {
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    try {
      this.balances = await getCagnotteBalances(undefined, loading.signal);
    } catch (error) {
      if (!loading.signal.aborted) this.error = staffErrorText(error);
    }
  }

  private async open(familyId: string) {
    const opened = await this.run(async () => {
      this.family = await getFamilyCagnotte(familyId);
      this.draft = { regieId: this.family.accounts[0]?.regie.id ?? '', kind: 'adjustment', direction: 'credit', amount: '', note: '' };
    });
    if (opened) await this.focusOn('#cagnotte-family-title');
  }

  private toCorrection(d: Draft): CagnotteCorrection | null {
    const fields: Record<string, string> = {};
    const cents = eurosToCents(d.amount);
    if (cents === null || cents <= 0) fields.amountCents = msg('Indiquez un montant en euros, par exemple 12,50.');
    if (!d.note.trim()) fields.note = msg('Indiquez la raison de cette opération.');
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { regieId: d.regieId, kind: d.kind, amountCents: d.kind === 'adjustment' && d.direction === 'debit' ? -cents! : cents!, note: d.note.trim() };
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    const family = this.family;
    if (!family || !this.draft) return;
    return this.submitChecked(this.toCorrection(this.draft), async (correction) => {
      this.family = await correctCagnotte(family.family.id, correction);
      this.draft = { ...this.draft!, amount: '', note: '' };
      this.fields = {};
      this.notice = correction.kind === 'refund'
        ? msg(str`Remboursement de ${formatPrice(correction.amountCents)} enregistré pour ${family.family.name}.`)
        : msg(str`Cagnotte de ${family.family.name} régularisée de ${formatPrice(correction.amountCents)}.`);
      await this.load();
      await this.focusOn('#cagnotte-family-title');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-cagnotte': PortailAdminCagnotte;
  }
}
