import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { DOCUMENT_MIMES, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, type DocumentType } from '../api/documents.js';
import { describedBy, fieldError } from '../base/fields.js';

export const TITLE_MAX = 120;

export type PublishErrors = Partial<Record<'title' | 'file', string>>;

const DOCUMENT_TYPE: Record<DocumentType, () => string> = {
  attestation_caf: () => msg('Attestation CAF'),
  certificat_medical: () => msg('Certificat médical'),
  justificatif_domicile: () => msg('Justificatif de domicile'),
  attestation_assurance: () => msg('Attestation d’assurance'),
  pai: () => msg('PAI'),
  jugement_garde: () => msg('Jugement de garde'),
  autre: () => msg('Autre'),
};

/** What is wrong with a document about to be published, checked before sending it. */
export function publishErrors(title: string, file: File | undefined): PublishErrors {
  const errors: PublishErrors = {};
  if (!title) errors.title = msg('Indiquez le titre du document.');
  else if (title.length > TITLE_MAX) errors.title = msg(str`Le titre ne doit pas dépasser ${TITLE_MAX} caractères.`);
  if (!file) errors.file = msg('Choisissez le fichier à publier.');
  else if (!(DOCUMENT_MIMES as readonly string[]).includes(file.type)) errors.file = msg('Le fichier doit être un PDF, une image JPEG ou PNG.');
  else if (file.size > MAX_DOCUMENT_BYTES) errors.file = msg('Le fichier ne doit pas dépasser 5 Mo.');
  return errors;
}

/** The form that publishes one of the commune's documents, its fields tied to their errors. */
export function publishForm(errors: PublishErrors, disabled: boolean, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  return html`<form @submit=${onSubmit} novalidate>
    <fieldset ?disabled=${disabled}>
      <legend>${msg('Nouveau document')}</legend>
      <div class="grid-2">
        <div class="field">
          <label for="publish-type">${msg('Type de document')}</label>
          <select id="publish-type" name="type">
            ${DOCUMENT_TYPES.map((t) => html`<option value=${t} ?selected=${t === 'autre'}>${DOCUMENT_TYPE[t]()}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="publish-title-input">${msg('Titre')}</label>
          <input
            id="publish-title-input"
            name="title"
            type="text"
            required
            maxlength=${TITLE_MAX}
            autocomplete="off"
            aria-describedby=${describedBy('publish-title', true, !!errors.title)}
            aria-invalid=${errors.title ? 'true' : 'false'}
          />
          <p class="hint" id="publish-title-hint">${msg(str`${TITLE_MAX} caractères au plus ; les familles le voient tel quel.`)}</p>
          ${fieldError('publish-title', errors.title)}
        </div>
      </div>
      <div class="field">
        <label for="publish-file">${msg('Fichier')}</label>
        <input
          id="publish-file"
          name="file"
          type="file"
          required
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby=${describedBy('publish-file', true, !!errors.file)}
          aria-invalid=${errors.file ? 'true' : 'false'}
        />
        <p class="hint" id="publish-file-hint">${msg('PDF, JPEG ou PNG, 5 Mo au plus.')}</p>
        ${fieldError('publish-file', errors.file)}
      </div>
      <div class="actions"><button type="submit" class="primary">${msg('Publier le document')}</button></div>
    </fieldset>
  </form>`;
}
