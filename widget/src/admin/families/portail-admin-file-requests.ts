import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { formatDateTime } from '../../base/format.js';
import { decideChangeRequest, getChangeRequests, getChangeRequestValues, type ChangeDecision, type ChangeRequest } from '../api/file-requests.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { fieldLabel, formatValue } from './change-values.js';
import { portailAdminFileRequestsStyles } from './portail-admin-file-requests.styles.js';

const NOTE_MAX = 500;

const who = (r: ChangeRequest) => `${r.familyName}${r.childName ? `, ${r.childName}` : ''}`;

/**
 * @summary "Fiches familles": the changes parents asked for in their family file, waiting for the
 * town hall. Staff read the old and new values (health values only on request, each read
 * recorded), then accept or refuse with an optional note; the family is told by e-mail.
 */
export class PortailAdminFileRequests extends AdminElement {
  static override styles = [adminStyles, portailAdminFileRequestsStyles];

  @state() private requests: ChangeRequest[] = [];
  @state() private open?: ChangeRequest;
  @state() private noteError = '';
  private loading?: AbortController;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.requests = await getChangeRequests(signal);
    },
    args: () => [] as const,
  });

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="file-requests-title">
      <h2 id="file-requests-title" tabindex="-1">${msg('Demandes de modification des fiches familles')}</h2>
      <p>${msg('Les familles demandent à modifier leur fiche ; la modification n’est appliquée qu’une fois acceptée. Dans les deux cas, la famille est prévenue par e-mail.')}</p>
      ${this.renderMessages()}
      ${this.renderTask(this.loadTask, msg('Chargement des demandes…'), () => html`${this.renderTable()} ${this.open ? this.renderReview(this.open) : ''}`)}
    </section>`;
  }

  private renderTable() {
    const count = this.requests.length;
    if (!count) return html`<p>${msg('Aucune demande de modification en attente.')}</p>`;
    return html`<div class="table-wrap">
        <table>
          <caption>${count > 1
            ? msg(str`${count} demandes en attente, de la plus ancienne à la plus récente`)
            : msg(str`${count} demande en attente, de la plus ancienne à la plus récente`)}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Famille')}</th><th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Données concernées')}</th>
              <th scope="col">${msg('Demandée le')}</th><th scope="col">${msg('Action')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.requests.map(
              (r) => html`<tr>
                <th scope="row">${r.familyName} <span class="hint">${msg(str`(n° ${r.familyNumber})`)}</span></th>
                <td>${r.childName ?? '–'}</td>
                <td>${r.groupLabel}${r.masked ? html`<br /><span class="hint">${msg('Données de santé : valeurs affichées sur demande')}</span>` : ''}</td>
                <td>${formatDateTime(r.requestedAt)}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    data-request=${r.id}
                    aria-label=${msg(str`Voir les valeurs : ${r.groupLabel}, ${who(r)}`)}
                    aria-expanded=${this.open?.id === r.id ? 'true' : 'false'}
                    ?disabled=${this.busy}
                    @click=${() => this.show(r)}
                  >
                    ${msg('Voir les valeurs')}
                  </button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">${msg('Les données de santé ne sont affichées qu’à votre demande ; chaque consultation est enregistrée avec votre nom.')}</p>`;
  }

  private renderReview(r: ChangeRequest) {
    const fields = Object.entries(r.fields);
    return html`<section class="review" aria-labelledby="review-title">
      <h3 id="review-title" tabindex="-1">${r.groupLabel} – ${who(r)}</h3>
      <p>
        ${msg(str`Demandée le ${formatDateTime(r.requestedAt)}.`)}${r.group === 'child_health'
          ? ` ${msg('Données de santé : cette consultation a été enregistrée avec votre nom.')}`
          : ''}
      </p>
      ${fields.length
        ? html`<div class="table-wrap">
            <table>
              <caption>${msg('Valeurs demandées : avant → après')}</caption>
              <thead><tr><th scope="col">${msg('Champ')}</th><th scope="col">${msg('Valeur actuelle')}</th><th scope="col">${msg('Valeur demandée')}</th></tr></thead>
              <tbody>
                ${fields.map(
                  ([field, change]) => html`<tr>
                    <th scope="row">${fieldLabel(field)}</th>
                    <td>${formatValue(change.old)}</td>
                    <td><span class="visually-hidden">${msg('devient')} </span>${formatValue(change.new)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p>${msg('Aucun champ ne change.')}</p>`}
      <form @submit=${this.decide} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>${msg('Votre décision')}</legend>
          <div class="field">
            <label for="decision-note">${msg('Commentaire pour la famille (facultatif)')}</label>
            <textarea
              id="decision-note"
              name="note"
              maxlength=${NOTE_MAX}
              aria-describedby="decision-note-hint${this.noteError ? ' decision-note-error' : ''}"
              aria-invalid=${this.noteError ? 'true' : 'false'}
            ></textarea>
            <p class="hint" id="decision-note-hint">${msg(str`${NOTE_MAX} caractères au plus.`)}</p>
            ${this.noteError ? html`<p class="field-error" id="decision-note-error">${this.noteError}</p>` : ''}
          </div>
          <div class="actions">
            <button type="submit" class="primary" name="decision" value="accept">${msg('Accepter')}</button>
            <button type="submit" class="danger" name="decision" value="refuse">${msg('Refuser')}</button>
            <button type="button" class="link" @click=${this.close}>${msg('Fermer sans décider')}</button>
          </div>
        </fieldset>
      </form>
    </section>`;
  }

  private async show(r: ChangeRequest) {
    this.error = '';
    this.notice = '';
    this.noteError = '';
    this.loading?.abort();
    const controller = (this.loading = new AbortController());
    this.busy = true;
    try {
      this.open = await getChangeRequestValues(r.id, controller.signal);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      await this.failed(error);
      return;
    } finally {
      if (this.loading === controller) this.busy = false;
    }
    await this.focusOn('#review-title');
  }

  private async close() {
    const id = this.open?.id;
    this.open = undefined;
    this.noteError = '';
    await this.updateComplete;
    const row = id ? this.renderRoot.querySelector<HTMLElement>(`button[data-request="${CSS.escape(id)}"]`) : null;
    (row ?? this.renderRoot.querySelector<HTMLElement>('#file-requests-title'))?.focus();
  }

  private async decide(event: SubmitEvent) {
    event.preventDefault();
    const request = this.open;
    if (!request || this.busy) return;
    const decision = ((event.submitter as HTMLButtonElement | null)?.value ?? 'accept') as ChangeDecision;
    const note = String(new FormData(event.target as HTMLFormElement).get('note') ?? '').trim();
    if (note.length > NOTE_MAX) {
      this.noteError = msg(str`Le commentaire ne doit pas dépasser ${NOTE_MAX} caractères.`);
      return this.focusOn('#decision-note');
    }
    this.error = '';
    this.notice = '';
    this.noteError = '';
    this.busy = true;
    try {
      this.requests = await decideChangeRequest(request.id, decision, note || undefined);
      this.open = undefined;
      this.notice = decision === 'accept' ? msg('Demande acceptée : la famille est prévenue par e-mail.') : msg('Demande refusée : la famille est prévenue par e-mail.');
    } catch (error) {
      await this.failed(error);
      return;
    } finally {
      this.busy = false;
    }
    await this.focusOn('#file-requests-title');
  }

  /** Shows the error; a request already decided or gone leaves the list. */
  private async failed(error: unknown) {
    this.showFailure(error);
    if (error instanceof PortailApiError && (error.status === 409 || error.status === 404)) {
      this.open = undefined;
      try {
        this.requests = await getChangeRequests();
      } catch {
        // The message above stands; the list is refreshed next time.
      }
    }
    this.busy = false;
    if (!this.open) await this.focusOn('#file-requests-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-file-requests': PortailAdminFileRequests;
  }
}
