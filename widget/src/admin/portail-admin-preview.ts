import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { baseStyles } from '../styles/base.styles.js';
import { tenantThemeCss } from '../styles/tenant-theme.js';
import { formatDate } from '../base/format.js';


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
export class PortailAdminPreview extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        --_preview-primary: #1d4f91;
        --_preview-primary-text: #ffffff;
      }
      .frame {
        padding: 1em;
        border: 0.125em dashed #6b7280;
        border-radius: 0.5em;
        background: #ffffff;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75em;
        padding: 0.75em 1em;
        border-radius: 0.25em;
        background: var(--_preview-primary);
        color: var(--_preview-primary-text);
      }
      .banner img {
        display: block;
        max-width: min(100%, 800px);
        max-height: 130px;
        width: auto;
        height: auto;
        background: #ffffff;
      }
      .banner strong {
        font-size: 1.25em;
      }
      .info {
        margin: 0.75em 0;
        padding: 0.5em 0.75em;
        border-inline-start: 0.25em solid var(--_preview-primary);
        background: #f4f5f7;
      }
      .info p {
        margin: 0;
      }
      .sample {
        display: inline-block;
        padding: 0.5em 1em;
        border-radius: 0.25em;
        background: var(--_preview-primary);
        color: var(--_preview-primary-text);
        font-weight: bold;
      }
      .note {
        margin: 0.5em 0 0;
        font-size: 0.875em;
      }
      .link {
        color: var(--_preview-primary);
        text-decoration: underline;
      }
    `,
  ];

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
      <div class="frame" role="group" aria-label="Aperçu du portail tel que les familles le verront">
        <div class="banner">
          ${this.logoUrl ? html`<img src=${this.logoUrl} alt=${`Logo de ${this.name || 'la commune'}`} />` : ''}
          <strong>${this.name || 'Nom de la commune'}</strong>
        </div>
        ${this.infoMessage
          ? html`<div class="info">
              <p>${this.infoDate ? html`<strong>${formatDate(this.infoDate)} : </strong>` : ''}${this.infoMessage}</p>
            </div>`
          : ''}
        <p><span class="sample">Se connecter</span> <span class="link">Mot de passe oublié ?</span></p>
      </div>
      ${this.coloursApplied
        ? ''
        : html`<p class="note">Ces couleurs ne seraient pas appliquées par le portail (contraste insuffisant) : l’aperçu montre les couleurs par défaut.</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-preview': PortailAdminPreview;
  }
}
