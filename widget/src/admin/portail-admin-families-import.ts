import { LitElement, html } from 'lit';
import { state } from 'lit/decorators.js';
import { applyFamiliesImport, type ImportResult, importTemplateUrl, previewFamiliesImport } from './api/families.js';
import { staffErrorText } from './base/error-text.js';
import { fileToBase64 } from './base/files.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * @summary Import of families from the former portal (CSV or XLSX, one line per child): a preview
 * of the errors by line and of what will change, then "Importer", all or nothing. Admins only.
 */
export class PortailAdminFamiliesImport extends LitElement {
  static override styles = planningStyles;

  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private preview?: ImportResult;
  private file?: { filename: string; data: string };

  override render() {
    const p = this.preview;
    return html`<section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Importer des familles</h2>
      <p>Un fichier CSV (séparé par des points-virgules ou des virgules) ou Excel (.xlsx), une ligne par enfant.
        <a href=${importTemplateUrl()} download="modele-import-familles.csv">Télécharger le modèle</a></p>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>
      <form @submit=${this.check} novalidate>
        <div class="field">
          <label for="import-file">Fichier des familles</label>
          <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-hint" />
          <p class="hint" id="import-hint">10 Mo au plus. Réimporter le même fichier ne crée pas de doublon.</p>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>Vérifier le fichier</button></div>
      </form>
      ${p
        ? html`<h3>Vérification de ${p.filename}</h3>
            <ul class="plain">
              <li>${p.summary.rows} ligne(s) lue(s)</li>
              <li>${p.summary.familiesToCreate} famille(s) à créer, ${p.summary.familiesToUpdate} à mettre à jour, ${p.summary.familiesUnchanged} inchangée(s)</li>
              <li>${p.summary.childrenToCreate} enfant(s) à créer, ${p.summary.childrenToUpdate} à mettre à jour</li>
            </ul>
            ${p.errorCount
              ? html`<div class="table-wrap"><table>
                  <caption>${p.errorCount} erreur${p.errorCount > 1 ? 's' : ''} à corriger avant l’import</caption>
                  <thead><tr><th scope="col">Ligne</th><th scope="col">Colonne</th><th scope="col">Erreur</th></tr></thead>
                  <tbody>${p.errors.map((e) => html`<tr><th scope="row">${e.row}</th><td>${e.column}</td><td>${e.message}</td></tr>`)}</tbody>
                </table></div>`
              : p.applied
                ? ''
                : html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${this.apply}>Importer</button></div>`}`
        : ''}
    </section>`;
  }

  private async check(event: SubmitEvent) {
    event.preventDefault();
    const file = (new FormData(event.target as HTMLFormElement).get('file') as File | null) ?? null;
    this.error = '';
    this.notice = '';
    this.preview = undefined;
    if (!file || !file.size) {
      this.error = 'Choisissez le fichier des familles à importer.';
      return;
    }
    if (file.size > MAX_BYTES) {
      this.error = 'Le fichier à importer ne doit pas dépasser 10 Mo.';
      return;
    }
    this.busy = true;
    try {
      this.file = { filename: file.name, data: await fileToBase64(file) };
      this.preview = await previewFamiliesImport(this.file.filename, this.file.data);
      this.notice = this.preview.errorCount ? 'Le fichier contient des erreurs : corrigez-les puis vérifiez-le à nouveau.' : 'Le fichier est prêt à être importé.';
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async apply() {
    if (!this.file) return;
    this.error = '';
    this.busy = true;
    try {
      this.preview = await applyFamiliesImport(this.file.filename, this.file.data);
      this.notice = this.preview.applied
        ? `Import terminé : ${this.preview.summary.familiesToCreate} famille(s) créée(s), ${this.preview.summary.familiesToUpdate} mise(s) à jour.`
        : 'Le fichier contient des erreurs : rien n’a été importé.';
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families-import': PortailAdminFamiliesImport;
  }
}
