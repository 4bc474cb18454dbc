import { html } from 'lit';
import { msg } from '@lit/localize';
import { PortailApiError } from '../../api/errors.js';
import { PortailStaffSignedInEvent } from '../../events/staff-signed-in.js';
import { logIn } from '../api/session.js';
import { AdminElement } from '../base/admin-element.js';
import { staffErrorText } from '../base/error-text.js';

/**
 * @summary Staff login form (e-mail + password) of the staff page.
 * @event portail-staff-signed-in - The staff member is logged in; `event.session` describes them.
 */
export class PortailAdminLogin extends AdminElement {
  override render() {
    return html`
      <section class="card" aria-labelledby="login-title">
        <h2 id="login-title" tabindex="-1" data-focus-target>${msg('Connexion du personnel')}</h2>
        <p class="hint">${msg('Réservé aux agents et administrateurs de la commune. Les familles se connectent sur le site de la commune.')}</p>
        <div class="alert" role="alert">${this.error}</div>
        <form @submit=${this.submit} novalidate>
          <div class="field">
            <label for="email">${msg('Adresse e-mail professionnelle')}</label>
            <input id="email" name="email" type="email" autocomplete="username" required spellcheck="false" />
          </div>
          <div class="field">
            <label for="password">${msg('Mot de passe')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? msg('Connexion…') : msg('Se connecter')}</button>
          </div>
        </form>
      </section>
    `;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      this.error = msg('Indiquez votre adresse e-mail et votre mot de passe.');
      this.renderRoot.querySelector<HTMLInputElement>(email ? '#password' : '#email')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const session = await logIn(email, password);
      form.reset();
      this.dispatchEvent(new PortailStaffSignedInEvent(session));
    } catch (error) {
      this.error = error instanceof PortailApiError && error.code === 'validation' ? msg('Adresse e-mail ou mot de passe incorrect.') : staffErrorText(error);
      this.renderRoot.querySelector<HTMLInputElement>('#password')!.value = '';
    } finally {
      this.busy = false;
    }
  }

  override focus() {
    this.renderRoot.querySelector<HTMLElement>('[data-focus-target]')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-login': PortailAdminLogin;
  }
}
