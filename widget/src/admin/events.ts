import type { StaffSessionInfo } from './api/session.js';

/** A staff member logged in on the settings page. Bubbles and is composed. */
export class StaffSignedInEvent extends Event {
  static readonly eventName = 'portail-staff-signed-in';
  constructor(readonly session: StaffSessionInfo) {
    super(StaffSignedInEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * A setting, origin or key was changed: the history and the integration snippet reload.
 * Bubbles and is composed.
 */
export class AdminChangedEvent extends Event {
  static readonly eventName = 'portail-admin-changed';
  constructor(readonly section: 'settings' | 'logo' | 'origins' | 'keys') {
    super(AdminChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-staff-signed-in': StaffSignedInEvent;
    'portail-admin-changed': AdminChangedEvent;
  }
}
