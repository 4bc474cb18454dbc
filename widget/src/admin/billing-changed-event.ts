/**
 * Something the other billing screens show has changed (a régie, a published run): they
 * reload. Bubbles and is composed.
 */
export class BillingChangedEvent extends Event {
  static readonly eventName = 'portail-billing-changed';
  constructor(readonly what: 'regies' | 'runs') {
    super(BillingChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-billing-changed': BillingChangedEvent;
  }
}
