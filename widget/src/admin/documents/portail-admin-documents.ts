import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { formatDateTime } from '../../base/format.js';
import {
  acceptDocument,
  documentFile,
  getDocuments,
  publishDocument,
  rejectDocument,
  unpublishDocument,
  type DocumentFilter,
  type DocumentType,
  type StaffDocument,
} from '../api/documents.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { fileToBase64, saveFile } from '../base/files.js';
import { publishErrors, publishForm, type PublishErrors } from './document-publish.js';
import { portailAdminDocumentsStyles } from './portail-admin-documents.styles.js';

const FILTERS: Record<DocumentFilter, () => [label: string, caption: string]> = {
  pending: () => [msg('À vérifier'), msg('Documents à vérifier, du plus ancien au plus récent')],
  accepted: () => [msg('Acceptés'), msg('Documents acceptés, du plus récent au plus ancien')],
  rejected: () => [msg('Refusés'), msg('Documents refusés, du plus récent au plus ancien')],
  published: () => [msg('Publiés par la commune'), msg('Documents publiés par la commune, du plus récent au plus ancien')],
  all: () => [msg('Tous'), msg('Tous les documents, du plus récent au plus ancien')],
};

const REASON_MIN = 3;
const REASON_MAX = 500;

/**
 * @summary "Documents": the files parents send (CAF certificate, proof of address…), checked by
 * the town hall: open, accept, or refuse with a reason the family receives by e-mail. Admins
 * also publish the commune's own documents (rules, menus…) and withdraw them.
 */
export class PortailAdminDocuments extends AdminElement {
  static override styles = [adminStyles, portailAdminDocumentsStyles];

  /** Admins publish and withdraw the commune's documents. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private filter: DocumentFilter = 'pending';
  @state() private documents: StaffDocument[] = [];
  @state() private rejecting?: string;
  @state() private reasonError = '';
  /** The publishing form speaks in its own regions, next to it. */
  @state() private publishErrors: PublishErrors = {};
  @state() private publishError = '';
  @state() private published = '';

