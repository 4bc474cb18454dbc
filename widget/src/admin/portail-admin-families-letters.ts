import { LitElement, html } from 'lit';
import { state } from 'lit/decorators.js';
import { exportLetters, type LetterFormat } from './api/families.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';

const FORMATS: [LetterFormat, string, string][] = [
  ['csv', 'CSV', 'pour le publipostage (Word, LibreOffice)'],
  ['xlsx', 'Classeur Excel', 'mêmes colonnes, en-tête en gras'],
  ['pdf', 'PDF', 'une lettre par famille, prête à imprimer'],
];

/**
 * @summary Activation letters of every family that never activated its account, as CSV, XLSX or
 * PDF. Each export issues fresh single-use codes: letters printed before no longer work.
 */
export class PortailAdminFamiliesLetters extends LitElement {
  static override styles = planningStyles;

  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private link?: { url: string; filename: string };

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.link) URL.revokeObjectURL(this.link.url);
  }

  override render() {
    return html`<section class="card" aria-labelledby="letters-title">
      <h2 id="letters-title">Lettres d’activation</h2>
      <p>Pour chaque famille qui n’a jamais activé son compte : numéro de famille, adresse et un nouveau code d’activation à usage unique, valable 60 jours. Aucun mot de passe n’est exporté.</p>
      <div class="alert" role="alert">${this.error}</div>
      <form @submit=${this.export} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>Format du fichier</legend>
          <div class="checks">
            ${FORMATS.map(
              ([value, label, hint], i) => html`<label class="check"><input type="radio" name="format" value=${value} ?checked=${i === 0} aria-describedby=${`format-${value}`} />${label}</label>
                <span class="hint" id=${`format-${value}`}>${hint}</span>`,
            )}
          </div>
          <p class="hint" id="letters-warning">Attention : les codes des lettres déjà imprimées et non utilisées cesseront de fonctionner.</p>
          <div class="actions"><button type="submit" aria-describedby="letters-warning">Générer les lettres</button></div>
        </fieldset>
      </form>
      <div role="status">
        ${this.notice}
        ${this.link ? html` <a class="button" href=${this.link.url} download=${this.link.filename}>Télécharger ${this.link.filename}</a>` : ''}
      </div>
    </section>`;
  }

  private async export(event: SubmitEvent) {
    event.preventDefault();
    const format = String(new FormData(event.target as HTMLFormElement).get('format') ?? 'csv') as LetterFormat;
    this.error = '';
    this.notice = '';
    this.busy = true;
    try {
      const file = await exportLetters(format);
      if (this.link) URL.revokeObjectURL(this.link.url);
      this.link = { url: URL.createObjectURL(file.blob), filename: file.filename };
      this.notice = `${file.count} lettre${file.count > 1 ? 's' : ''} prête${file.count > 1 ? 's' : ''}.`;
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families-letters': PortailAdminFamiliesLetters;
  }
}
