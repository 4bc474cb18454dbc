import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { adminStyles } from './admin.styles.js';
import { PortailApiError } from '../api/errors.js';
import { setStaffApiBase } from './api/client.js';
import { getSession, logOut, type StaffSessionInfo } from './api/session.js';
import { staffErrorText } from './base/error-text.js';

type View = 'loading' | 'login' | 'activation' | 'settings' | 'error';

/** Sections of the staff page once logged in, each reachable by its address (#services…). */
const SECTIONS = [
  ['reglages', 'Réglages'],
  ['services', 'Services'],
  ['calendrier', 'Calendrier'],
  ['inscriptions', 'Inscriptions'],
  ['demandes', 'Demandes'],
  ['effectifs', 'Effectifs'],
  ['familles', 'Familles'],
  ['fiches', 'Fiches familles'],
  ['documents', 'Documents'],
  ['facturation', 'Facturation'],
  ['paiements', 'Paiements'],
] as const;
type Section = (typeof SECTIONS)[number][0];

const sectionOf = (hash: string): Section => SECTIONS.find(([id]) => `#${id}` === hash)?.[0] ?? 'reglages';

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
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 0.5em;
        margin: 0 0 1.5em;
        padding: 0;
        list-style: none;
        border-bottom: 0.0625em solid #d0d4da;
      }
      nav a {
        display: inline-block;
        padding: 0.5em 0.75em;
        border-bottom: 0.1875em solid transparent;
        color: var(--_portail-text);
        text-decoration: none;
      }
      nav a:hover {
        text-decoration: underline;
      }
      nav a[aria-current='page'] {
        border-bottom-color: var(--_portail-primary);
        color: var(--_portail-primary);
        font-weight: bold;
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
  @state() private section: Section = sectionOf(location.hash);

  private readonly followHash = () => {
    this.section = sectionOf(location.hash);
  };

  override connectedCallback() {
    super.connectedCallback();
    if (this.apiBase) setStaffApiBase(this.apiBase);
    this.addEventListener('portail-staff-signed-in', (event) => void this.signedIn(event.session));
    this.addEventListener('portail-settings-changed', () => {
      this.revision += 1;
    });
    window.addEventListener('hashchange', this.followHash);
    if (this.view === 'activation' || /\/admin\/activation\/?$/.test(location.pathname)) {
      this.current = 'activation';
      return;
    }
    void this.restore();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.followHash);
  }

  private async restore() {
    try {
      this.session = await getSession();
      this.current = 'settings';
    } catch (error) {
      if (error instanceof PortailApiError && error.status === 401) this.current = 'login';
      else {
        this.error = staffErrorText(error);
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

  private renderNav() {
    return html`<nav aria-label="Sections de l’espace du personnel">
      <ul>
        ${SECTIONS.map(
          ([id, label]) => html`<li><a href=${`#${id}`} aria-current=${this.section === id ? 'page' : 'false'} @click=${() => (this.section = id)}>${label}</a></li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderSection(canEdit: boolean) {
    switch (this.section) {
      case 'reglages':
        return html`
          <portail-admin-settings ?can-edit=${canEdit}></portail-admin-settings>
          <portail-admin-origins ?can-edit=${canEdit}></portail-admin-origins>
          <portail-admin-keys ?can-edit=${canEdit}></portail-admin-keys>
          <portail-admin-snippet .revision=${this.revision}></portail-admin-snippet>
          <portail-admin-audit .revision=${this.revision}></portail-admin-audit>
        `;
      case 'services':
        return html`<portail-admin-services ?can-edit=${canEdit}></portail-admin-services><portail-admin-reasons ?can-edit=${canEdit}></portail-admin-reasons>`;
      case 'calendrier':
        return html`<portail-admin-calendar ?can-edit=${canEdit}></portail-admin-calendar>`;
      case 'familles':
        return html`<portail-admin-families ?can-edit=${canEdit}></portail-admin-families>`;
      case 'inscriptions':
        return html`<portail-admin-enrollments></portail-admin-enrollments>`;
      case 'demandes':
        return html`<portail-admin-requests></portail-admin-requests>`;
      case 'effectifs':
        return html`<portail-admin-headcounts></portail-admin-headcounts>`;
      case 'fiches':
        return html`<portail-admin-file-requests></portail-admin-file-requests>`;
      case 'documents':
        return html`<portail-admin-documents ?can-edit=${canEdit}></portail-admin-documents>`;
      case 'facturation':
        return html`<portail-admin-billing ?can-edit=${canEdit}></portail-admin-billing>`;
      case 'paiements':
        return html`${canEdit ? html`<portail-admin-payment-settings can-edit></portail-admin-payment-settings>` : ''}<portail-admin-payments></portail-admin-payments>`;
    }
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
      case 'settings':
        return html`${this.renderNav()} ${this.renderSection(this.session?.staff.role === 'admin')}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin': PortailAdmin;
  }
}
