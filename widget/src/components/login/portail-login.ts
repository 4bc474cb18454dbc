import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import {
  activate,
  changePassword,
  forgotPassword,
  prolong,
  resetPassword,
  signIn,
  signOut,
} from '../../api/session.js';
import type { TenantConfig } from '../../api/config.js';
import { isAbort, PortailApiError } from '../../api/errors.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import { familyLabel, formatDate } from '../../base/format.js';
import { describedBy, fieldFrame, formValues } from '../../base/form-fields.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { PortailSignedInEvent } from '../../events/signed-in.js';
import { PortailSignedOutEvent } from '../../events/signed-out.js';
import type { SessionChangeReason, SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import { activationView } from './login-activation.js';
import { changePasswordView, forgotSentView, forgotView, loginField, resetView } from './login-password.js';
import { loginStyles } from './portail-login.styles.js';

type GuestView = 'login' | 'activation' | 'forgot' | 'forgot-sent';
type AccountView = 'account' | 'change-password';
type View = GuestView | AccountView | 'reset';

const RESET_FRAGMENT = /^#portail-reset=([^&]+)$/;
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;

/**
 * @summary Login, first connection, password reset and change, and logout for parents.
 *
 * Shows the town banner and its information message. When the page URL holds
 * `#portail-reset=<token>` (the link of the reset e-mail), the reset form is shown and the
 * fragment removed from the address bar. Two minutes before the session ends, a warning offers
 * to prolong it.
 *
 * @event portail-signed-in - A parent signed in (login or first connection). `event.family` holds `{ id, name }`.
 * @event portail-signed-out - The parent signed out or the session expired. `event.reason` is `signed-out` or `expired`.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart banner - The town banner (logo or name).
 * @csspart logo - The town logo image.
 * @csspart info - The town's information message.
 * @csspart error - The error message region.
 * @csspart expiry-warning - The "session about to expire" warning.
 * @csspart form - Each form (login, first connection, forgotten, reset and change password).
 * @csspart input - Each text and password field.
 * @csspart button - Every button; the main action of a view also has `button-primary`.
 * @csspart button-primary - The main action of the current view.
 *
 * @cssproperty --portail-color-primary - Primary buttons and links (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons (default: the town's, else #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - Hints and dates (default #4d5562).
 * @cssproperty --portail-color-surface - Field and secondary button background (default #ffffff).
 * @cssproperty --portail-color-border - Field borders (default #6b7280).
 * @cssproperty --portail-color-error - Error messages (default #b3261e).
 * @cssproperty --portail-color-success - Confirmation messages (default #1e6b34).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-color-info-background - Information message background (default #eef3fa).
 * @cssproperty --portail-radius - Corner radius of fields and buttons (default 0.25em).
 * @cssproperty --portail-font-family - Font (default: inherited from the page).
 * @cssproperty --portail-font-size - Base size (default: the page's, at least 16px).
 */
@localized()
export class PortailLogin extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, loginStyles];

  @state() private guestView: GuestView = 'login';
  @state() private accountView: AccountView = 'account';
  @state() private resetToken: string | null = null;
  @state() private busy = '';
  @state() private alert = '';
  @state() private notice = '';
  @state() private fieldErrors: Record<string, string> = {};
  @state() private passwordVisible = false;

  #submitting?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    this.readResetFragment();
    window.addEventListener('hashchange', this.readResetFragment);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.readResetFragment);
    this.#submitting?.abort();
  }

  /** The reset token travels in the fragment so it never reaches a server log or a Referer. */
  private readResetFragment = (): void => {
    const match = RESET_FRAGMENT.exec(location.hash);
    if (!match) return;
    const token = decodeURIComponent(match[1]);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    this.showView(() => {
      this.resetToken = token;
    });
  };

  private get view(): View {
    if (this.resetToken) return 'reset';
    return this.session.state ? this.accountView : this.guestView;
  }

  protected override sessionChanged(state: SessionState | null, reason: SessionChangeReason): void {
    if (state || reason !== 'expired') return;
    this.accountView = 'account';
    this.guestView = 'login';
    this.notice = '';
    this.alert = msg('Votre session a expiré. Veuillez vous reconnecter.');
    this.dispatchEvent(new PortailSignedOutEvent('expired'));
    if (this.matches(':focus-within')) void this.focusHeading();
  }

  /** Changes view, clears stale messages and moves focus to the new heading. */
  private showView(change: () => void, notice = ''): void {
    change();
    this.alert = '';
    this.fieldErrors = {};
    this.notice = notice;
    this.passwordVisible = false;
    void this.focusHeading();
  }

  /** Runs one API call at a time with its loading message and error display. */
  private async submit(busyText: string, action: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.busy || !this.client) return;
    this.#submitting = new AbortController();
    this.busy = busyText;
    this.alert = '';
    this.notice = '';
    try {
      await action(this.#submitting.signal);
    } catch (error) {
      if (isAbort(error)) return;
      this.alert = errorText(error);
      this.fieldErrors = Object.fromEntries(
        Object.keys(error instanceof PortailApiError ? error.fields : {}).map((field) => [
          field,
          fieldErrorText(error, field) ?? '',
        ]),
      );
      await this.updateComplete;
      const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) invalid.focus();
    } finally {
      this.busy = '';
    }
  }

  /** Client-side checks, so that obvious mistakes do not cost a round trip. */
  private validate(values: Record<string, string>, required: string[], newPassword?: string): boolean {
    const errors: Record<string, string> = {};
    for (const name of required) {
      if (!values[name]) errors[name] = msg('Veuillez remplir ce champ.');
    }
    if (newPassword && !errors[newPassword]) {
      const password = values[newPassword];
      if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
        errors[newPassword] = msg('Le mot de passe doit contenir entre 12 et 128 caractères.');
      } else if (values.confirm !== password) {
        errors.confirm = msg('Les deux mots de passe ne sont pas identiques.');
      }
    }
    this.fieldErrors = errors;
    if (Object.keys(errors).length === 0) return true;
    this.alert = msg('Le formulaire contient des erreurs. Veuillez les corriger.');
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
    return false;
  }

  private onLogin(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!this.validate(values, ['login', 'password'])) return;
    void this.submit(msg('Connexion en cours…'), async (signal) => {
      const session = await signIn(this.client!, { login: values.login, password: values.password }, signal);
      this.dispatchEvent(new PortailSignedInEvent(session.family));
      this.showView(() => {
        this.accountView = 'account';
      });
    });
  }

  private onActivate(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!this.validate(values, ['familyNumber', 'code', 'email', 'password', 'confirm'], 'password')) return;
    void this.submit(msg('Activation de votre compte…'), async (signal) => {
      const { familyNumber, code, email, password } = values;
      const session = await activate(this.client!, { familyNumber, code, email, password }, signal);
      this.dispatchEvent(new PortailSignedInEvent(session.family));
      this.showView(() => {
        this.accountView = 'account';
      }, msg('Votre compte est activé. Bienvenue sur votre espace famille.'));
    });
  }

  private onForgot(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!this.validate(values, ['login'])) return;
    void this.submit(msg('Envoi de la demande…'), async (signal) => {
      await forgotPassword(this.client!, { login: values.login }, signal);
      this.showView(() => {
        this.guestView = 'forgot-sent';
      });
    });
  }

  private onReset(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!this.validate(values, ['password', 'confirm'], 'password')) return;
    const token = this.resetToken!;
    void this.submit(msg('Enregistrement du mot de passe…'), async (signal) => {
      await resetPassword(this.client!, { token, password: values.password }, signal);
      this.showView(() => {
        this.resetToken = null;
        this.guestView = 'login';
      }, msg('Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.'));
    });
  }

  private onChangePassword(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!this.validate(values, ['currentPassword', 'newPassword', 'confirm'], 'newPassword')) return;
    void this.submit(msg('Enregistrement du mot de passe…'), async (signal) => {
      await changePassword(
        this.client!,
        { currentPassword: values.currentPassword, newPassword: values.newPassword },
        signal,
      );
      this.showView(() => {
        this.accountView = 'account';
      }, msg('Votre mot de passe a été modifié. Vos autres sessions ont été fermées.'));
    });
  }

  private onSignOut(): void {
    void this.submit(msg('Déconnexion…'), async () => {
      // The session is gone locally whatever the server answers; an error would only confuse.
      await signOut(this.client!).catch(() => undefined);
      this.dispatchEvent(new PortailSignedOutEvent('signed-out'));
      this.showView(() => {
        this.guestView = 'login';
        this.accountView = 'account';
      }, msg('Votre déconnexion a bien été effectuée. À bientôt !'));
    });
  }

  private onProlong(): void {
    void this.submit(msg('Prolongation de la session…'), async (signal) => {
      await prolong(this.client!, signal);
      this.notice = msg('Votre session a été prolongée.');
      void this.focusHeading();
    });
  }

  private goTo(view: GuestView | AccountView): () => void {
    return () =>
      this.showView(() => {
        if (view === 'account' || view === 'change-password') this.accountView = view;
        else this.guestView = view;
      });
  }

  override render() {
    if (this.blocked) return this.renderBlocked();
    return html`<div part="base">
      ${this.configTask.render({
        complete: (config) => (config ? this.renderTown(config) : nothing),
        error: () =>
          html`<p class="alert" role="alert">
            ${msg('Les informations de la commune sont momentanément indisponibles.')}
          </p>`,
      })}
      ${this.renderExpiryWarning()}
      <div class="alert" role="alert" part="error">${this.alert}</div>
      <div role="status" class="status">
        ${this.busy ? html`<p>${this.busy}</p>` : this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
      </div>
      ${this.renderView()} ${this.helpLink()}
    </div>`;
  }

  private renderTown(config: TenantConfig) {
    return html`<div class="banner" part="banner">
        ${config.logoUrl
          ? html`<img part="logo" src=${config.logoUrl} alt=${config.name} />`
          : html`<p class="town-name">${config.name}</p>`}
      </div>
      ${config.info?.message
        ? html`<div class="info" part="info">
            ${config.info.date
              ? html`<p class="info-date">${msg(str`Information du ${formatDate(config.info.date)}`)}</p>`
              : nothing}
            <p>${config.info.message}</p>
          </div>`
        : nothing}`;
  }

  private renderExpiryWarning() {
    const remaining = this.session.warningRemaining;
    if (remaining === null || this.view === 'reset') return nothing;
    const minutes = Math.max(1, Math.ceil(remaining / 60_000));
    return html`<div class="expiry-warning" part="expiry-warning" role="alert">
      <p>
        ${minutes === 1
          ? msg('Votre session va expirer dans 1 minute.')
          : msg(str`Votre session va expirer dans ${minutes} minutes.`)}
      </p>
      <button part="button button-primary" type="button" class="primary" @click=${this.onProlong}>${msg('Prolonger la session')}</button>
    </div>`;
  }

  private renderView(): TemplateResult {
    switch (this.view) {
      case 'login':
        return this.renderLogin();
      case 'activation':
        return activationView(this.fieldErrors, this.onActivate, this.goTo('login'));
      case 'forgot':
        return forgotView(this.fieldErrors, this.onForgot, this.goTo('login'));
      case 'forgot-sent':
        return forgotSentView(this.goTo('login'));
      case 'reset':
        return resetView(this.fieldErrors, this.onReset, () =>
          this.showView(() => {
            this.resetToken = null;
            this.guestView = 'forgot';
          }),
        );
      case 'change-password':
        return changePasswordView(this.fieldErrors, this.onChangePassword, this.goTo('account'));
      case 'account':
        return this.renderAccount();
    }
  }

  private renderLogin() {
    const password = { id: 'password', label: msg('Mot de passe'), error: this.fieldErrors.password };
    return html`${mainHeading(msg('Connexion à votre espace famille'))}
      <form part="form" novalidate @submit=${this.onLogin}>
        ${loginField(this.fieldErrors.login)}
        ${fieldFrame(
          password,
          html`<div class="password">
            <input
              part="input"
              id="password"
              name="password"
              type=${this.passwordVisible ? 'text' : 'password'}
              autocomplete="current-password"
              required
              aria-describedby=${describedBy(password)}
              aria-invalid=${password.error ? 'true' : nothing}
            />
            <button
              part="button"
              type="button"
              aria-pressed=${this.passwordVisible ? 'true' : 'false'}
              aria-controls="password"
              @click=${() => (this.passwordVisible = !this.passwordVisible)}
            >
              ${msg('Afficher le mot de passe')}
            </button>
          </div>`,
        )}
        <div class="actions">
          <button part="button button-primary" type="submit" class="primary">${msg('Se connecter')}</button>
        </div>
      </form>
      <div class="actions">
        <button part="button" type="button" class="link" @click=${this.goTo('forgot')}>${msg('Mot de passe oublié ?')}</button>
        <button part="button" type="button" class="link" @click=${this.goTo('activation')}>
          ${msg('Première connexion ? Activez votre compte')}
        </button>
      </div>`;
  }

  private renderAccount() {
    const family = this.session.state!.family;
    return html`${mainHeading(msg('Votre compte'))}
      <p>${msg(str`Connecté en tant que ${familyLabel(family.name)}`)}</p>
      <div class="actions">
        <button part="button" type="button" @click=${this.goTo('change-password')}>${msg('Changer mon mot de passe')}</button>
        <button part="button button-primary" type="button" class="primary" @click=${this.onSignOut}>${msg('Se déconnecter')}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-login': PortailLogin;
  }
}
