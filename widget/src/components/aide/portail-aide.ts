import { css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getHelp, type HelpContent } from '../../api/messages.js';
import { helpParagraphs } from '../../base/help-text.js';
import { PortailElement } from '../../base/portail-element.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';

/**
 * @summary The commune's help page: the children's service contact (address, opening hours,
 * phone, e-mail), its information message and its help text. Needs no sign-in.
 *
 * Texts are the commune's plain text: their line breaks are kept, and only the `https://`
 * addresses of the help text become links.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart contact - The contact block.
 * @csspart info - The information message.
 * @csspart help - The help text.
 *
 * @cssproperty --portail-color-primary - Links (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - Labels (default #4d5562).
 * @cssproperty --portail-color-info - Background of the information message (default #eef3fa).
 */
@localized()
export class PortailAide extends PortailElement {
  static override styles = [
    ...PortailElement.styles,
    css`
      dl {
        display: grid;
        gap: 0.5em;
        margin: 0 0 1em;
      }

      dt {
        color: var(--_portail-muted);
        font-size: 0.875em;
      }

      dd {
        margin: 0;
        white-space: pre-line;
        overflow-wrap: anywhere;
      }

      .info {
        padding: 0.75em 1em;
        border-inline-start: 0.25em solid var(--_portail-primary);
        background: var(--portail-color-info, #eef3fa);
        white-space: pre-line;
        overflow-wrap: anywhere;
      }

      .help-paragraph {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Address of the town page holding `<portail-messages>`, offered to write to the service. */
  @property({ attribute: 'messages-href' }) messagesHref?: string;

  private readonly helpTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined], { signal }) => (client ? getHelp(client, signal) : undefined),
    args: () => [this.client] as const,
  });

  override render() {
    if (!this.client) return this.renderMissingKey();
    return html`<div part="base">
      <h2>${msg('Aide et contact')}</h2>
      ${this.helpTask.render({
        pending: () => loadingLine(msg('Chargement de l’aide…')),
        complete: (help) => (help ? this.renderHelp(help) : nothing),
        error: failureLine,
      })}
    </div>`;
  }

  private renderHelp(help: HelpContent) {
    const { contact } = help;
    const phone = contact.phone?.replace(/[^\d+]/g, '');
    return html`${help.infoMessage ? html`<p class="info" part="info">${help.infoMessage}</p>` : nothing}
      <section part="contact" aria-labelledby="contact-h">
        <h3 id="contact-h">${contact.name}</h3>
        <dl>
          ${contact.address ? html`<div><dt>${msg('Adresse')}</dt><dd>${contact.address}</dd></div>` : nothing}
          ${contact.openingHours ? html`<div><dt>${msg('Horaires d’ouverture')}</dt><dd>${contact.openingHours}</dd></div>` : nothing}
          ${contact.phone ? html`<div><dt>${msg('Téléphone')}</dt><dd><a href=${`tel:${phone}`}>${contact.phone}</a></dd></div>` : nothing}
          ${contact.email ? html`<div><dt>${msg('E-mail')}</dt><dd><a href=${`mailto:${contact.email}`}>${contact.email}</a></dd></div>` : nothing}
        </dl>
        ${this.messagesHref ? html`<p><a href=${this.messagesHref}>${msg('Écrire au service depuis mon espace famille')}</a></p>` : nothing}
      </section>
      ${help.help.length
        ? html`<section part="help" aria-labelledby="help-h">
            <h3 id="help-h">${msg('Questions fréquentes')}</h3>
            ${helpParagraphs(help.help)}
          </section>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-aide': PortailAide;
  }
}
