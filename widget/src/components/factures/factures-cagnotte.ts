import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Cagnotte, CagnotteAccount } from '../../api/cagnotte.js';
import { formatDate } from '../../base/format.js';
import { cell, money, table } from './factures-tables.js';

/** One régie's movements: where each credit comes from and where it went, with the balance after each. */
function movementsTable(account: CagnotteAccount, index: number, several: boolean) {
  const head = [msg('Date'), msg('Opération'), msg('Crédit'), msg('Utilisation'), msg('Cagnotte')];
  const [date, what, credit, used, balance] = head;
  const amount = (label: string, cents: number) => cell(label, cents ? money(cents) : '', cents ? 'amount' : 'amount empty');
  const rows = account.movements.map(
    (m) => html`<tr role="row">
      ${cell(date, formatDate(m.at))}
      ${cell(what, html`${m.label} ${m.note ? html`<small>${m.note}</small>` : nothing}`)}
      ${amount(credit, m.amountCents > 0 ? m.amountCents : 0)} ${amount(used, m.amountCents < 0 ? -m.amountCents : 0)}
      ${cell(balance, money(m.balanceCents), 'amount')}
    </tr>`,
  );
  const caption = several ? msg(str`Mouvements de votre cagnotte – ${account.regie.name}`) : msg('Mouvements de votre cagnotte');
  return table(`cagnotte-${index}`, caption, head, rows);
}

/**
 * "Règlements & régularisations": the cagnotte left by prepaid days cancelled in time (or
 * missed for a reason the town does not bill), deducted automatically from the next baskets,
 * and each of its movements.
 */
export function cagnotteSection(cagnotte: Cagnotte) {
  const accounts = cagnotte.accounts.filter((a) => a.movements.length);
  const several = accounts.length > 1;
  return html`<section part="section" aria-labelledby="cagnotte-h">
    <h3 id="cagnotte-h">${msg('Règlements & régularisations')}</h3>
    <p class="balance">
      ${cagnotte.balanceCents > 0
        ? msg(str`Votre cagnotte : ${money(cagnotte.balanceCents)}, déduits automatiquement de vos prochaines réservations.`)
        : msg('Votre cagnotte est vide.')}
    </p>
    ${accounts.length
      ? accounts.map(
          (account, index) => html`${several
              ? html`<p>${msg(str`${account.regie.name} : ${money(account.balanceCents)}`)}</p>`
              : nothing}
            ${movementsTable(account, index, several)}`,
        )
      : html`<p>${msg('Une réservation payée puis annulée dans les délais crédite votre cagnotte.')}</p>`}
  </section>`;
}
