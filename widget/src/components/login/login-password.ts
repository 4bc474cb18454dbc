import { html } from 'lit';
import { msg } from '@lit/localize';
import { renderField } from '../../base/form-fields.js';
import { mainHeading } from '../../base/portail-element.js';

/** The password views of `<portail-login>`: forgotten password, reset from the e-mail's link, change once signed in. */

type Errors = Record<string, string | undefined>;
type Submit = (event: SubmitEvent) => void;

export function passwordRules(): string {
  return msg('Entre 12 et 128 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.');
}

/** The identifier a parent signs in with, as the login and forgotten-password forms ask for it. */
export function loginField(error: string | undefined) {
  return renderField({
    name: 'login',
    label: msg('Identifiant'),
    hint: msg('Votre adresse e-mail ou votre numéro de famille.'),
    autocomplete: 'username',
    error,
  });
}

/** A new password and its confirmation (`confirm`), as activation, reset and change ask for them. */
export function newPasswordFields(name: string, label: string, confirmLabel: string, errors: Errors) {
  return html`${renderField({
      name,
      label,
      hint: passwordRules(),
      type: 'password',
      autocomplete: 'new-password',
      error: errors[name],
    })}
    ${renderField({
      name: 'confirm',
      label: confirmLabel,
      type: 'password',
      autocomplete: 'new-password',
      error: errors.confirm,
    })}`;
}

export function forgotView(errors: Errors, onSubmit: Submit, back: () => void) {
  return html`${mainHeading(msg('Mot de passe oublié'))}
    <p>${msg('Indiquez votre identifiant : si un compte lui correspond, vous recevrez un e-mail contenant un lien pour choisir un nouveau mot de passe.')}</p>
    <form part="form" novalidate @submit=${onSubmit}>
      ${loginField(errors.login)}
      <div class="actions">
        <button part="button button-primary" type="submit" class="primary">${msg('Recevoir le lien')}</button>
        <button part="button" type="button" class="link" @click=${back}>${msg('Retour à la connexion')}</button>
      </div>
    </form>`;
}

export function forgotSentView(back: () => void) {
  return html`${mainHeading(msg('Mot de passe oublié'))}
    <p class="notice">
      ${msg('Si un compte correspond à cet identifiant, un e-mail contenant un lien de réinitialisation a été envoyé à l’adresse associée. Ce lien est valable pendant une durée limitée ; pensez à vérifier vos courriers indésirables.')}
    </p>
    <div class="actions">
      <button part="button" type="button" @click=${back}>${msg('Retour à la connexion')}</button>
    </div>`;
}

export function resetView(errors: Errors, onSubmit: Submit, askNewLink: () => void) {
  return html`${mainHeading(msg('Choisir un nouveau mot de passe'))}
    <form part="form" novalidate @submit=${onSubmit}>
      ${newPasswordFields('password', msg('Nouveau mot de passe'), msg('Confirmation du nouveau mot de passe'), errors)}
      <div class="actions">
        <button part="button button-primary" type="submit" class="primary">${msg('Enregistrer le mot de passe')}</button>
        <button part="button" type="button" class="link" @click=${askNewLink}>${msg('Demander un nouveau lien')}</button>
      </div>
    </form>`;
}

export function changePasswordView(errors: Errors, onSubmit: Submit, cancel: () => void) {
  return html`${mainHeading(msg('Changer mon mot de passe'))}
    <form part="form" novalidate @submit=${onSubmit}>
      ${renderField({
        name: 'currentPassword',
        label: msg('Mot de passe actuel'),
        type: 'password',
        autocomplete: 'current-password',
        error: errors.currentPassword,
      })}
      ${newPasswordFields('newPassword', msg('Nouveau mot de passe'), msg('Confirmation du nouveau mot de passe'), errors)}
      <div class="actions">
        <button part="button button-primary" type="submit" class="primary">${msg('Enregistrer le mot de passe')}</button>
        <button part="button" type="button" class="link" @click=${cancel}>${msg('Annuler')}</button>
      </div>
    </form>`;
}