  private readonly loadTask = new Task(this, {
    task: async ([filter]: readonly [DocumentFilter], { signal }) => {
      this.documents = await getDocuments(filter, signal);
      this.rejecting = undefined;
    },
    args: () => [this.filter] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="documents-title">
        <h2 id="documents-title" tabindex="-1">${msg('Documents des familles')}</h2>
        <p>${msg('Les familles déposent leurs justificatifs (attestation CAF, justificatif de domicile…). Vérifiez-les puis acceptez-les ou refusez-les : la famille est prévenue par e-mail.')}</p>
        ${this.renderMessages()}
        <form class="inline-form" aria-label=${msg('Filtrer les documents')} @submit=${this.applyFilter} novalidate>
          <div class="field">
            <label for="documents-filter">${msg('Afficher')}</label>
            <select id="documents-filter" name="status">
              ${Object.entries(FILTERS).map(([value, describe]) => html`<option value=${value} ?selected=${value === this.filter}>${describe()[0]}</option>`)}
            </select>
          </div>
          <button type="submit">${msg('Afficher')}</button>
        </form>
        ${this.renderTask(this.loadTask, msg('Chargement des documents…'), () => this.renderTable())}
      </section>
      ${this.canEdit ? this.renderPublish() : ''}`;
  }

  private renderTable() {
    if (!this.documents.length) return html`<p>${msg('Aucun document dans cette liste.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${FILTERS[this.filter]()[1]} (${this.documents.length})</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Titre')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Type')}</th>
            <th scope="col">${msg('Déposé le')}</th><th scope="col">${msg('État')}</th><th scope="col">${msg('Actions')}</th>
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
      <td>${d.familyName ? html`${d.familyName} <span class="hint">${msg(str`(n° ${d.familyNumber})`)}</span>` : msg('La commune')}</td>
      <td>${d.childName ?? '–'}</td>
      <td>${d.typeLabel}</td>
      <td>${formatDateTime(d.uploadedAt)}</td>
      <td>${d.statusLabel}${d.status === 'rejected' && d.rejectionReason ? html`<br /><span class="hint">${msg(str`Motif : ${d.rejectionReason}`)}</span>` : ''}</td>
      <td class="actions-cell">
        <div class="actions">
          <button type="button" class="link" data-open=${d.id} aria-label=${msg(str`Ouvrir ${name}`)} ?disabled=${this.busy} @click=${() => this.openFile(d)}>${msg('Ouvrir')}</button>
          ${d.status === 'pending'
            ? html`<button type="button" class="primary" aria-label=${msg(str`Accepter ${name}`)} ?disabled=${this.busy} @click=${() => this.accept(d)}>${msg('Accepter')}</button>
                <button
                  type="button"
                  class="danger"
                  data-reject=${d.id}
                  aria-label=${msg(str`Refuser ${name}`)}
                  aria-expanded=${this.rejecting === d.id ? 'true' : 'false'}
                  ?disabled=${this.busy}
                  @click=${() => this.startReject(d)}
                >
                  ${msg('Refuser')}
                </button>`
            : ''}
          ${d.status === 'published' && this.canEdit
            ? html`<button type="button" class="danger" aria-label=${msg(str`Retirer ${name}`)} ?disabled=${this.busy} @click=${() => this.unpublish(d)}>${msg('Retirer')}</button>`
            : ''}
        </div>
      </td>
    </tr>`;
  }

  private renderReject(d: StaffDocument) {
    return html`<tr class="reject-row">
      <td colspan="7">
        <form class="reject-form" aria-label=${msg(str`Refuser « ${d.title} »`)} @submit=${(e: SubmitEvent) => this.reject(e, d)} novalidate>
          <div class="field">
            <label for="reject-reason">${msg('Motif du refus (transmis à la famille)')}</label>
            <textarea
              id="reject-reason"
              name="reason"
              required
              minlength=${REASON_MIN}
              maxlength=${REASON_MAX}
              aria-describedby="reject-reason-hint${this.reasonError ? ' reject-reason-error' : ''}"
              aria-invalid=${this.reasonError ? 'true' : 'false'}
            ></textarea>
            <p class="hint" id="reject-reason-hint">
              ${msg(str`De ${REASON_MIN} à ${REASON_MAX} caractères. Par exemple : « Document illisible, merci d’envoyer une photo plus nette. »`)}
            </p>
            ${this.reasonError ? html`<p class="field-error" id="reject-reason-error">${this.reasonError}</p>` : ''}
          </div>
          <div class="actions">
            <button type="submit" class="danger" ?disabled=${this.busy}>${msg('Confirmer le refus')}</button>
            <button type="button" class="link" @click=${() => this.cancelReject(d)}>${msg('Annuler')}</button>
          </div>
        </form>
      </td>
    </tr>`;
  }

  private renderPublish() {
    const errors = [this.publishErrors.title, this.publishErrors.file].filter(Boolean);
    return html`<section class="card" aria-labelledby="publish-title">
      <h2 id="publish-title" tabindex="-1">${msg('Publier un document de la commune')}</h2>
      <p>${msg('Règlement intérieur, menus, tarifs… : les documents publiés sont visibles par toutes les familles dans leur espace.')}</p>
      <div class="alert" role="alert">${errors.length ? msg(str`Le document n’a pas été publié. ${errors.join(' ')}`) : this.publishError}</div>
      <div class="notice" role="status">${this.published}</div>
      ${publishForm(this.publishErrors, this.busy, (event) => void this.publish(event))}
    </section>`;
  }

  /** A document already decided elsewhere, or gone: the list shows what is true now. */
  protected override showFailure(error: unknown): void {
    super.showFailure(error);
    if (error instanceof PortailApiError && (error.status === 409 || error.status === 404)) void this.loadTask.run();
  }

  /** Runs a decision on a document, then moves the focus to `focus` (the section title by default). */
  private async decide(action: () => Promise<string>, focus: () => HTMLElement | null = () => null) {
    let done = '';
    await this.run(
      async () => {
        done = await action();
      },
      () => done,
    );
    await this.updateComplete;
    (focus() ?? this.renderRoot.querySelector<HTMLElement>('#documents-title'))?.focus();
  }

  private applyFilter(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.notice = '';
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

  private openFile(d: StaffDocument) {
    return this.decide(
      async () => {
        saveFile(await documentFile(d.id));
        return msg(str`Document « ${d.title} » téléchargé.`);
      },
      () => this.renderRoot.querySelector<HTMLElement>(`button[data-open="${CSS.escape(d.id)}"]`),
    );
  }

  private accept(d: StaffDocument) {
    return this.decide(async () => {
      const { document, mailQueued } = await acceptDocument(d.id);
      this.documents = this.afterDecision(d, document);
      return mailQueued ? msg(str`Document « ${d.title} » accepté : la famille est prévenue par e-mail.`) : msg(str`Document « ${d.title} » accepté.`);
    });
  }

  private async startReject(d: StaffDocument) {
    this.rejecting = d.id;
    this.reasonError = '';
    await this.focusOn('#reject-reason');
  }

  private async cancelReject(d: StaffDocument) {
    this.rejecting = undefined;
    this.reasonError = '';
    await this.focusOn(`button[data-reject="${CSS.escape(d.id)}"]`);
  }

  private async reject(event: SubmitEvent, d: StaffDocument) {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
      this.reasonError =
        reason.length < REASON_MIN
          ? msg('Expliquez en quelques mots pourquoi le document est refusé (3 caractères au moins).')
          : msg(str`Le motif ne doit pas dépasser ${REASON_MAX} caractères.`);
      return this.focusOn('#reject-reason');
    }
    this.reasonError = '';
    await this.decide(
      async () => {
        const { document, mailQueued } = await rejectDocument(d.id, reason);
        this.rejecting = undefined;
        this.documents = this.afterDecision(d, document);
        return mailQueued ? msg(str`Document « ${d.title} » refusé : la famille est prévenue par e-mail, avec le motif.`) : msg(str`Document « ${d.title} » refusé.`);
      },
      () => (this.rejecting ? this.renderRoot.querySelector<HTMLElement>('#reject-reason') : null),
    );
  }

  private unpublish(d: StaffDocument) {
    return this.decide(async () => {
      await unpublishDocument(d.id);
      this.documents = this.documents.filter((x) => x.id !== d.id);
      return msg(str`Document « ${d.title} » retiré : les familles ne le voient plus.`);
    });
  }

  private async publish(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const type = String(data.get('type') ?? 'autre') as DocumentType;
    const file = (form.querySelector<HTMLInputElement>('#publish-file')?.files ?? [])[0];
    const errors = publishErrors(title, file);
    this.publishErrors = errors;
    this.publishError = '';
    this.published = '';
    if (errors.title || errors.file) return this.focusOn(errors.title ? '#publish-title-input' : '#publish-file');
    this.busy = true;
    try {
      await publishDocument({ type, title, data: await fileToBase64(file!) });
      form.reset();
      this.published = msg(str`Document « ${title} » publié : les familles le voient dans leur espace.`);
      if (this.filter === 'published' || this.filter === 'all') void this.loadTask.run();
    } catch (error) {
      const fields = error instanceof PortailApiError ? error.fields : {};
      if (fields.title || fields.data) this.publishErrors = { ...(fields.title ? { title: fields.title } : {}), ...(fields.data ? { file: fields.data } : {}) };
      else this.publishError = staffErrorText(error);
    } finally {
      this.busy = false;
    }
    await this.focusOn(this.publishErrors.title ? '#publish-title-input' : this.publishErrors.file ? '#publish-file' : '#publish-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-documents': PortailAdminDocuments;
  }
}
