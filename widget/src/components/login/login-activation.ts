import { html } from 'lit';
import { msg } from '@lit/localize';
import { renderField } from '../../base/form-fields.js';
import { mainHeading } from '../../base/portail-element.js';
import { newPasswordFields } from './login-password.js';

/**
 * The first connection: with the family number and activation code of the town hall's letter,
 * the parent chooses the e-mail and password of the account.
 */
export function activationView(
  errors: Record<string, string | undefined>,
  onSubmit: (event: SubmitEvent) => void,
  back: () => void,
) {
  return html`${mainHeading(msg('Première connexion'))}
    <p>${msg('Munissez-vous du courrier d’activation envoyé par la mairie : il indique votre numéro de famille et votre code d’activation.')}</p>
    <form part="form" novalidate @submit=${onSubmit}>
      ${renderField({ name: 'familyNumber', label: msg('Numéro de famille'), autocomplete: 'off', error: errors.familyNumber })}
      ${renderField({ name: 'code', label: msg('Code d’activation'), autocomplete: 'one-time-code', error: errors.code })}
      ${renderField({
        name: 'email',
        label: msg('Adresse e-mail'),
        hint: msg('Elle vous servira d’identifiant et recevra les messages de la mairie.'),
        type: 'email',
        autocomplete: 'email',
        error: errors.email,
      })}
      ${newPasswordFields('password', msg('Mot de passe'), msg('Confirmation du mot de passe'), errors)}
      <div class="actions">
        <button part="button button-primary" type="submit" class="primary">${msg('Activer mon compte')}</button>
        <button part="button" type="button" class="link" @click=${back}>${msg('Retour à la connexion')}</button>
      </div>
    </form>`;
}
