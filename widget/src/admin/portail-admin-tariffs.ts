import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { getRegies, getTariffs, type Regie, saveTariff, type TariffedService, type TariffInput } from './api/billing.js';
import { staffErrorText } from './base/error-text.js';
import { describedBy, fieldError, focusFirstInvalid, textField } from './base/fields.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { centsToEuros, eurosToCents, formatPercent, formatPrice, parsePercent } from '../base/format.js';

interface BracketDraft {
  max: string;
  price: string;
}

interface DiscountDraft {
  rank: string;
  percent: string;
}

interface Draft {
  regieId: string;
  price: string;
  brackets: BracketDraft[];
  discounts: DiscountDraft[];
  lateCancellationBilled: boolean;
  waitlistedBilled: boolean;
}

const draftOf = (s: TariffedService, regies: Regie[]): Draft => ({
  regieId: s.regieId ?? s.regie?.id ?? regies[0]?.id ?? '',
  price: centsToEuros(s.priceCents),
  brackets: s.tariff.brackets.map((b) => ({ max: b.maxQuotient === null ? '' : String(b.maxQuotient), price: centsToEuros(b.priceCents) })),
  discounts: s.tariff.rankDiscounts.map((d) => ({ rank: String(d.fromRank), percent: formatPercent(d.percent) })),
  lateCancellationBilled: s.lateCancellationBilled,
  waitlistedBilled: s.waitlistedBilled,
});

/** "jusqu’à 600 : 2,10 € ; sans plafond : 4,15 €" */
function bracketSummary(s: TariffedService): string {
  const brackets = s.tariff.brackets;
  if (!brackets.length) return 'Prix unique';
  return brackets.map((b) => `${b.maxQuotient === null ? 'sans plafond' : `QF jusqu’à ${b.maxQuotient}`} : ${formatPrice(b.priceCents)}`).join(' ; ');
}

function discountSummary(s: TariffedService): string {
  const discounts = s.tariff.rankDiscounts;
  if (!discounts.length) return 'Aucune';
  return discounts.map((d) => `à partir du ${d.fromRank}${d.fromRank === 1 ? 'er' : 'e'} enfant : −${formatPercent(d.percent)} %`).join(' ; ');
}

const ROW_FIELDS: Record<string, string> = {
  'brackets.maxQuotient': 'bracket-max',
  'brackets.priceCents': 'bracket-price',
  'rankDiscounts.fromRank': 'discount-rank',
  'rankDiscounts.percent': 'discount-percent',
};

/** Which field of the form an error from the server belongs to ("brackets.1.priceCents" → the price of the 2nd bracket). */
function formKey(serverField: string): string {
  const row = /^(brackets|rankDiscounts)\.(\d+)\.(\w+)$/.exec(serverField);
  if (row && ROW_FIELDS[`${row[1]}.${row[3]}`]) return `${ROW_FIELDS[`${row[1]}.${row[3]}`]}-${row[2]}`;
  if (serverField.startsWith('brackets')) return 'brackets';
  if (serverField.startsWith('rankDiscounts')) return 'discounts';
  if (serverField === 'basePriceCents') return 'price';
  return serverField;
}

/**
 * @summary "Tarifs": per service, the régie that invoices it, the price of a day, optional
 * quotient-familial brackets and discounts by rank of the child, and whether late cancellations
 * and waitlisted days are billed. Admins change them; agents read them.
 */
export class PortailAdminTariffs extends LitElement {
  static override styles = planningStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;
  /** Bumped when another billing screen changed something shown here (a new régie). */
  @property({ type: Number }) revision = 0;

