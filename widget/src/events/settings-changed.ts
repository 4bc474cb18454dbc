/**
 * Fired by the staff settings sections once a setting, the logo, an allowed site or a key was
 * saved, so that the history and the integration code reload.
 */
export class PortailSettingsChangedEvent extends Event {
  constructor(readonly section: 'settings' | 'logo' | 'origins' | 'keys') {
    super('portail-settings-changed', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-settings-changed': PortailSettingsChangedEvent;
  }
}
