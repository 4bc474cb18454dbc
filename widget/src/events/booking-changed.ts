import type { BookingResult } from '../api/planning.js';

/**
 * Fired by `<portail-planning>` once the server has answered a change or an absence
 * declaration, so that sibling elements (home, invoices) can refresh. `detail` holds every
 * result, refused ones included.
 */
export class PortailBookingChangedEvent extends CustomEvent<readonly BookingResult[]> {
  constructor(results: readonly BookingResult[]) {
    super('portail-booking-changed', { bubbles: true, composed: true, detail: results });
  }

  get results(): readonly BookingResult[] {
    return this.detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-booking-changed': PortailBookingChangedEvent;
  }
}
