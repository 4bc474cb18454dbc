import type { DeadlineRule } from '../admin/api/planning.js';

/** Fired by `<portail-admin-deadline>` each time the edited booking or cancellation rule changes. */
export class PortailDeadlineChangedEvent extends Event {
  constructor(readonly rule: DeadlineRule) {
    super('portail-deadline-changed', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-deadline-changed': PortailDeadlineChangedEvent;
  }
}
