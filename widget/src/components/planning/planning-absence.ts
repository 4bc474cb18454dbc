import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { AbsenceTarget } from './planning-grid.js';

/** The parents' part of the absence dialog: a comment and a certificate, both optional. */

export const MAX_ABSENCE_COMMENT = 500;

/** What the parent is told in the dialog: the place stays reserved, billed according to the reason. */
export const absenceNotice = () =>
  msg(
    'Il est trop tard pour annuler ce jour : la place reste réservée. Déclarer une absence prévient la mairie que votre enfant ne viendra pas ; le jour est facturé ou non selon le motif.',
  );

/** `#absence-comment` and `#absence-document`. */
export function absenceFields() {
  return html`<div class="field">
      <label for="absence-comment">${msg('Commentaire (facultatif)')}</label>
      <textarea id="absence-comment" name="comment" rows="3" maxlength=${MAX_ABSENCE_COMMENT}></textarea>
    </div>
    <div class="field">
      <label for="absence-document">${msg('Justificatif, par exemple un certificat médical (facultatif)')}</label>
      <input id="absence-document" name="document" type="file" accept="application/pdf,image/jpeg,image/png" aria-describedby="absence-document-hint" />
      <p class="hint" id="absence-document-hint">${msg('PDF, JPEG ou PNG, 5 Mo au plus. Il rejoint les documents de votre dossier.')}</p>
    </div>`;
}

/** The title the certificate gets among the family's documents. */
export const absenceDocumentTitle = (target: AbsenceTarget) => msg(str`Justificatif d’absence – ${target.name}`);
