/** Fired by `<portail-login>` when the parent signs out or the session expires. */
export class PortailSignedOutEvent extends Event {
  constructor(readonly reason: 'signed-out' | 'expired') {
    super('portail-signed-out', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-signed-out': PortailSignedOutEvent;
  }
}
