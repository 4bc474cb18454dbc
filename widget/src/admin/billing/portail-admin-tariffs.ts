import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { PortailApiError } from '../../api/errors.js';
import { formatPrice, ofName } from '../../base/format.js';
import { getRegies, getTariffs, saveTariff, type Regie, type TariffedService } from '../api/billing.js';
import { AdminElement } from '../base/admin-element.js';
import { describedBy, fieldError, textField, type FieldOptions } from '../base/fields.js';
import { bracketSummary, discountSummary, draftOf, formKey, tariffInput, type BracketDraft, type DiscountDraft, type TariffDraft } from './tariff-draft.js';

type RowKind = 'brackets' | 'discounts';

/**
 * @summary "Tarifs": per service, the régie that invoices it, the price of a day, optional
 * quotient-familial brackets and discounts by rank of the child, and whether late cancellations
 * and waitlisted days are billed. Admins change them; agents read them.
 */
export class PortailAdminTariffs extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;
  /** Bumped when another billing screen changed something shown here (a new régie). */
  @property({ type: Number }) revision = 0;

  @state() private services: TariffedService[] = [];
  @state() private regies: Regie[] = [];
  @state() private editing: TariffedService | null = null;
  @state() private draft?: TariffDraft;

  private readonly loadTask = new Task(this, {
    task: async ([_revision]: readonly [number], { signal }) => {
      [this.services, this.regies] = await Promise.all([getTariffs(signal), getRegies(signal)]);
    },
    args: () => [this.revision] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="tariffs-title">
      <h2 id="tariffs-title" tabindex="-1">${msg('Tarifs')}</h2>
      ${this.renderMessages()}
      ${this.renderTask(
        this.loadTask,
        msg('Chargement des tarifs…'),
        () => html`${this.renderTable()} ${this.editing && this.draft ? this.renderForm(this.editing, this.draft) : ''}`,
      )}
    </section>`;
  }

  private regieName(s: TariffedService) {
    const regie = s.regie ?? this.regies.find((r) => r.id === s.regieId);
    return regie ? regie.name : '–';
  }

  private billedToo(s: TariffedService) {
    const billed = [s.lateCancellationBilled ? msg('annulations tardives') : '', s.waitlistedBilled ? msg('jours en liste d’attente') : ''];
    return billed.filter(Boolean).join(', ') || '–';
  }

  private renderTable() {
    if (!this.services.length) return html`<p>${msg('Aucun service n’est encore proposé.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Tarif de chaque service')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Service')}</th><th scope="col">${msg('Régie')}</th><th scope="col" class="number">${msg('Prix de base')}</th>
            <th scope="col">${msg('Quotient familial')}</th><th scope="col">${msg('Réductions')}</th><th scope="col">${msg('Facturé aussi')}</th>
            ${this.canEdit ? html`<th scope="col">${msg('Action')}</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${this.services.map(
            (s) => html`<tr>
              <th scope="row">${s.label}</th>
              <td>${this.regieName(s)}</td>
              <td class="number">${formatPrice(s.priceCents)}</td>
              <td>${bracketSummary(s)}</td>
              <td>${discountSummary(s)}</td>
              <td>${this.billedToo(s)}</td>
              ${this.canEdit
                ? html`<td>
                    <button type="button" class="link" aria-label=${msg(str`Modifier le tarif ${ofName(s.label)}`)} ?disabled=${this.busy} @click=${() => this.edit(s)}>
                      ${msg('Modifier le tarif')}
                    </button>
                  </td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async edit(service: TariffedService) {
    this.editing = service;
    this.draft = draftOf(service, this.regies);
    this.fields = {};
    this.error = '';
    this.notice = '';
    await this.focusOn('#tariff-regie');
  }

  private change(change: Partial<TariffDraft>) {
    this.draft = { ...this.draft!, ...change };
  }

  private setBracket(index: number, change: Partial<BracketDraft>) {
    this.change({ brackets: this.draft!.brackets.map((b, i) => (i === index ? { ...b, ...change } : b)) });
  }

  private setDiscount(index: number, change: Partial<DiscountDraft>) {
    this.change({ discounts: this.draft!.discounts.map((d, i) => (i === index ? { ...d, ...change } : d)) });
  }

  private async addRow(kind: RowKind) {
    const d = this.draft!;
    if (kind === 'brackets') this.change({ brackets: [...d.brackets, { max: '', price: d.price }] });
    else this.change({ discounts: [...d.discounts, { rank: String(d.discounts.length + 2), percent: '' }] });
    const last = this.draft![kind].length - 1;
    await this.focusOn(kind === 'brackets' ? `#bracket-max-${last}` : `#discount-rank-${last}`);
  }

  private async removeRow(kind: RowKind, index: number) {
    const d = this.draft!;
    if (kind === 'brackets') this.change({ brackets: d.brackets.filter((_, i) => i !== index) });
    else this.change({ discounts: d.discounts.filter((_, i) => i !== index) });
    await this.focusOn(kind === 'brackets' ? '#add-bracket' : '#add-discount');
  }

  /**
   * The brackets or the discounts: a fieldset with one row of two fields per entry, each row with
   * the button that removes it, and the button that adds one.
   */
  private renderRows(kind: RowKind, text: { legend: string; hint: string; add: string }, rows: [name: string, remove: string, fields: FieldOptions[]][]) {
    const error = this.fields[kind];
    return html`<fieldset ?disabled=${this.busy} aria-describedby=${describedBy(kind, true, !!error)}>
      <legend>${text.legend}</legend>
      <p class="hint" id=${`${kind}-hint`}>${text.hint}</p>
      ${rows.map(
        ([name, remove, fields], i) => html`<div class="inline-form" role="group" aria-label=${name}>
          ${fields.map((field) => textField(field))}
          <button type="button" @click=${() => this.removeRow(kind, i)}>${remove}</button>
        </div>`,
      )}
      ${fieldError(kind, error)}
      <div class="actions"><button type="button" id=${kind === 'brackets' ? 'add-bracket' : 'add-discount'} @click=${() => this.addRow(kind)}>${text.add}</button></div>
    </fieldset>`;
  }

  private renderBrackets(d: TariffDraft) {
    const f = this.fields;
    const text = {
      legend: msg('Tranches de quotient familial'),
      hint: msg('Par plafond croissant ; laissez le plafond vide pour la dernière tranche, sans plafond. Sans tranche, tout le monde paie le prix de base.'),
      add: msg('Ajouter une tranche'),
    };
    return this.renderRows(
      'brackets',
      text,
      d.brackets.map((b, i) => [
        msg(str`Tranche ${i + 1}`),
        msg(str`Supprimer la tranche ${i + 1}`),
        [
          { id: `bracket-max-${i}`, label: msg(str`Plafond QF de la tranche ${i + 1}`), value: b.max, error: f[`bracket-max-${i}`], inputmode: 'numeric', placeholder: msg('Sans plafond'), onInput: (max) => this.setBracket(i, { max }) },
          { id: `bracket-price-${i}`, label: msg(str`Prix de la tranche ${i + 1} (€)`), value: b.price, error: f[`bracket-price-${i}`], inputmode: 'decimal', onInput: (price) => this.setBracket(i, { price }) },
        ],
      ]),
    );
  }

  private renderDiscounts(d: TariffDraft) {
    const f = this.fields;
    const text = {
      legend: msg('Réductions par rang d’enfant'),
      hint: msg('Rang 1 : l’aîné de la famille. La réduction du plus grand rang atteint s’applique (elles ne s’additionnent pas).'),
      add: msg('Ajouter une réduction'),
    };
    return this.renderRows(
      'discounts',
      text,
      d.discounts.map((r, i) => [
        msg(str`Réduction ${i + 1}`),
        msg(str`Supprimer la réduction ${i + 1}`),
        [
          { id: `discount-rank-${i}`, label: msg(str`À partir du rang (réduction ${i + 1})`), value: r.rank, error: f[`discount-rank-${i}`], inputmode: 'numeric', onInput: (rank) => this.setDiscount(i, { rank }) },
          { id: `discount-percent-${i}`, label: msg(str`Réduction ${i + 1} (%)`), value: r.percent, error: f[`discount-percent-${i}`], inputmode: 'decimal', onInput: (percent) => this.setDiscount(i, { percent }) },
        ],
      ]),
    );
  }

  private renderForm(service: TariffedService, d: TariffDraft) {
    const f = this.fields;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="tariff-form-title">
      <h3 id="tariff-form-title">${msg(str`Tarif de « ${service.label} »`)}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Régie et prix')}</legend>
        <div class="grid-2">
          <div class="field">
            <label for="tariff-regie">${msg('Régie qui facture ce service')}</label>
            <select id="tariff-regie" aria-invalid=${f.regieId ? 'true' : 'false'} aria-describedby=${describedBy('tariff-regie', false, !!f.regieId)}
              @change=${(e: Event) => this.change({ regieId: (e.target as HTMLSelectElement).value })}>
              ${this.regies.length ? '' : html`<option value="">${msg('Aucune régie : créez-en une')}</option>`}
              ${this.regies.map((r) => html`<option value=${r.id} ?selected=${d.regieId === r.id}>${r.name} (${r.code})</option>`)}
            </select>
            ${fieldError('tariff-regie', f.regieId)}
          </div>
          ${textField({
            id: 'tariff-price',
            label: msg('Prix de base d’une journée (€)'),
            value: d.price,
            error: f.price,
            hint: msg('Par exemple 4,15. S’applique quand aucune tranche n’est définie.'),
            inputmode: 'decimal',
            onInput: (price) => this.change({ price }),
          })}
        </div>
      </fieldset>
      ${this.renderBrackets(d)} ${this.renderDiscounts(d)}
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Ce qui est facturé')}</legend>
        <label class="check"><input type="checkbox" .checked=${d.lateCancellationBilled} @change=${(e: Event) => this.change({ lateCancellationBilled: (e.target as HTMLInputElement).checked })} />
          ${msg('Facturer les annulations tardives')}</label>
        <label class="check"><input type="checkbox" .checked=${d.waitlistedBilled} @change=${(e: Event) => this.change({ waitlistedBilled: (e.target as HTMLInputElement).checked })} />
          ${msg('Facturer les jours en liste d’attente')}</label>
        <p class="hint">${msg('Les absences sont facturées selon leur motif (section Services, « Motifs d’absence »).')}</p>
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Attestations fiscales')}</legend>
        <label class="check"><input type="checkbox" .checked=${d.childcareTaxCredit} @change=${(e: Event) => this.change({ childcareTaxCredit: (e.target as HTMLInputElement).checked })} />
          ${msg('Garde ouvrant droit au crédit d’impôt (enfants de moins de 6 ans)')}</label>
        <p class="hint">${msg('Accueil périscolaire ou de loisirs : oui ; cantine et repas : non. Les montants payés pour ce service figurent sur les attestations fiscales.')}</p>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer le tarif')}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>${msg('Annuler')}</button>
      </div>
    </form>`;
  }

  private cancel() {
    this.editing = null;
    this.fields = {};
  }

  /** The server names fields after the tariff ("brackets.1.priceCents"); the form after its inputs. */
  protected override fieldsOf(error: PortailApiError): Record<string, string> {
    return Object.fromEntries(Object.entries(error.fields).map(([key, message]) => [formKey(key), message]));
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    const service = this.editing!;
    const fields: Record<string, string> = {};
    const input = tariffInput(this.draft!, fields);
    this.fields = fields;
    return this.submitChecked(input, async (tariff) => {
      const saved = await saveTariff(service.id, tariff);
      this.services = this.services.map((s) => (s.id === service.id ? { ...s, ...saved } : s));
      this.notice = msg(str`Tarif de « ${service.label} » enregistré.`);
      this.editing = null;
      await this.focusOn('#tariffs-title');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-tariffs': PortailAdminTariffs;
  }
}
