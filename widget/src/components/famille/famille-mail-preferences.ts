import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { saveMailPreferences, type MailPreferences } from '../../api/messages.js';
import { heading } from './famille-form.js';
import type { FamilleHost } from './famille-group.js';

const KEY = 'mail-preferences';

const choices = (): Array<[keyof MailPreferences, string]> => [
  ['messages', msg('Les messages de la mairie')],
  ['invoices', msg('Les nouvelles factures')],
  ['bookings', msg('Les confirmations de réservation')],
  ['waitlist', msg('Les propositions de place (liste d’attente)')],
];

/**
 * Which e-mails the family receives, sent to its notification addresses: one checkbox per kind,
 * saved at once. `prefs` is undefined while they load.
 */
export function mailPreferencesSection(host: FamilleHost, prefs: MailPreferences | undefined, saved: (prefs: MailPreferences) => void) {
  const { editing } = host;
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = Object.fromEntries(
      choices().map(([name]) => [name, (form.elements.namedItem(name) as HTMLInputElement).checked]),
    ) as unknown as MailPreferences;
    void editing.write(KEY, msg('Enregistrement…'), async (signal) => {
      saved(await saveMailPreferences(host.client, body, signal));
      return msg('Vos choix d’e-mails sont enregistrés.');
    });
  };
  return html`<section class="group" part="section">
    ${heading(4, `${KEY}-h`, msg('E-mails que je reçois'))} ${editing.messages(KEY)}
    ${prefs
      ? html`<form id="mail-preferences-form" part="form" novalidate @submit=${onSubmit}>
          <fieldset>
            <legend>${msg('M’envoyer un e-mail pour :')}</legend>
            ${choices().map(
              ([name, label]) => html`<div class="check">
                <input type="checkbox" id="mail-${name}" name=${name} .checked=${prefs[name]} />
                <label for="mail-${name}">${label}</label>
              </div>`,
            )}
          </fieldset>
          <div class="actions">
            <button part="button button-primary" type="submit" class="primary">${msg('Enregistrer mes choix')}</button>
          </div>
        </form>`
      : nothing}
  </section>`;
}
