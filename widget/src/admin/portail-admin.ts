import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { adminStyles } from './admin.styles.js';
import { AdminApiError, errorMessage, getSession, logOut, setAdminApiBase, type StaffSessionInfo } from './api.js';
import { AdminChangedEvent, StaffSignedInEvent } from './events.js';

type View = 'loading' | 'login' | 'activation' | 'settings' | 'error';

/**
 * @summary The staff settings page: login, account activation (`/admin/activation#token`) and,
 * once logged in, every settings section with the history of changes.
 */
export class PortailAdmin extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      :host {
        max-width: 60em;
        margin: 0 auto;
        padding: 1em;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em 1em;
        margin: 0 0 1.5em;
      }
      h1 {
        margin: 0;
        font-size: 1.5em;
        line-height: 1.25;
      }
      h1:focus {
        outline: none;
      }
      .who {
        margin: 0;
      }
    `,
  ];

  /** `activation` shows the account activation form; otherwise chosen from the address. */
  @property() view?: 'activation';

  /** Staff API base (tests point it elsewhere). */
  @property({ attribute: 'api-base' }) apiBase?: string;

  @state() private current: View = 'loading';
  @state() private session?: StaffSessionInfo;
  @state() private error = '';
  @state() private revision = 0;

  override connectedCallback() {
    super.connectedCallback();
    if (this.apiBase) setAdminApiBase(this.apiBase);
    this.addEventListener(StaffSignedInEvent.eventName, (event) => void this.signedIn(event.session));
    this.addEventListener(AdminChangedEvent.eventName, () => {
      this.revision += 1;
    });
    if (this.view === 'activation' || /\/admin\/activation\/?$/.test(location.pathname)) {
      this.current = 'activation';
      return;
    }
    void this.restore();
  }

  private async restore() {
    try {
      this.session = await getSession();
      this.current = 'settings';
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) this.current = 'login';
      else {
        this.error = errorMessage(error);
        this.current = 'error';
      }
    }
  }

  private async signedIn(session: StaffSessionInfo) {
    this.session = session;
    this.current = 'settings';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  private async signOut() {
    try {
      await logOut();
    } catch {
      // The cookie dies with the session anyway; the login form is shown regardless.
    }
    this.session = undefined;
    this.current = 'login';
    await this.updateComplete;
    this.renderRoot.querySelector('portail-admin-login')?.focus();
  }

  override render() {
    const session = this.session;
    return html`
      <header>
        <h1 tabindex="-1">${session ? `Réglages du portail famille – ${session.tenant.name}` : 'Portail famille – espace du personnel'}</h1>
        ${session
          ? html`<p class="who">
              ${session.staff.displayName} (${session.staff.role === 'admin' ? 'administrateur' : 'agent'})
              <button class="link" type="button" @click=${this.signOut}>Se déconnecter</button>
            </p>`
          : ''}
      </header>
      <main>${this.renderView()}</main>
    `;
  }

  private renderView() {
    switch (this.current) {
      case 'loading':
        return html`<p role="status">Chargement…</p>`;
      case 'error':
        return html`<p class="alert" role="alert">${this.error}</p>`;
      case 'login':
        return html`<portail-admin-login></portail-admin-login>`;
      case 'activation':
        return html`<portail-admin-activation></portail-admin-activation>`;
      case 'settings': {
        const canEdit = this.session?.staff.role === 'admin';
        return html`
          <portail-admin-settings ?can-edit=${canEdit}></portail-admin-settings>
          <portail-admin-origins ?can-edit=${canEdit}></portail-admin-origins>
          <portail-admin-keys ?can-edit=${canEdit}></portail-admin-keys>
          <portail-admin-snippet .revision=${this.revision}></portail-admin-snippet>
          <portail-admin-audit .revision=${this.revision}></portail-admin-audit>
        `;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin': PortailAdmin;
  }
}