  @state() private services: TariffedService[] = [];
  @state() private regies: Regie[] = [];
  @state() private editing: TariffedService | null = null;
  @state() private draft?: Draft;
  @state() private fields: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async ([_revision]: readonly [number], { signal }) => {
      [this.services, this.regies] = await Promise.all([getTariffs(signal), getRegies(signal)]);
    },
    args: () => [this.revision] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="tariffs-title">
      <h2 id="tariffs-title" tabindex="-1">Tarifs</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des tarifs…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => html`${this.renderTable()} ${this.editing && this.draft ? this.renderForm(this.editing, this.draft) : ''}`,
      })}
    </section>`;
  }

  private regieName(s: TariffedService) {
    const regie = s.regie ?? this.regies.find((r) => r.id === s.regieId);
    return regie ? regie.name : '–';
  }

  private renderTable() {
    if (!this.services.length) return html`<p>Aucun service n’est encore proposé.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>Tarif de chaque service</caption>
        <thead>
          <tr>
            <th scope="col">Service</th><th scope="col">Régie</th><th scope="col" class="number">Prix de base</th><th scope="col">Quotient familial</th>
            <th scope="col">Réductions</th><th scope="col">Facturé aussi</th>${this.canEdit ? html`<th scope="col">Action</th>` : ''}
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
              <td>${[s.lateCancellationBilled ? 'annulations tardives' : '', s.waitlistedBilled ? 'jours en liste d’attente' : ''].filter(Boolean).join(', ') || '–'}</td>
              ${this.canEdit
                ? html`<td><button type="button" class="link" aria-label=${`Modifier le tarif de ${s.label}`} ?disabled=${this.busy} @click=${() => this.edit(s)}>Modifier le tarif</button></td>`
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
    this.saved = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#tariff-regie')?.focus();
  }

  private change(change: Partial<Draft>) {
    this.draft = { ...this.draft!, ...change };
  }

  private setBracket(index: number, change: Partial<BracketDraft>) {
    this.change({ brackets: this.draft!.brackets.map((b, i) => (i === index ? { ...b, ...change } : b)) });
  }

  private setDiscount(index: number, change: Partial<DiscountDraft>) {
    this.change({ discounts: this.draft!.discounts.map((d, i) => (i === index ? { ...d, ...change } : d)) });
  }

  private async addRow(kind: 'brackets' | 'discounts') {
    const d = this.draft!;
    if (kind === 'brackets') this.change({ brackets: [...d.brackets, { max: '', price: d.price }] });
    else this.change({ discounts: [...d.discounts, { rank: String(d.discounts.length + 2), percent: '' }] });
    await this.updateComplete;
    const rows = this.renderRoot.querySelectorAll<HTMLInputElement>(kind === 'brackets' ? '.bracket-max' : '.discount-rank');
    rows[rows.length - 1]?.focus();
  }

  private async removeRow(kind: 'brackets' | 'discounts', index: number) {
    const d = this.draft!;
    if (kind === 'brackets') this.change({ brackets: d.brackets.filter((_, i) => i !== index) });
    else this.change({ discounts: d.discounts.filter((_, i) => i !== index) });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(kind === 'brackets' ? '#add-bracket' : '#add-discount')?.focus();
  }

  private renderForm(service: TariffedService, d: Draft) {
    const f = this.fields;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="tariff-form-title">
      <h3 id="tariff-form-title">Tarif de « ${service.label} »</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>Régie et prix</legend>
        <div class="grid-2">
          <div class="field">
            <label for="tariff-regie">Régie qui facture ce service</label>
            <select id="tariff-regie" aria-invalid=${f.regieId ? 'true' : 'false'} aria-describedby=${describedBy('tariff-regie', false, !!f.regieId)}
              @change=${(e: Event) => this.change({ regieId: (e.target as HTMLSelectElement).value })}>
              ${this.regies.length ? '' : html`<option value="">Aucune régie : créez-en une</option>`}
              ${this.regies.map((r) => html`<option value=${r.id} ?selected=${d.regieId === r.id}>${r.name} (${r.code})</option>`)}
            </select>
            ${fieldError('tariff-regie', f.regieId)}
          </div>
          ${textField({ id: 'tariff-price', label: 'Prix de base d’une journée (€)', value: d.price, error: f.price, hint: 'Par exemple 4,15. S’applique quand aucune tranche n’est définie.', inputmode: 'decimal', onInput: (price) => this.change({ price }) })}
        </div>
      </fieldset>
      <fieldset ?disabled=${this.busy} aria-describedby=${describedBy('brackets', true, !!f.brackets)}>
        <legend>Tranches de quotient familial</legend>
        <p class="hint" id="brackets-hint">Par plafond croissant ; laissez le plafond vide pour la dernière tranche, sans plafond. Sans tranche, tout le monde paie le prix de base.</p>
        ${d.brackets.map(
          (b, i) => html`<div class="inline-form" role="group" aria-label=${`Tranche ${i + 1}`}>
            <div class="field">
              <label for=${`bracket-max-${i}`}>Plafond QF de la tranche ${i + 1}</label>
              <input id=${`bracket-max-${i}`} class="bracket-max" type="text" inputmode="numeric" autocomplete="off" placeholder="Sans plafond" .value=${b.max}
                aria-invalid=${f[`bracket-max-${i}`] ? 'true' : 'false'} aria-describedby=${describedBy(`bracket-max-${i}`, false, !!f[`bracket-max-${i}`])}
                @input=${(e: Event) => this.setBracket(i, { max: (e.target as HTMLInputElement).value })} />
              ${fieldError(`bracket-max-${i}`, f[`bracket-max-${i}`])}
            </div>
            <div class="field">
              <label for=${`bracket-price-${i}`}>Prix de la tranche ${i + 1} (€)</label>
              <input id=${`bracket-price-${i}`} type="text" inputmode="decimal" autocomplete="off" .value=${b.price}
                aria-invalid=${f[`bracket-price-${i}`] ? 'true' : 'false'} aria-describedby=${describedBy(`bracket-price-${i}`, false, !!f[`bracket-price-${i}`])}
                @input=${(e: Event) => this.setBracket(i, { price: (e.target as HTMLInputElement).value })} />
              ${fieldError(`bracket-price-${i}`, f[`bracket-price-${i}`])}
            </div>
            <button type="button" @click=${() => this.removeRow('brackets', i)}>Supprimer la tranche ${i + 1}</button>
          </div>`,
        )}
        ${fieldError('brackets', f.brackets)}
        <div class="actions"><button type="button" id="add-bracket" @click=${() => this.addRow('brackets')}>Ajouter une tranche</button></div>
      </fieldset>
      <fieldset ?disabled=${this.busy} aria-describedby=${describedBy('discounts', true, !!f.discounts)}>
        <legend>Réductions par rang d’enfant</legend>
        <p class="hint" id="discounts-hint">Rang 1 : l’aîné de la famille. La réduction du plus grand rang atteint s’applique (elles ne s’additionnent pas).</p>
        ${d.discounts.map(
          (r, i) => html`<div class="inline-form" role="group" aria-label=${`Réduction ${i + 1}`}>
            <div class="field">
              <label for=${`discount-rank-${i}`}>À partir du rang (réduction ${i + 1})</label>
              <input id=${`discount-rank-${i}`} class="discount-rank" type="text" inputmode="numeric" autocomplete="off" .value=${r.rank}
                aria-invalid=${f[`discount-rank-${i}`] ? 'true' : 'false'} aria-describedby=${describedBy(`discount-rank-${i}`, false, !!f[`discount-rank-${i}`])}
                @input=${(e: Event) => this.setDiscount(i, { rank: (e.target as HTMLInputElement).value })} />
              ${fieldError(`discount-rank-${i}`, f[`discount-rank-${i}`])}
            </div>
            <div class="field">
              <label for=${`discount-percent-${i}`}>Réduction ${i + 1} (%)</label>
              <input id=${`discount-percent-${i}`} type="text" inputmode="decimal" autocomplete="off" .value=${r.percent}
                aria-invalid=${f[`discount-percent-${i}`] ? 'true' : 'false'} aria-describedby=${describedBy(`discount-percent-${i}`, false, !!f[`discount-percent-${i}`])}
                @input=${(e: Event) => this.setDiscount(i, { percent: (e.target as HTMLInputElement).value })} />
              ${fieldError(`discount-percent-${i}`, f[`discount-percent-${i}`])}
            </div>
            <button type="button" @click=${() => this.removeRow('discounts', i)}>Supprimer la réduction ${i + 1}</button>
          </div>`,
        )}
        ${fieldError('discounts', f.discounts)}
        <div class="actions"><button type="button" id="add-discount" @click=${() => this.addRow('discounts')}>Ajouter une réduction</button></div>
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>Ce qui est facturé</legend>
        <label class="check"><input type="checkbox" .checked=${d.lateCancellationBilled} @change=${(e: Event) => this.change({ lateCancellationBilled: (e.target as HTMLInputElement).checked })} />
          Facturer les annulations tardives</label>
        <label class="check"><input type="checkbox" .checked=${d.waitlistedBilled} @change=${(e: Event) => this.change({ waitlistedBilled: (e.target as HTMLInputElement).checked })} />
          Facturer les jours en liste d’attente</label>
        <p class="hint">Les absences sont facturées selon leur motif (section Services, « Motifs d’absence »).</p>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>Enregistrer le tarif</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>Annuler</button>
      </div>
    </form>`;
  }

  private cancel() {
    this.editing = null;
    this.fields = {};
  }

  /** Checks amounts and ranks in French before sending; every amount leaves as cents. */
  private toInput(): TariffInput | null {
    const d = this.draft!;
    const fields: Record<string, string> = {};
    if (!d.regieId) fields.regieId = 'Choisissez la régie qui facture ce service.';
    const basePriceCents = eurosToCents(d.price);
    if (basePriceCents === null) fields.price = 'Indiquez un prix en euros, par exemple 4,15.';
    const brackets = d.brackets.map((b, i) => {
      const max = b.max.trim();
      if (max && !/^\d{1,6}$/.test(max)) fields[`bracket-max-${i}`] = 'Le plafond est un quotient familial entier, ou vide pour « sans plafond ».';
      if (!max && i !== d.brackets.length - 1) fields[`bracket-max-${i}`] = 'Seule la dernière tranche peut être sans plafond.';
      const priceCents = eurosToCents(b.price);
      if (priceCents === null) fields[`bracket-price-${i}`] = 'Indiquez un prix en euros, par exemple 2,10.';
      return { maxQuotient: max ? Number(max) : null, priceCents: priceCents ?? 0 };
    });
    brackets.forEach((b, i) => {
      const previous = brackets[i - 1]?.maxQuotient;
      if (i > 0 && b.maxQuotient !== null && previous !== null && previous !== undefined && b.maxQuotient <= previous && !fields[`bracket-max-${i}`]) {
        fields[`bracket-max-${i}`] = 'Les plafonds doivent être croissants.';
      }
    });
    const rankDiscounts = d.discounts.map((r, i) => {
      const rank = r.rank.trim();
      if (!/^\d{1,2}$/.test(rank) || Number(rank) < 1) fields[`discount-rank-${i}`] = 'Le rang est un nombre entier à partir de 1.';
      else if (d.discounts.findIndex((other) => other.rank.trim() === rank) !== i) fields[`discount-rank-${i}`] = 'Une autre réduction porte déjà sur ce rang.';
      const percent = parsePercent(r.percent);
      if (percent === null) fields[`discount-percent-${i}`] = 'Indiquez un pourcentage entre 0 et 100, par exemple 10.';
      return { fromRank: Number(rank), percent: percent ?? 0 };
    });
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { regieId: d.regieId, basePriceCents: basePriceCents!, brackets, rankDiscounts, lateCancellationBilled: d.lateCancellationBilled, waitlistedBilled: d.waitlistedBilled };
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const service = this.editing!;
    this.error = '';
    this.saved = '';
    const input = this.toInput();
    if (!input) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return focusFirstInvalid(this);
    }
    this.busy = true;
    try {
      const saved = await saveTariff(service.id, input);
      this.services = this.services.map((s) => (s.id === service.id ? { ...s, ...saved } : s));
      this.saved = `Tarif de « ${service.label} » enregistré.`;
      this.editing = null;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#tariffs-title')?.focus();
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) {
        this.fields = Object.fromEntries(Object.entries(error.fields).map(([key, message]) => [formKey(key), message]));
      }
      this.busy = false;
      await focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-tariffs': PortailAdminTariffs;
  }
}
