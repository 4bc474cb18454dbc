import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Notifications } from '../../api/factures.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';

/** How many addresses a family may add to its own for the new-invoice e-mail. */
const EXTRA_EMAILS = 3;

export interface NotificationsForm {
  status: string;
  alert: string;
  /** Messages by index of the extra address field. */
  errors: Record<string, string>;
  onSubmit(event: SubmitEvent): void;
}

/** The e-mail announcing a new invoice: on or off, and up to three more addresses than the family's own. */
export function notificationsSection(n: Notifications, form: NotificationsForm) {
  return html`<section part="section" aria-labelledby="notif-h">
    <h3 id="notif-h">${msg('Être averti par e-mail de la mise en ligne de mes factures')}</h3>
    <div role="status" class="status">${form.status ? html`<p class="notice">${form.status}</p>` : nothing}</div>
    <div role="alert" class="alert">${form.alert}</div>
    <form id="notif-form" part="form" novalidate @submit=${form.onSubmit}>
      <div class="check">
        <input id="notif-enabled" name="enabled" type="checkbox" .checked=${n.enabled} />
        <label for="notif-enabled">${msg('Me prévenir par e-mail de la mise en ligne de ma facture')}</label>
      </div>
      <p>
        ${msg('Mon e-mail :')} <strong>${n.email ?? msg('aucun')}</strong>
        <span class="hint line">${msg('Adresse enregistrée par la mairie, à modifier dans votre dossier famille.')}</span>
      </p>
      <p class="hint">${msg('Vous pouvez ajouter jusqu’à 3 adresses. Pour en retirer une, videz le champ puis enregistrez.')}</p>
      ${Array.from({ length: EXTRA_EMAILS }, (_, i) => {
        const field = { id: `extra-${i}`, label: msg(str`E-mail supplémentaire ${i + 1}`), error: form.errors[i] };
        return fieldFrame(
          field,
          html`<input
            part="input"
            id=${field.id}
            name="extra"
            type="email"
            autocomplete="off"
            .value=${n.extraEmails[i] ?? ''}
            aria-describedby=${describedBy(field)}
            aria-invalid=${field.error ? 'true' : nothing}
          />`,
        );
      })}
      <div class="actions">
        <button part="button" type="submit">${msg('Enregistrer')}</button>
      </div>
    </form>
  </section>`;
}
