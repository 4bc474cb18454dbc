import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatDate } from '../../base/format.js';
import { baseStyles } from '../../styles/base.styles.js';
import { tenantThemeCss } from '../../styles/tenant-theme.js';
import { AdminElement } from '../base/admin-element.js';
import { portailAdminPreviewStyles } from './portail-admin-preview.styles.js';

const HEX = /^#[0-9a-f]{6}$/i;
const sheets = new Map<string, CSSStyleSheet>();

/** Colours reach the preview through a constructed stylesheet built only from strict hex values. */
function colourSheet(primary: string, primaryText: string): CSSStyleSheet | null {
  if (!HEX.test(primary) || !HEX.test(primaryText)) return null;
  const text = `:host { --_preview-primary: ${primary.toLowerCase()}; --_preview-primary-text: ${primaryText.toLowerCase()}; }`;
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  return sheet;
}

/**
 * @summary What parents will see at the top of the portal: banner (logo at most 800 × 130, town
 * name), information message and a button in the town colours, from the values being edited.
 */
export class PortailAdminPreview extends AdminElement {
  static override styles = [baseStyles, portailAdminPreviewStyles];

  @property() name = '';
  @property({ attribute: 'logo-url' }) logoUrl = '';
  @property() primary = '#1d4f91';
  @property({ attribute: 'primary-text' }) primaryText = '#ffffff';
  @property({ attribute: 'info-message' }) infoMessage = '';
  @property({ attribute: 'info-date' }) infoDate = '';

  /** The widget drops colours whose contrast is too low; so does the preview. */
  private get coloursApplied() {
    return tenantThemeCss({ primary: this.primary, primaryText: this.primaryText }) !== null;
  }

  protected override updated() {
    const root = this.shadowRoot!;
    const own = root.adoptedStyleSheets.filter((sheet) => ![...sheets.values()].includes(sheet));
    const sheet = this.coloursApplied ? colourSheet(this.primary, this.primaryText) : null;
    root.adoptedStyleSheets = sheet ? [...own, sheet] : own;
  }

  override render() {
    return html`
      <div class="frame" role="group" aria-label=${msg('Aperçu du portail tel que les familles le verront')}>
        <div class="banner">
          ${this.logoUrl ? html`<img src=${this.logoUrl} alt=${this.name ? msg(str`Logo de ${this.name}`) : msg('Logo de la commune')} />` : ''}
          <strong>${this.name || msg('Nom de la commune')}</strong>
        </div>
        ${this.infoMessage
          ? html`<div class="info">
              <p>${this.infoDate ? html`<strong>${formatDate(this.infoDate)} : </strong>` : ''}${this.infoMessage}</p>
            </div>`
          : ''}
        <p><span class="sample">${msg('Se connecter')}</span> <span class="link">${msg('Mot de passe oublié ?')}</span></p>
      </div>
      ${this.coloursApplied
        ? ''
        : html`<p class="note">${msg('Ces couleurs ne seraient pas appliquées par le portail (contraste insuffisant) : l’aperçu montre les couleurs par défaut.')}</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-preview': PortailAdminPreview;
  }
}
