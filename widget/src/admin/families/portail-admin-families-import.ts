import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { applyFamiliesImport, importTemplateUrl, previewFamiliesImport, type ImportResult } from '../api/families.js';
import { AdminElement } from '../base/admin-element.js';
import { fileToBase64 } from '../base/files.js';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * @summary Import of families from the former portal (CSV or XLSX, one line per child): a preview
 * of the errors by line and of what will change, then "Importer", all or nothing. Admins only.
 */
export class PortailAdminFamiliesImport extends AdminElement {
  @state() private preview?: ImportResult;
  private file?: { filename: string; data: string };

  override render() {
    return html`<section class="card" aria-labelledby="import-title">
      <h2 id="import-title">${msg('Importer des familles')}</h2>
      <p>
        ${msg('Un fichier CSV (séparé par des points-virgules ou des virgules) ou Excel (.xlsx), une ligne par enfant.')}
        <a href=${importTemplateUrl()} download="modele-import-familles.csv">${msg('Télécharger le modèle')}</a>
      </p>
      ${this.renderMessages()}
      <form @submit=${this.check} novalidate>
        <div class="field">
          <label for="import-file">${msg('Fichier des familles')}</label>
          <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-hint" />
          <p class="hint" id="import-hint">${msg('10 Mo au plus. Réimporter le même fichier ne crée pas de doublon.')}</p>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${msg('Vérifier le fichier')}</button></div>
      </form>
      ${this.preview ? this.renderPreview(this.preview) : ''}
    </section>`;
  }

  private renderPreview(p: ImportResult) {
    const { summary } = p;
    return html`<h3>${msg(str`Vérification de ${p.filename}`)}</h3>
      <ul class="plain">
        <li>${msg(str`${summary.rows} ligne(s) lue(s)`)}</li>
        <li>${msg(str`${summary.familiesToCreate} famille(s) à créer, ${summary.familiesToUpdate} à mettre à jour, ${summary.familiesUnchanged} inchangée(s)`)}</li>
        <li>${msg(str`${summary.childrenToCreate} enfant(s) à créer, ${summary.childrenToUpdate} à mettre à jour`)}</li>
      </ul>
      ${p.errorCount
        ? html`<div class="table-wrap"><table>
            <caption>${p.errorCount > 1 ? msg(str`${p.errorCount} erreurs à corriger avant l’import`) : msg(str`${p.errorCount} erreur à corriger avant l’import`)}</caption>
            <thead><tr><th scope="col">${msg('Ligne')}</th><th scope="col">${msg('Colonne')}</th><th scope="col">${msg('Erreur')}</th></tr></thead>
            <tbody>${p.errors.map((e) => html`<tr><th scope="row">${e.row}</th><td>${e.column}</td><td>${e.message}</td></tr>`)}</tbody>
          </table></div>`
        : p.applied
          ? ''
          : html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${this.apply}>${msg('Importer')}</button></div>`}`;
  }

  private async check(event: SubmitEvent) {
    event.preventDefault();
    const file = (new FormData(event.target as HTMLFormElement).get('file') as File | null) ?? null;
    this.error = '';
    this.notice = '';
    this.preview = undefined;
    if (!file || !file.size) {
      this.error = msg('Choisissez le fichier des familles à importer.');
      return;
    }
    if (file.size > MAX_BYTES) {
      this.error = msg('Le fichier à importer ne doit pas dépasser 10 Mo.');
      return;
    }
    await this.run(
      async () => {
        this.file = { filename: file.name, data: await fileToBase64(file) };
        this.preview = await previewFamiliesImport(this.file.filename, this.file.data);
      },
      () =>
        this.preview?.errorCount
          ? msg('Le fichier contient des erreurs : corrigez-les puis vérifiez-le à nouveau.')
          : msg('Le fichier est prêt à être importé.'),
    );
  }

  private async apply() {
    const file = this.file;
    if (!file) return;
    await this.run(
      async () => {
        this.preview = await applyFamiliesImport(file.filename, file.data);
      },
      () =>
        this.preview?.applied
          ? msg(str`Import terminé : ${this.preview.summary.familiesToCreate} famille(s) créée(s), ${this.preview.summary.familiesToUpdate} mise(s) à jour.`)
          : msg('Le fichier contient des erreurs : rien n’a été importé.'),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families-import': PortailAdminFamiliesImport;
  }
}
