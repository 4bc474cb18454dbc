/**
 * Fired by `<portail-messages>` when the family's count of unread messages changed (a
 * conversation was read), so that the badge and the home page on the same page update at once.
 */
export class PortailMessagesReadEvent extends CustomEvent<{ unread: number }> {
  constructor(unread: number) {
    super('portail-messages-read', { bubbles: true, composed: true, detail: { unread } });
  }

  get unread(): number {
    return this.detail.unread;
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-messages-read': PortailMessagesReadEvent;
  }
  interface DocumentEventMap {
    'portail-messages-read': PortailMessagesReadEvent;
  }
}
