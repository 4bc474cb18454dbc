import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import {
  DOCUMENT_TYPES,
  fileToBase64,
  uploadDocument,
  type DocumentList,
  type FamilyDocument,
} from '../../api/documents.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { formatDate } from '../../base/format.js';
import { documentTypeLabel, readForm, type FieldDef } from './famille-fields.js';
import { control, sectionHeading } from './famille-form.js';
import type { FamilleHost } from './famille-group.js';
import { PHOTO_TYPES } from './famille-photo.js';

const DOCUMENT_MAX = 5 * 1024 * 1024;
const DOCUMENT_MIME = ['application/pdf', ...PHOTO_TYPES];

/**
 * The documents section: `lists` (the family's documents and the commune's, as the element
 * loads them), then the form sending a new document; `sent` takes in the document the server
 * has stored.
 */
export function documentsSection(host: FamilleHost, lists: unknown, sent: (document: FamilyDocument) => void) {
  const { editing, file } = host;
  const key = 'documents';
  const defs: FieldDef[] = [
    {
      name: 'type',
      label: msg('Type de document'),
      required: true,
      options: [['', msg('Choisissez un type')], ...DOCUMENT_TYPES.map((t): [string, string] => [t, documentTypeLabel(t)])],
    },
    { name: 'title', label: msg('Titre'), required: true, autocomplete: 'off' },
    {
      name: 'childId',
      label: msg('Enfant concerné (facultatif)'),
      options: [['', msg('Aucun en particulier')], ...file.children.map((c): [string, string] => [c.id, c.firstName])],
    },
  ];
  const fileField = {
    id: 'documents-data',
    label: msg('Fichier'),
    hint: msg('PDF, JPEG ou PNG, 5 Mo au maximum.'),
    error: editing.errorOf(key, 'data'),
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const { body, errors } = readForm(form, defs);
    const chosen = (form.elements.namedItem('data') as HTMLInputElement).files?.[0];
    if (!chosen) errors.data = msg('Choisissez un fichier.');
    else if (!DOCUMENT_MIME.includes(chosen.type)) errors.data = msg('Formats acceptés : PDF, JPEG ou PNG.');
    else if (chosen.size > DOCUMENT_MAX) errors.data = msg('Ce fichier dépasse 5 Mo.');
    if (editing.invalid(key, errors)) return;
    void editing.write(key, msg('Envoi du document…'), async (signal) => {
      const document = await uploadDocument(
        host.client,
        {
          type: String(body.type),
          title: String(body.title),
          ...(body.childId ? { childId: String(body.childId) } : {}),
          data: await fileToBase64(chosen!),
        },
        signal,
      );
      form.reset();
      sent(document);
      return msg('Document envoyé : la mairie va le vérifier.');
    });
  };
  return html`<section class="documents" part="section" aria-labelledby="documents-h">
    ${sectionHeading(key, msg('Documents'), editing.foldOf(key))} ${lists}
    <h4>${msg('Envoyer un document')}</h4>
    ${editing.messages(key, [...defs, { name: 'data', label: msg('Fichier') }])}
    <form id="documents-form" part="form" novalidate @submit=${onSubmit}>
      ${defs.map((d) => control('documents', d, '', editing.errorOf(key, d.name)))}
      ${fieldFrame(
        fileField,
        html`<input
          id=${fileField.id}
          name="data"
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          required
          aria-describedby=${describedBy(fileField)}
          aria-invalid=${fileField.error ? 'true' : nothing}
        />`,
      )}
      <div class="actions">
        <button part="button button-primary" type="submit" class="primary">${msg('Envoyer le document')}</button>
      </div>
    </form>
  </section>`;
}

/** The documents the family sent, with their status, and those the commune published, to download. */
export function documentLists(host: FamilleHost, docs: DocumentList | null) {
  const { editing, file } = host;
  const childName = (id: string | null) => file.children.find((c) => c.id === id)?.firstName;
  return html`<h4>${msg('Mes documents')}</h4>
    ${docs?.mine.length
      ? html`<ul class="list">
          ${docs.mine.map(
            (d) => html`<li>
              <strong>${d.title}</strong> – ${documentTypeLabel(d.type)}${childName(d.childId) ? ` – ${childName(d.childId)}` : ''}
              – ${formatDate(d.uploadedAt)} ${documentStatus(d)}
            </li>`,
          )}
        </ul>`
      : html`<p>${msg('Vous n’avez envoyé aucun document.')}</p>`}
    <h4>${msg('Documents de la commune')}</h4>
    ${docs?.published.length
      ? html`<ul class="list">
          ${docs.published.map(
            (d) => html`<li>
              <button
                part="button"
                type="button"
                class="link"
                @click=${() => editing.download('documents', `documents/${encodeURIComponent(d.id)}/file`, d.title)}
              >
                ${msg(str`Télécharger « ${d.title} »`)}
              </button>
            </li>`,
          )}
        </ul>`
      : html`<p>${msg('La commune n’a publié aucun document.')}</p>`}`;
}

function documentStatus(d: FamilyDocument) {
  if (d.status === 'accepted') return html`<span class="badge badge-ok" part="badge">${msg('Accepté')}</span>`;
  if (d.status === 'rejected') {
    return html`<span class="badge badge-ko" part="badge">${msg('Refusé')}</span>
      ${d.rejectionReason ? html`<span class="reason">${msg(str`Motif : ${d.rejectionReason}`)}</span>` : nothing}`;
  }
  return html`<span class="badge badge-pending" part="badge">${msg('En attente')}</span>`;
}
