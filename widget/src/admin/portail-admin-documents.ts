import { LitElement, css, html } from 'lit';
import { msg } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { acceptDocument, DOCUMENT_MIMES, DOCUMENT_TYPES, documentFile, type DocumentFilter, type DocumentType, getDocuments, MAX_DOCUMENT_BYTES, publishDocument, rejectDocument, type StaffDocument, unpublishDocument } from './api/documents.js';
import { staffErrorText } from './base/error-text.js';
import { fileToBase64, saveFile } from './base/files.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDateTime } from '../base/format.js';

const DOCUMENT_TYPE: Record<DocumentType, () => string> = {
  attestation_caf: () => msg('Attestation CAF'),
  certificat_medical: () => msg('Certificat médical'),
  justificatif_domicile: () => msg('Justificatif de domicile'),
  attestation_assurance: () => msg('Attestation d’assurance'),
  pai: () => msg('PAI'),
  jugement_garde: () => msg('Jugement de garde'),
  autre: () => msg('Autre'),
};
const documentTypeLabel = (type: DocumentType) => DOCUMENT_TYPE[type]();

const FILTERS: [DocumentFilter, string][] = [
  ['pending', 'À vérifier'],
  ['accepted', 'Acceptés'],
  ['rejected', 'Refusés'],
  ['published', 'Publiés par la commune'],
  ['all', 'Tous'],
];

const CAPTIONS: Record<DocumentFilter, string> = {
  pending: 'Documents à vérifier, du plus ancien au plus récent',
  accepted: 'Documents acceptés, du plus récent au plus ancien',
  rejected: 'Documents refusés, du plus récent au plus ancien',
  published: 'Documents publiés par la commune, du plus récent au plus ancien',
  all: 'Tous les documents, du plus récent au plus ancien',
};

const REASON_MIN = 3;
const REASON_MAX = 500;
const TITLE_MAX = 120;

type PublishErrors = Partial<Record<'title' | 'file', string>>;

/**
 * @summary "Documents": the files parents send (CAF certificate, proof of address…), checked by
 * the town hall: open, accept, or refuse with a reason the family receives by e-mail. Admins
 * also publish the commune's own documents (rules, menus…) and withdraw them.
 */
