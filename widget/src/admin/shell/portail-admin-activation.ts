import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { activateAccount } from '../api/session.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary First connection of a staff member: the single-use link carries its token in the URL
 * fragment; the person chooses a password (12 to 128 characters).
 */
export class PortailAdminActivation extends AdminElement {
  /** The token; read from `location.hash` (then removed from the address bar) when not set. */
  @property({ attribute: false }) token = '';

  @state() private done = '';

  override connectedCallback() {
    super.connectedCallback();
    if (!this.token && location.hash.length > 1) {
      this.token = decodeURIComponent(location.hash.slice(1));
      // The token must not linger in the address bar, the history or a screenshot.
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  override render() {
    const title = html`<h2 id="activation-title">${msg('Activation de votre compte')}</h2>`;
    if (this.done) {
      return html`<section class="card" aria-labelledby="activation-title">
        ${title}
        <p class="notice" role="status">${this.done}</p>
        <p><a href="../admin">${msg('Aller à la page de connexion')}</a></p>
      </section>`;
    }
    if (!this.token) {
      return html`<section class="card" aria-labelledby="activation-title">
        ${title}
        <p class="alert" role="alert">${msg('Ce lien d’activation est incomplet. Ouvrez le lien reçu en entier, ou demandez-en un nouveau à l’administrateur de la commune.')}</p>
      </section>`;
    }
    return html`
      <section class="card" aria-labelledby="activation-title">
        ${title}
        <p>${msg('Choisissez le mot de passe de votre compte du personnel. Ce lien ne sert qu’une fois.')}</p>
        <div class="alert" role="alert">${this.error}</div>
        <form @submit=${this.submit} novalidate>
          <div class="field">
            <label for="password">${msg('Nouveau mot de passe')}</label>
            <p class="hint" id="password-hint">${msg('Entre 12 et 128 caractères. Une phrase de plusieurs mots est un bon choix.')}</p>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="128"
              aria-describedby="password-hint ${this.fields.password ? 'password-error' : ''}" aria-invalid=${this.fields.password ? 'true' : 'false'} />
            ${this.fields.password ? html`<p class="field-error" id="password-error">${this.fields.password}</p>` : ''}
          </div>
          <div class="field">
            <label for="confirm">${msg('Confirmez le mot de passe')}</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" required
              aria-describedby=${this.fields.confirm ? 'confirm-error' : nothing} aria-invalid=${this.fields.confirm ? 'true' : 'false'} />
            ${this.fields.confirm ? html`<p class="field-error" id="confirm-error">${this.fields.confirm}</p>` : ''}
          </div>
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${msg('Enregistrer mon mot de passe')}</button></div>
        </form>
      </section>
    `;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    const confirm = String(data.get('confirm') ?? '');
    const fields: Record<string, string> = {};
    if (password.length < 12) fields.password = msg('Le mot de passe doit contenir au moins 12 caractères.');
    else if (password.length > 128) fields.password = msg('Le mot de passe ne doit pas dépasser 128 caractères.');
    else if (password !== confirm) fields.confirm = msg('Les deux mots de passe ne sont pas identiques.');
    this.fields = fields;
    if (Object.keys(fields).length) {
      this.error = msg('Le mot de passe n’est pas accepté. Corrigez le champ signalé.');
      return this.focusFirstInvalid();
    }
    await this.run(async () => {
      this.done = (await activateAccount(this.token, password)).message;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-activation': PortailAdminActivation;
  }
}
