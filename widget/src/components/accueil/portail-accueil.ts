import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getHome } from '../../api/me.js';
import type { Home } from '../../api/me.js';
import { familyLabel } from '../../base/format.js';
import { PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import { accueilStyles } from './portail-accueil.styles.js';

/**
 * @summary The parent's home: greeting, children and shortcuts to the other pages of the portal.
 *
 * Shows an invitation to sign in while no parent is signed in; it follows the session shared
 * with `<portail-login>` on the same page or on a previous page of the same tab.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart children - The list of children.
 * @csspart shortcuts - The navigation list of shortcuts.
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

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  private readonly homeTask = new Task(this, {
    task: async ([client, token]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client && token ? getHome(client, signal) : undefined,
    args: () => [this.client, this.session.state?.token] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.homeTask.abort();
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
    </div>`;
  }

  private renderHome(home: Home) {
    return html`<h2>${msg(str`Bonjour, ${familyLabel(home.family.name)}`)}</h2>
      ${this.renderShortcuts()}
      <h3>${msg('Vos enfants')}</h3>
      ${home.children.length === 0
        ? html`<p>${msg("Aucun enfant n'est rattaché à votre dossier. Contactez la mairie si c'est une erreur.")}</p>`
        : html`<ul class="children" part="children">
            ${home.children.map(
              (child) => html`<li>
                <span class="child-name">${child.firstName} ${child.lastName}</span>
                <span class="child-school">${child.school}${child.className ? ` – ${child.className}` : ''}</span>
              </li>`,
            )}
          </ul>`}`;
  }

  private renderShortcuts() {
    const links = [
      { href: this.planningHref, label: msg('Planning et réservations') },
      { href: this.facturesHref, label: msg('Factures et paiements') },
      { href: this.familleHref, label: msg('Dossier famille') },
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
