import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { exportLetters, type LetterFormat } from '../api/families.js';
import { AdminElement } from '../base/admin-element.js';

const FORMATS: Record<LetterFormat, () => [string, string]> = {
  csv: () => ['CSV', msg('pour le publipostage (Word, LibreOffice)')],
  xlsx: () => [msg('Classeur Excel'), msg('mêmes colonnes, en-tête en gras')],
  pdf: () => ['PDF', msg('une lettre par famille, prête à imprimer')],
};

/**
 * @summary Activation letters of every family that never activated its account, as CSV, XLSX or
 * PDF. Each export issues fresh single-use codes: letters printed before no longer work.
 */
export class PortailAdminFamiliesLetters extends AdminElement {
  @state() private link?: { url: string; filename: string };

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.link) URL.revokeObjectURL(this.link.url);
  }

  override render() {
    return html`<section class="card" aria-labelledby="letters-title">
      <h2 id="letters-title">${msg('Lettres d’activation')}</h2>
      <p>${msg('Pour chaque famille qui n’a jamais activé son compte : numéro de famille, adresse et un nouveau code d’activation à usage unique, valable 60 jours. Aucun mot de passe n’est exporté.')}</p>
      <div class="alert" role="alert">${this.error}</div>
      <form @submit=${this.export} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>${msg('Format du fichier')}</legend>
          <div class="checks">
            ${Object.entries(FORMATS).map(([value, describe], i) => {
              const [label, hint] = describe();
              return html`<label class="check"><input type="radio" name="format" value=${value} ?checked=${i === 0} aria-describedby=${`format-${value}`} />${label}</label>
                <span class="hint" id=${`format-${value}`}>${hint}</span>`;
            })}
          </div>
          <p class="hint" id="letters-warning">${msg('Attention : les codes des lettres déjà imprimées et non utilisées cesseront de fonctionner.')}</p>
          <div class="actions"><button type="submit" aria-describedby="letters-warning">${msg('Générer les lettres')}</button></div>
        </fieldset>
      </form>
      <div role="status">
        ${this.notice}
        ${this.link ? html` <a class="button" href=${this.link.url} download=${this.link.filename}>${msg(str`Télécharger ${this.link.filename}`)}</a>` : ''}
      </div>
    </section>`;
  }

  private async export(event: SubmitEvent) {
    event.preventDefault();
    const format = String(new FormData(event.target as HTMLFormElement).get('format') ?? 'csv') as LetterFormat;
    let count = 0;
    await this.run(
      async () => {
        const file = await exportLetters(format);
        if (this.link) URL.revokeObjectURL(this.link.url);
        this.link = { url: URL.createObjectURL(file.blob), filename: file.filename };
        count = file.count;
      },
      () => (count > 1 ? msg(str`${count} lettres prêtes.`) : msg(str`${count} lettre prête.`)),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families-letters': PortailAdminFamiliesLetters;
  }
}
