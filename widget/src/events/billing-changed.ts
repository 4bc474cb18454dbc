/**
 * Fired by the staff billing sections when something the others show has changed (a régie,
 * published invoices), so that they reload.
 */
export class PortailBillingChangedEvent extends Event {
  constructor(readonly what: 'regies' | 'runs') {
    super('portail-billing-changed', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-billing-changed': PortailBillingChangedEvent;
  }
}
