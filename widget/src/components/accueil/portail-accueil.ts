import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getHome } from '../../api/me.js';
import { getUnread } from '../../api/messages.js';
import type { Home } from '../../api/me.js';
import { getHomeSummary, type HomeSummary } from '../../api/accueil.js';
import { familyLabel } from '../../base/format.js';
import { PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import type { PortailMessagesReadEvent } from '../../events/messages-read.js';
import { accueilStyles } from './portail-accueil.styles.js';
import type { PaymentRedirect } from '../../api/factures.js';
import { leaveForProvider } from '../factures/payment-flow.js';
import { DebtPayment } from '../factures/debt-payment.js';
import { balanceSection, pendingSection, townSection, upcomingSection } from './accueil-sections.js';

/**
 * @summary The parent's home: greeting, shortcuts, balance due, the coming week per child,
 * requests awaiting the town, and the town's message and contact.
 *
 * Shows an invitation to sign in while no parent is signed in; it follows the session shared
 * with `<portail-login>` on the same page or on a previous page of the same tab.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart children - The list of children.
 * @csspart shortcuts - The navigation list of shortcuts.
 * @csspart unread - The "Vous avez N nouveaux messages" notice.
 * @csspart help-link - The "Aide et contact" link.
 * @csspart balance - The balance due, with "Régler" when the page gives `factures-href`.
 * @csspart upcoming - The coming days' bookings per child.
 * @csspart pending - Requests awaiting the town.
 * @csspart town - The town's message and contact ("Informations utiles").
 *
 * @cssproperty --portail-color-primary - Links and shortcut borders (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - School and class (default #4d5562).
 * @cssproperty --portail-color-error - Error messages (default #b3261e).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-radius - Corner radius of shortcuts (default 0.25em).
 */
@localized()
export class PortailAccueil extends PortailElement {
  static override styles = [...PortailElement.styles, accueilStyles];

  /** Address of the town page holding `<portail-planning>`. */
  @property({ attribute: 'planning-href' }) planningHref?: string;

  /** Address of the town page holding `<portail-factures>`. */
  @property({ attribute: 'factures-href' }) facturesHref?: string;

  /** Address of the town page holding the family file. */
  @property({ attribute: 'famille-href' }) familleHref?: string;

  /** Address of the town page holding `<portail-panier>` (services paid at booking). */
  @property({ attribute: 'panier-href' }) panierHref?: string;
  /** Address of the town page holding `<portail-messages>`: a shortcut, and the link of the new-messages notice. */
  @property({ attribute: 'messages-href' }) messagesHref?: string;

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  private readonly homeTask = new Task(this, {
    task: async ([client, token]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client && token ? getHome(client, signal) : undefined,
    args: () => [this.client, this.session.state?.token] as const,
  });

  /** "Régler ma dette": the solde paid alone, without new bookings. */
  private readonly debt = new DebtPayment(
    this,
    () => (this.session.state ? this.client : undefined),
    (redirect) => this.navigate(redirect),
  );

  /** Sends the browser to the provider's payment page. */
  protected navigate(redirect: PaymentRedirect): void {
    leaveForProvider(redirect);
  }

  private readonly unreadTask = new Task(this, {
    task: async ([client, token]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client && token ? (await getUnread(client, signal)).unread : 0,
    args: () => [this.client, this.session.state?.token] as const,
  });

  /** The count `<portail-messages>` announced on this page, newer than the one read at sign-in. */
  private announced: number | null = null;

  private readonly onRead = (event: PortailMessagesReadEvent) => {
    this.announced = event.unread;
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('portail-messages-read', this.onRead);
  }

  private readonly summaryTask = new Task(this, {
    task: async ([client, token]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client && token ? getHomeSummary(client, signal) : undefined,
    args: () => [this.client, this.session.state?.token] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('portail-messages-read', this.onRead);
    this.homeTask.abort();
    this.unreadTask.abort();
    this.summaryTask.abort();
  }

  override render() {
    if (this.blocked) return this.renderBlocked();
    return html`<div part="base">
      ${this.session.state
        ? this.homeTask.render({
            pending: () => loadingLine(msg('Chargement de votre espace famille…')),
            complete: (home) => (home ? this.renderHome(home) : nothing),
            error: failureLine,
          })
        : signedOutView(
            msg('Espace famille'),
            msg('Connectez-vous pour consulter vos réservations, vos factures et votre dossier famille.'),
            this.loginHref,
          )}
      ${this.helpLink()}
    </div>`;
  }

  private renderHome(home: Home) {
    return html`<h2>${msg(str`Bonjour, ${familyLabel(home.family.name)}`)}</h2>
      ${this.renderUnread()} ${this.renderShortcuts()} ${this.debt.render(home.family.email, this.panierHref)}
      ${this.summaryTask.render({
        pending: () => loadingLine(msg('Chargement de votre tableau de bord…')),
        complete: (summary) => (summary ? this.renderSummary(summary) : nothing),
        error: failureLine,
      })}
      ${townSection(this.configTask.value)}
      <h3>${msg('Vos enfants')}</h3>
      ${home.children.length === 0
        ? html`<p>${msg('Aucun enfant n’est rattaché à votre dossier. Contactez la mairie si c’est une erreur.')}</p>`
        : html`<ul class="children" part="children">
            ${home.children.map(
              (child) => html`<li>
                <span class="child-name">${child.firstName} ${child.lastName}</span>
                <span class="child-school">${child.school}${child.className ? ` – ${child.className}` : ''}</span>
              </li>`,
            )}
          </ul>`}`;
  }

  /** "Vous avez N nouveaux messages", with the link to the messages page when the page names one. */
  private renderUnread() {
    const unread = this.announced ?? this.unreadTask.value ?? 0;
    if (unread <= 0) return nothing;
    const text = unread === 1 ? msg('Vous avez un nouveau message') : msg(str`Vous avez ${unread} nouveaux messages`);
    return html`<p class="unread" part="unread" role="status">
      ${this.messagesHref ? html`<a href=${this.messagesHref}>${text}</a>` : text}
    </p>`;
  }

  private renderSummary(summary: HomeSummary) {
    return html`<div class="dashboard">
      ${balanceSection(summary, this.facturesHref)} ${upcomingSection(summary, this.planningHref)} ${pendingSection(summary)}
    </div>`;
  }

  private renderShortcuts() {
    const links = [
      { href: this.planningHref, label: msg('Planning et réservations') },
      { href: this.panierHref, label: msg('Mon panier') },
      { href: this.facturesHref, label: msg('Factures et paiements') },
      { href: this.familleHref, label: msg('Dossier famille') },
      { href: this.messagesHref, label: msg('Messages') },
    ].filter((link): link is { href: string; label: string } => Boolean(link.href));
    if (links.length === 0) return nothing;
    return html`<nav class="shortcuts" part="shortcuts" aria-label=${msg('Raccourcis')}>
      <ul>
        ${links.map((link) => html`<li><a href=${link.href}>${link.label}</a></li>`)}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-accueil': PortailAccueil;
  }
}
