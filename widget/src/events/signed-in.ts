import type { FamilySummary } from '../api/session.js';

/** Fired by `<portail-login>` once a parent is signed in (login or first connection). */
export class PortailSignedInEvent extends Event {
  constructor(readonly family: FamilySummary) {
    super('portail-signed-in', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-signed-in': PortailSignedInEvent;
  }
}
