import { css, html, nothing } from 'lit';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getUnread } from '../../api/messages.js';
import { PortailElement } from '../../base/portail-element.js';
import type { PortailMessagesReadEvent } from '../../events/messages-read.js';

/**
 * @summary A small badge with the number of unread messages, for the town site's menu:
 * `<a href="messages.html">Messages <portail-notifications></portail-notifications></a>`.
 *
 * Shows nothing while no parent is signed in or when every message is read. The count follows
 * `portail-messages-read` from `<portail-messages>` on the same page, and is read again when the
 * tab comes back to the front.
 *
 * @csspart badge - The count.
 *
 * @cssproperty --portail-color-badge - Badge background (default: the primary colour).
 * @cssproperty --portail-color-badge-text - Badge text (default: the primary text colour).
 */
@localized()
export class PortailNotifications extends PortailElement {
  static override styles = [
    ...PortailElement.styles,
    css`
      :host {
        display: inline;
      }

      .badge {
        display: inline-block;
        min-width: 1.5em;
        padding: 0 0.4em;
        border-radius: 1em;
        background: var(--portail-color-badge, var(--_portail-primary));
        color: var(--portail-color-badge-text, var(--_portail-primary-text));
        font-size: 0.8125em;
        font-weight: bold;
        line-height: 1.5;
        text-align: center;
      }
    `,
  ];

  private readonly unreadTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) =>
      client ? (await getUnread(client, signal)).unread : 0,
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.refreshes] as const,
  });

  private refreshes = 0;
  private known: number | null = null;

  private readonly onRead = (event: PortailMessagesReadEvent) => {
    this.known = event.unread;
    this.requestUpdate();
  };

  private readonly onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    this.known = null;
    this.refreshes++;
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('portail-messages-read', this.onRead);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('portail-messages-read', this.onRead);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.unreadTask.abort();
  }

  override render() {
    if (!this.client || !this.session.state) return nothing;
    const unread = this.known ?? this.unreadTask.value ?? 0;
    if (unread <= 0) return nothing;
    return html`<span class="badge" part="badge"
      ><span aria-hidden="true">${unread}</span
      ><span class="visually-hidden">${unread === 1 ? msg('(1 nouveau message)') : msg(str`(${unread} nouveaux messages)`)}</span></span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-notifications': PortailNotifications;
  }
}
