import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Basket, BasketLine, DroppedLine } from '../../api/panier.js';
import { formatDate, timeOfDay } from '../../base/format.js';
import { cell, money, table } from '../factures/factures-tables.js';
import { longDate } from '../planning/planning-text.js';

/**
 * The basket as templates: its lines by child, service and day, the lines the server dropped
 * and why, the amounts (cagnotte deducted, solde added, total) and when it empties itself.
 * `<portail-panier>` holds the state and makes the calls.
 */

/** "Cantine – Léa – mercredi 9 septembre 2026", as the planning names its boxes. */
export const lineName = (line: BasketLine) => `${line.service.label} – ${line.child.firstName} – ${longDate(line.date)}`;

const droppedName = (line: DroppedLine) => `${line.serviceLabel} – ${line.childFirstName} – ${longDate(line.date)}`;

/** Lines by child, then service, then day. */
function sorted(lines: readonly BasketLine[]): BasketLine[] {
  return [...lines].sort(
    (a, b) =>
      a.child.firstName.localeCompare(b.child.firstName, 'fr') ||
      a.service.label.localeCompare(b.service.label, 'fr') ||
      a.date.localeCompare(b.date),
  );
}

/** The table of the basket's lines, each with its "Retirer" button. */
export function linesTable(basket: Basket, caption: string, busy: boolean, remove: (line: BasketLine) => void) {
  const head = [msg('Jour'), msg('Enfant'), msg('Service'), msg('Prix'), msg('Action')];
  const [day, child, service, price, action] = head;
  const rows = sorted(basket.lines).map(
    (line) => html`<tr role="row">
      <th scope="row" role="rowheader" data-label=${day}>${longDate(line.date)}</th>
      ${cell(child, line.child.firstName)} ${cell(service, line.service.label)} ${cell(price, money(line.priceCents), 'amount')}
      ${cell(
        action,
        html`<button
          part="button"
          type="button"
          class="link"
          id=${`remove-${line.id}`}
          aria-label=${msg(str`Retirer du panier : ${lineName(line)}`)}
          ?disabled=${busy}
          @click=${() => remove(line)}
        >
          ${msg('Retirer')}
        </button>`,
      )}
    </tr>`,
  );
  return table(`lines-${basket.regie.code}`, caption, head, rows);
}

/** The lines the server took out of the basket (a deadline passed, a place gone), with the reason. */
export function droppedList(dropped: readonly DroppedLine[]) {
  if (!dropped.length) return nothing;
  return html`<section class="dropped" part="dropped" aria-labelledby="dropped-h">
    <h3 id="dropped-h">${msg('Réservations retirées de votre panier')}</h3>
    <p>${msg('Ces jours ne vous sont pas facturés ; vérifiez le nouveau total avant de payer :')}</p>
    <ul>
      ${dropped.map((d) => html`<li><strong>${droppedName(d)}</strong> : ${d.reason}</li>`)}
    </ul>
  </section>`;
}

/** Réservations, cagnotte deducted, solde added, and the total the bank will be asked for. */
export function amountsList(basket: Basket) {
  return html`<dl class="amounts" part="amounts">
    ${basket.lines.length
      ? html`<div><dt>${msg('Réservations')}</dt><dd>${money(basket.linesCents)}</dd></div>`
      : nothing}
    ${basket.cagnotteUsedCents > 0
      ? html`<div>
          <dt>${msg('Cagnotte déduite')}</dt>
          <dd>− ${money(basket.cagnotteUsedCents)}</dd>
        </div>`
      : nothing}
    ${basket.debtCents > 0
      ? html`<div>
          <dt>${msg('Solde ajouté (sommes restant dues)')}</dt>
          <dd>+ ${money(basket.debtCents)}</dd>
        </div>`
      : nothing}
    <div class="total"><dt>${msg('Total à payer')}</dt><dd>${money(basket.totalCents)}</dd></div>
  </dl>`;
}

/** "Votre panier sera vidé le 8 septembre 2026 à 10:15 …", while the basket holds lines. */
export function expiryNotice(basket: Basket) {
  if (!basket.expiresAt || !basket.lines.length) return nothing;
  return html`<p class="expiry" part="expiry">
    ${msg(str`Votre panier sera vidé le ${formatDate(basket.expiresAt)} à ${timeOfDay(basket.expiresAt)} s’il n’est pas payé : les places réservées seront libérées.`)}
  </p>`;
}

/** The notes that explain the cagnotte and the solde, as the towns' guides do. */
export function amountsHelp(basket: Basket) {
  return html`${basket.cagnotteUsedCents > 0
      ? html`<p class="hint">${msg('La cagnotte correspond à des réservations annulées dans les délais ; elle est déduite automatiquement.')}</p>`
      : nothing}
    ${basket.debtCents > 0 && basket.lines.length
      ? html`<p class="hint">${msg('Le solde correspond à des sommes restant dues ; il s’ajoute automatiquement à votre panier.')}</p>`
      : nothing}`;
}
