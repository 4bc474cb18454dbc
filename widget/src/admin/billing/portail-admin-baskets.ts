import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatDate, formatDateTime, formatPrice } from '../../base/format.js';
import { getBasket, getBaskets, getBasketSettings, saveBasketSettings, type StaffBasket, type StaffBasketDetail } from '../api/baskets.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { textField } from '../base/fields.js';

/**
 * @summary "Paniers en cours": the families' baskets of prepaid days not paid yet, soonest to
 * expire first, with their places held until then; one basket's days; and, for admins, the delay
 * after its last change before an unpaid basket empties itself.
 */
export class PortailAdminBaskets extends AdminElement {
  static override styles = adminStyles;

  /** Admins change the delay; agents read. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private baskets?: StaffBasket[];
  @state() private opened?: StaffBasketDetail;
  @state() private hours = '';
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
    return html`<section class="card" aria-labelledby="baskets-title">
      <h2 id="baskets-title" tabindex="-1">${msg('Paniers en cours')}</h2>
      <p class="hint">${msg('Réservations des services en paiement à la réservation, pas encore payées : leurs places sont retenues jusqu’à l’expiration du panier.')}</p>
      ${this.renderMessages()}
      ${this.baskets ? this.renderList(this.baskets) : html`<p role="status">${msg('Chargement des paniers…')}</p>`}
      ${this.opened ? this.renderBasket(this.opened) : nothing}
      ${this.renderSettings()}
    </section>`;
  }

  private renderList(baskets: StaffBasket[]) {
    if (!baskets.length) return html`<p>${msg('Aucun panier en attente de paiement.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Paniers en attente de paiement, le plus proche de l’expiration d’abord')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Famille')}</th><th scope="col">${msg('Régie')}</th><th scope="col" class="number">${msg('Jours')}</th>
            <th scope="col" class="number">${msg('Montant')}</th><th scope="col">${msg('État')}</th><th scope="col">${msg('Expire le')}</th>
            <th scope="col">${msg('Actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${baskets.map(
            (b) => html`<tr>
              <th scope="row">${b.family.name}<br /> <span class="hint">${msg(str`n° ${b.family.number}`)}</span></th>
              <td>${b.regie.name}</td>
              <td class="number">${b.lineCount}</td>
              <td class="number">${formatPrice(b.linesCents)}</td>
              <td>${b.status === 'paying' ? msg('Paiement en cours') : msg('En attente')}</td>
              <td>${formatDateTime(b.expiresAt)}</td>
              <td>
                <button type="button" class="link" ?disabled=${this.busy} aria-label=${msg(str`Voir le panier de ${b.family.name}`)} @click=${() => this.open(b.id)}>
                  ${msg('Voir le panier')}
                </button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderBasket(basket: StaffBasketDetail) {
    return html`<h3 id="basket-detail-title" tabindex="-1">${msg(str`Panier de ${basket.family.name} (${basket.regie.name})`)}</h3>
      <div class="table-wrap">
        <table>
          <caption>${msg(str`Jours retenus jusqu’au ${formatDateTime(basket.expiresAt)}`)}</caption>
          <thead>
            <tr><th scope="col">${msg('Jour')}</th><th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Service')}</th><th scope="col" class="number">${msg('Prix')}</th></tr>
          </thead>
          <tbody>
            ${basket.lines.map(
              (l) => html`<tr>
                <th scope="row">${formatDate(l.date)}</th>
                <td>${l.child.firstName} ${l.child.lastName}</td>
                <td>${l.service.label}</td>
                <td class="number">${formatPrice(l.priceCents)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderSettings() {
    if (!this.canEdit) return this.hours ? html`<p>${msg(str`Un panier non payé se vide ${this.hours} h après sa dernière modification.`)}</p>` : nothing;
    return html`<form @submit=${this.save} novalidate>
      ${textField({
        id: 'expiryHours',
        label: msg('Délai avant qu’un panier non payé se vide (en heures)'),
        hint: msg('De 1 à 720 heures ; 48 par défaut. Les places retenues sont alors libérées.'),
        value: this.hours,
        inputmode: 'numeric',
        error: this.fields.expiryHours,
        onInput: (value) => (this.hours = value),
      })}
      <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer le délai')}</button></div>
    </form>`;
  }

  private async load() {
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    try {
      const [list, settings] = await Promise.all([getBaskets(loading.signal), getBasketSettings(loading.signal)]);
      this.baskets = list.baskets;
      this.hours = String(settings.expiryHours);
    } catch (error) {
      if (!loading.signal.aborted) this.error = staffErrorText(error);
    }
  }

  private async open(id: string) {
    const opened = await this.run(async () => {
      this.opened = await getBasket(id);
    });
    if (opened) await this.focusOn('#basket-detail-title');
  }

  private save(event: SubmitEvent) {
    event.preventDefault();
    const hours = Number(this.hours.trim());
    const valid = /^\d+$/.test(this.hours.trim()) && hours >= 1 && hours <= 720;
    this.fields = valid ? {} : { expiryHours: msg('Indiquez un nombre d’heures entre 1 et 720.') };
    return this.submitChecked(valid ? { expiryHours: hours } : null, async (settings) => {
      this.hours = String((await saveBasketSettings(settings)).expiryHours);
      this.notice = msg(str`Délai enregistré : ${this.hours} h.`);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-baskets': PortailAdminBaskets;
  }
}
