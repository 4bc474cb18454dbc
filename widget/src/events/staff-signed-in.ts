import type { StaffSessionInfo } from '../admin/api/session.js';

/** Fired by `<portail-admin-login>` once a staff member is logged in on the staff page. */
export class PortailStaffSignedInEvent extends Event {
  constructor(readonly session: StaffSessionInfo) {
    super('portail-staff-signed-in', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-staff-signed-in': PortailStaffSignedInEvent;
  }
}
