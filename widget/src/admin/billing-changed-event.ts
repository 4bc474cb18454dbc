/**
 * Something the other billing screens show has changed (a régie, a tariff, a published run, a
 * payment): they reload. Bubbles and is composed.
 */
export class BillingChangedEvent extends Event {
  static readonly eventName = 'portail-billing-changed';
  constructor(readonly what: 'regies' | 'tariffs' | 'runs' | 'invoices' | 'payments') {
    super(BillingChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-billing-changed': BillingChangedEvent;
  }
}
