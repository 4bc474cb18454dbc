import { html } from 'lit';
import { msg } from '@lit/localize';
import type { Notifications } from '../../api/factures.js';

/**
 * The e-mail announcing a new invoice, read-only: whether it is sent and to which addresses.
 * Both are edited in the family file only; `familleHref` links there when the town gave it.
 */
export function notificationsSection(n: Notifications, familleHref: string | undefined) {
  const addresses = [n.email, ...n.extraEmails].filter((a): a is string => !!a);
  return html`<section part="section" aria-labelledby="notif-h">
    <h3 id="notif-h">${msg('Être averti par e-mail de la mise en ligne de mes factures')}</h3>
    <p id="notif-state">
      ${n.enabled
        ? msg('Vous recevez un e-mail à la mise en ligne de chaque facture.')
        : msg('Vous ne recevez pas d’e-mail à la mise en ligne de vos factures.')}
    </p>
    ${addresses.length
      ? html`<p>${msg('Adresses de notification :')}</p>
          <ul class="notif-emails">
            ${addresses.map((a) => html`<li>${a}</li>`)}
          </ul>`
      : html`<p>${msg('Aucune adresse de notification n’est enregistrée.')}</p>`}
    ${familleHref
      ? html`<p><a part="link" href=${familleHref}>${msg('Modifier dans mon dossier famille')}</a></p>`
      : html`<p class="hint">${msg('Ces choix se modifient dans votre dossier famille.')}</p>`}
  </section>`;
}
