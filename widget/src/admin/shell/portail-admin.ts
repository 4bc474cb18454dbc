import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { PortailApiError } from '../../api/errors.js';
import { setStaffApiBase } from '../api/client.js';
import { getSession, logOut, type StaffSessionInfo } from '../api/session.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { portailAdminStyles } from './portail-admin.styles.js';

type View = 'loading' | 'login' | 'activation' | 'settings' | 'error';

/** Sections of the staff page once logged in, each reachable by its address (#services…). */
const SECTIONS = ['reglages', 'services', 'calendrier', 'inscriptions', 'demandes', 'effectifs', 'familles', 'fiches', 'documents', 'facturation', 'paiements', 'messages'] as const;
type Section = (typeof SECTIONS)[number];

const SECTION_LABELS: Record<Section, () => string> = {
  reglages: () => msg('Réglages'),
  services: () => msg('Services'),
  calendrier: () => msg('Calendrier'),
  inscriptions: () => msg('Inscriptions'),
  demandes: () => msg('Demandes'),
  effectifs: () => msg('Effectifs'),
  familles: () => msg('Familles'),
  fiches: () => msg('Fiches familles'),
  documents: () => msg('Documents'),
  facturation: () => msg('Facturation'),
  paiements: () => msg('Paiements'),
  messages: () => msg('Messages'),
};

const sectionOf = (hash: string): Section => SECTIONS.find((id) => `#${id}` === hash) ?? 'reglages';

/**
 * @summary The staff page: login, account activation (`/admin/activation#token`) and, once
 * logged in, the sections of the commune's portal, each with its own address.
 */
export class PortailAdmin extends AdminElement {
  static override styles = [adminStyles, portailAdminStyles];

  /** `activation` shows the account activation form; otherwise chosen from the address. */
  @property() view?: 'activation';

  /** Staff API base (tests point it elsewhere). */
  @property({ attribute: 'api-base' }) apiBase?: string;

  @state() private current: View = 'loading';
  @state() private session?: StaffSessionInfo;
  @state() private revision = 0;
  @state() private section: Section = sectionOf(location.hash);

  private readonly followHash = () => {
    this.section = sectionOf(location.hash);
  };

  constructor() {
    super();
    this.addEventListener('portail-staff-signed-in', (event) => void this.signedIn(event.session));
    this.addEventListener('portail-settings-changed', () => {
      this.revision += 1;
    });
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.apiBase) setStaffApiBase(this.apiBase);
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
    await this.focusOn('h1');
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
        <h1 tabindex="-1">${session ? msg(str`Réglages du portail famille – ${session.tenant.name}`) : msg('Portail famille – espace du personnel')}</h1>
        ${session
          ? html`<p class="who">
              ${session.staff.displayName} (${session.staff.role === 'admin' ? msg('administrateur') : msg('agent')})
              <button class="link" type="button" @click=${this.signOut}>${msg('Se déconnecter')}</button>
            </p>`
          : ''}
      </header>
      <main>${this.renderView()}</main>
    `;
  }

  private renderNav() {
    return html`<nav aria-label=${msg('Sections de l’espace du personnel')}>
      <ul>
        ${SECTIONS.map(
          (id) => html`<li><a href=${`#${id}`} aria-current=${this.section === id ? 'page' : 'false'} @click=${() => (this.section = id)}>${SECTION_LABELS[id]()}</a></li>`,
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
      case 'messages':
        return html`<portail-admin-messages></portail-admin-messages><portail-admin-bulk></portail-admin-bulk>
          <portail-admin-message-templates @portail-templates-changed=${() => this.renderRoot.querySelector('portail-admin-messages')?.reloadTemplates()}></portail-admin-message-templates>
          <portail-admin-message-settings ?can-edit=${canEdit}></portail-admin-message-settings>`;
      case 'paiements':
        return html`${canEdit ? html`<portail-admin-payment-settings can-edit></portail-admin-payment-settings>` : ''}<portail-admin-payments ?can-decide=${canEdit}></portail-admin-payments>`;
    }
  }

  private renderView() {
    switch (this.current) {
      case 'loading':
        return html`<p role="status">${msg('Chargement…')}</p>`;
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