export class PortailAdminDocuments extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      h2:focus {
        outline: none;
      }
      td.actions-cell .actions {
        gap: 0.5em;
      }
      tr.reject-row td {
        background: #f4f5f7;
      }
      .reject-form {
        display: grid;
        gap: 0.75em;
      }
    `,
  ];

  /** Admins publish and withdraw the commune's documents. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private filter: DocumentFilter = 'pending';
  @state() private documents: StaffDocument[] = [];
  @state() private rejecting?: string;
  @state() private reasonError = '';
  @state() private publishErrors: PublishErrors = {};
  @state() private publishError = '';
  @state() private published = '';
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async ([filter]: readonly [DocumentFilter], { signal }) => {
      this.documents = await getDocuments(filter, signal);
      this.rejecting = undefined;
    },
    args: () => [this.filter] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="documents-title">
        <h2 id="documents-title" tabindex="-1">Documents des familles</h2>
        <p>Les familles déposent leurs justificatifs (attestation CAF, justificatif de domicile…). Vérifiez-les puis acceptez-les ou refusez-les : la famille est prévenue par e-mail.</p>
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.saved}</div>
        <form class="inline-form" aria-label="Filtrer les documents" @submit=${this.applyFilter} novalidate>
          <div class="field">
            <label for="documents-filter">Afficher</label>
            <select id="documents-filter" name="status">
              ${FILTERS.map(([value, label]) => html`<option value=${value} ?selected=${value === this.filter}>${label}</option>`)}
            </select>
          </div>
          <button type="submit">Afficher</button>
        </form>
        ${this.loadTask.render({
          pending: () => html`<p role="status">Chargement des documents…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: () => this.renderTable(),
        })}
      </section>
      ${this.canEdit ? this.renderPublish() : ''}`;
  }

  private renderTable() {
    if (!this.documents.length) return html`<p>Aucun document dans cette liste.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${CAPTIONS[this.filter]} (${this.documents.length})</caption>
        <thead>
          <tr>
            <th scope="col">Titre</th><th scope="col">Famille</th><th scope="col">Enfant</th><th scope="col">Type</th><th scope="col">Déposé le</th><th scope="col">État</th><th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          ${this.documents.map((d) => html`${this.renderRow(d)}${this.rejecting === d.id ? this.renderReject(d) : ''}`)}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(d: StaffDocument) {
    const name = `« ${d.title} »`;
    return html`<tr>
      <th scope="row">${d.title}</th>
      <td>${d.familyName ? html`${d.familyName} <span class="hint">(n° ${d.familyNumber})</span>` : 'La commune'}</td>
      <td>${d.childName ?? '–'}</td>
      <td>${d.typeLabel}</td>
      <td>${formatDateTime(d.uploadedAt)}</td>
      <td>${d.statusLabel}${d.status === 'rejected' && d.rejectionReason ? html`<br /><span class="hint">Motif : ${d.rejectionReason}</span>` : ''}</td>
      <td class="actions-cell">
        <div class="actions">
          <button type="button" class="link" data-open=${d.id} aria-label=${`Ouvrir ${name}`} ?disabled=${this.busy} @click=${() => this.openFile(d)}>Ouvrir</button>
          ${d.status === 'pending'
            ? html`<button type="button" class="primary" aria-label=${`Accepter ${name}`} ?disabled=${this.busy} @click=${() => this.accept(d)}>Accepter</button>
                <button
                  type="button"
                  class="danger"
                  data-reject=${d.id}
                  aria-label=${`Refuser ${name}`}
                  aria-expanded=${this.rejecting === d.id ? 'true' : 'false'}
                  ?disabled=${this.busy}
                  @click=${() => this.startReject(d)}
                >
                  Refuser
                </button>`
            : ''}
          ${d.status === 'published' && this.canEdit
            ? html`<button type="button" class="danger" aria-label=${`Retirer ${name}`} ?disabled=${this.busy} @click=${() => this.unpublish(d)}>Retirer</button>`
            : ''}
        </div>
      </td>
    </tr>`;
  }

  private renderReject(d: StaffDocument) {
    return html`<tr class="reject-row">
      <td colspan="7">
        <form class="reject-form" aria-label=${`Refuser « ${d.title} »`} @submit=${(e: SubmitEvent) => this.reject(e, d)} novalidate>
          <div class="field">
            <label for="reject-reason">Motif du refus (transmis à la famille)</label>
            <textarea
              id="reject-reason"
              name="reason"
              required
              minlength=${REASON_MIN}
              maxlength=${REASON_MAX}
              aria-describedby="reject-reason-hint${this.reasonError ? ' reject-reason-error' : ''}"
              aria-invalid=${this.reasonError ? 'true' : 'false'}
            ></textarea>
            <p class="hint" id="reject-reason-hint">De ${REASON_MIN} à ${REASON_MAX} caractères. Par exemple : « Document illisible, merci d’envoyer une photo plus nette. »</p>
            ${this.reasonError ? html`<p class="field-error" id="reject-reason-error">${this.reasonError}</p>` : ''}
          </div>
          <div class="actions">
            <button type="submit" class="danger" ?disabled=${this.busy}>Confirmer le refus</button>
            <button type="button" class="link" @click=${() => this.cancelReject(d)}>Annuler</button>
          </div>
        </form>
      </td>
    </tr>`;
  }

  private renderPublish() {
    const errors = this.publishErrors;
    const list = [errors.title, errors.file].filter(Boolean);
    return html`<section class="card" aria-labelledby="publish-title">
      <h2 id="publish-title" tabindex="-1">Publier un document de la commune</h2>
      <p>Règlement intérieur, menus, tarifs… : les documents publiés sont visibles par toutes les familles dans leur espace.</p>
      <div class="alert" role="alert">${list.length ? `Le document n’a pas été publié. ${list.join(' ')}` : this.publishError}</div>
      <div class="notice" role="status">${this.published}</div>
      <form @submit=${this.publish} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>Nouveau document</legend>
          <div class="grid-2">
            <div class="field">
              <label for="publish-type">Type de document</label>
              <select id="publish-type" name="type">
                ${DOCUMENT_TYPES.map((t) => html`<option value=${t} ?selected=${t === 'autre'}>${documentTypeLabel(t)}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="publish-title-input">Titre</label>
              <input
                id="publish-title-input"
                name="title"
                type="text"
                required
                maxlength=${TITLE_MAX}
                autocomplete="off"
                aria-describedby="publish-title-hint${errors.title ? ' publish-title-error' : ''}"
                aria-invalid=${errors.title ? 'true' : 'false'}
              />
              <p class="hint" id="publish-title-hint">${TITLE_MAX} caractères au plus ; les familles le voient tel quel.</p>
              ${errors.title ? html`<p class="field-error" id="publish-title-error">${errors.title}</p>` : ''}
            </div>
          </div>
          <div class="field">
            <label for="publish-file">Fichier</label>
            <input
              id="publish-file"
              name="file"
              type="file"
              required
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              aria-describedby="publish-file-hint${errors.file ? ' publish-file-error' : ''}"
              aria-invalid=${errors.file ? 'true' : 'false'}
            />
            <p class="hint" id="publish-file-hint">PDF, JPEG ou PNG, 5 Mo au plus.</p>
            ${errors.file ? html`<p class="field-error" id="publish-file-error">${errors.file}</p>` : ''}
          </div>
          <div class="actions"><button type="submit" class="primary">Publier le document</button></div>
        </fieldset>
      </form>
    </section>`;
  }

  private async run(action: () => Promise<string>, focus: () => HTMLElement | null | undefined) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      this.saved = await action();
    } catch (error) {
      this.error = staffErrorText(error);
      // Already decided elsewhere, or gone: the list shows what is true now.
      if (error instanceof PortailApiError && (error.status === 409 || error.status === 404)) void this.loadTask.run();
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    (focus() ?? this.renderRoot.querySelector<HTMLElement>('#documents-title'))?.focus();
  }

  private applyFilter(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.saved = '';
    const filter = String(new FormData(event.target as HTMLFormElement).get('status') ?? 'pending') as DocumentFilter;
    // A new filter reloads by itself; the same one again reloads anyway (new documents may have arrived).
    if (filter === this.filter) void this.loadTask.run();
    else this.filter = filter;
  }

  /** The list once `d` is decided: it leaves a filtered list, and shows its new state in "Tous". */
  private afterDecision(d: StaffDocument, decided: Partial<StaffDocument>): StaffDocument[] {
    if (this.filter === 'all') return this.documents.map((x) => (x.id === d.id ? { ...x, ...decided } : x));
    return this.documents.filter((x) => x.id !== d.id);
  }

  private async openFile(d: StaffDocument) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      saveFile(await documentFile(d.id));
      this.saved = `Document « ${d.title} » téléchargé.`;
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-open="${CSS.escape(d.id)}"]`)?.focus();
  }

  private accept(d: StaffDocument) {
    return this.run(
      async () => {
        const { document, mailQueued } = await acceptDocument(d.id);
        this.documents = this.afterDecision(d, document);
        return `Document « ${d.title} » accepté${mailQueued ? ' : la famille est prévenue par e-mail.' : '.'}`;
      },
      () => null,
    );
  }

  private async startReject(d: StaffDocument) {
    this.rejecting = d.id;
    this.reasonError = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#reject-reason')?.focus();
  }

  private async cancelReject(d: StaffDocument) {
    this.rejecting = undefined;
    this.reasonError = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-reject="${CSS.escape(d.id)}"]`)?.focus();
  }

  private async reject(event: SubmitEvent, d: StaffDocument) {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
      this.reasonError =
        reason.length < REASON_MIN ? 'Expliquez en quelques mots pourquoi le document est refusé (3 caractères au moins).' : `Le motif ne doit pas dépasser ${REASON_MAX} caractères.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#reject-reason')?.focus();
      return;
    }
    this.reasonError = '';
    await this.run(
      async () => {
        const { document, mailQueued } = await rejectDocument(d.id, reason);
        this.rejecting = undefined;
        this.documents = this.afterDecision(d, document);
        return `Document « ${d.title} » refusé${mailQueued ? ' : la famille est prévenue par e-mail, avec le motif.' : '.'}`;
      },
      () => (this.rejecting ? this.renderRoot.querySelector<HTMLElement>('#reject-reason') : null),
    );
  }

  private unpublish(d: StaffDocument) {
    return this.run(
      async () => {
        await unpublishDocument(d.id);
        this.documents = this.documents.filter((x) => x.id !== d.id);
        return `Document « ${d.title} » retiré : les familles ne le voient plus.`;
      },
      () => null,
    );
  }

  private async publish(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const type = String(data.get('type') ?? 'autre') as DocumentType;
    const file = (form.querySelector<HTMLInputElement>('#publish-file')?.files ?? [])[0];
    const errors: PublishErrors = {};
    if (!title) errors.title = 'Indiquez le titre du document.';
    else if (title.length > TITLE_MAX) errors.title = `Le titre ne doit pas dépasser ${TITLE_MAX} caractères.`;
    if (!file) errors.file = 'Choisissez le fichier à publier.';
    else if (!(DOCUMENT_MIMES as readonly string[]).includes(file.type)) errors.file = 'Le fichier doit être un PDF, une image JPEG ou PNG.';
    else if (file.size > MAX_DOCUMENT_BYTES) errors.file = 'Le fichier ne doit pas dépasser 5 Mo.';
    this.publishErrors = errors;
    this.publishError = '';
    this.published = '';
    if (errors.title || errors.file) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(errors.title ? '#publish-title-input' : '#publish-file')?.focus();
      return;
    }
    this.busy = true;
    try {
      await publishDocument({ type, title, data: await fileToBase64(file!) });
      form.reset();
      this.published = `Document « ${title} » publié : les familles le voient dans leur espace.`;
      if (this.filter === 'published' || this.filter === 'all') void this.loadTask.run();
    } catch (error) {
      const fields = error instanceof PortailApiError ? error.fields : {};
      if (fields.title || fields.data) this.publishErrors = { ...(fields.title ? { title: fields.title } : {}), ...(fields.data ? { file: fields.data } : {}) };
      else this.publishError = staffErrorText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    const focus = this.publishErrors.title ? '#publish-title-input' : this.publishErrors.file ? '#publish-file' : '#publish-title';
    this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-documents': PortailAdminDocuments;
  }
}
