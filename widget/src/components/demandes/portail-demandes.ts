import { css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getRequests, type MyRequest } from '../../api/messages.js';
import { formatDate } from '../../base/format.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';

/**
 * @summary "Mes demandes": every request of the family and where it stands – family-file
 * changes awaiting validation, documents under review, booking requests, waiting-list places,
 * messages awaiting an answer – each with its date, its outcome and a link to where it is handled.
 *
 * Its own element rather than a part of `<portail-messages>`: the requests belong to the family
 * file, the planning and the messages alike, and a town puts the list on its "Mon espace" page.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart list - The list of requests.
 * @csspart badge - Each state.
 *
 * @cssproperty --portail-color-primary - Links (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-muted - Dates and kinds (default #4d5562).
 * @cssproperty --portail-color-pending - Background of a waiting state (default #fff1c2).
 */
@localized()
export class PortailDemandes extends PortailElement {
  static override styles = [
    ...PortailElement.styles,
    css`
      ul {
        margin: 0 0 1em;
        padding: 0;
        list-style: none;
      }

      li {
        display: grid;
        gap: 0.125em;
        padding: 0.625em 0;
        border-block-end: 0.0625em solid #d0d4da;
        overflow-wrap: anywhere;
      }

      .kind,
      .when {
        color: var(--_portail-muted);
        font-size: 0.875em;
      }

      .badge {
        justify-self: start;
        padding: 0 0.5em;
        border-radius: var(--_portail-radius);
        font-size: 0.875em;
        font-weight: bold;
        background: #e7f3ea;
        color: var(--_portail-success);
      }

      .badge.pending {
        background: var(--portail-color-pending, #fff1c2);
        color: var(--_portail-text);
      }

      .badge.refused {
        background: #fdf0ef;
        color: var(--_portail-error);
      }
    `,
  ];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;
  /** Address of the town page holding `<portail-famille>` (file changes and documents). */
  @property({ attribute: 'famille-href' }) familleHref?: string;
  /** Address of the town page holding `<portail-planning>` (booking requests and waiting lists). */
  @property({ attribute: 'planning-href' }) planningHref?: string;
  /** Address of the town page holding `<portail-messages>`. */
  @property({ attribute: 'messages-href' }) messagesHref?: string;

  private readonly requestsTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client ? getRequests(client, signal) : undefined,
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.requestsTask.abort();
  }

  override render() {
    if (!this.client) return this.renderMissingKey();
    return html`<div part="base">
      ${this.session.state
        ? html`${mainHeading(msg('Mes demandes'))}
          ${this.requestsTask.render({
            pending: () => loadingLine(msg('Chargement de vos demandes…')),
            complete: (requests) => (requests ? this.renderList(requests) : nothing),
            error: failureLine,
          })}`
        : signedOutView(msg('Mes demandes'), msg('Connectez-vous pour suivre vos demandes auprès de la mairie.'), this.loginHref)}
      ${this.helpLink()}
    </div>`;
  }

  private hrefOf(request: MyRequest): string | undefined {
    switch (request.target) {
      case 'famille':
      case 'documents':
        return this.familleHref;
      case 'planning':
        return this.planningHref;
      case 'messages':
        return this.messagesHref && request.targetId
          ? `${this.messagesHref}#portail-message=${encodeURIComponent(request.targetId)}`
          : this.messagesHref;
    }
  }

  private renderList(requests: readonly MyRequest[]) {
    if (requests.length === 0) return html`<p>${msg('Vous n’avez aucune demande en cours.')}</p>`;
    return html`<ul part="list">
      ${requests.map((r) => {
        const href = this.hrefOf(r);
        const tone = r.state === 'refused' ? 'refused' : r.state === 'pending' || r.state === 'waitlisted' ? 'pending' : '';
        return html`<li>
          <span class="kind">${r.kindLabel}</span>
          <strong>${r.label}</strong>
          <span class="badge ${tone}" part="badge">${r.stateLabel}${r.position ? msg(str` – rang ${r.position} sur la liste d’attente`) : ''}</span>
          <span class="when">
            ${msg(str`Demandé le ${formatDate(r.requestedAt)}`)}${r.decidedAt ? msg(str`, décidé le ${formatDate(r.decidedAt)}`) : ''}
          </span>
          ${r.outcome ? html`<span>${msg(str`Réponse : ${r.outcome}`)}</span>` : nothing}
          ${href ? html`<a href=${href}>${msg(str`Voir « ${r.label} »`)}</a>` : nothing}
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-demandes': PortailDemandes;
  }
}
