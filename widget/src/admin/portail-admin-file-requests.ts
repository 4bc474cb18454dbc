import { LitElement, css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { type ChangeDecision, type ChangeRequest, decideChangeRequest, getChangeRequests, getChangeRequestValues } from './api/file-requests.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDateTime } from '../base/format.js';

const NOTE_MAX = 500;

/** French names of the fields parents may ask to change; anything else shows its own name. */
const FIELD_LABELS: Record<string, string> = {
  civility: 'Civilité',
  firstName: 'Prénom',
  lastName: 'Nom',
  birthDate: 'Date de naissance',
  sex: 'Sexe',
  addressLine1: 'Adresse',
  addressLine2: 'Complément d’adresse',
  postalCode: 'Code postal',
  city: 'Ville',
  email: 'E-mail',
  emails: 'Adresses e-mail',
  phone: 'Téléphone',
  phoneHome: 'Téléphone du domicile',
  phoneMobile: 'Téléphone portable',
  phoneWork: 'Téléphone professionnel',
  profession: 'Profession',
  employer: 'Employeur',
  cafNumber: 'Numéro d’allocataire CAF',
  quotientFamilial: 'Quotient familial',
  fiscalIncome: 'Revenu fiscal de référence',
  fiscalShares: 'Nombre de parts fiscales',
  iban: 'IBAN',
  bic: 'BIC',
  accountHolder: 'Titulaire du compte',
  allergies: 'Allergies',
  diet: 'Régime alimentaire',
  doctorName: 'Médecin traitant',
  doctorPhone: 'Téléphone du médecin',
  vaccinations: 'Vaccinations',
  pai: 'PAI',
  needsSupport: 'Besoin d’accompagnement',
  notes: 'Remarques',
  persons: 'Personnes autorisées',
  relation: 'Lien',
  details: 'Précisions',
  complementary: 'Informations complémentaires',
};

/** Any JSON value as a French reader expects it; empty values say so. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(' ; ') : '(vide)';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '');
    return entries.length ? entries.map(([k, v]) => `${FIELD_LABELS[k] ?? k} : ${formatValue(v)}`).join(', ') : '(vide)';
  }
  return String(value);
}

/**
 * @summary "Fiches familles": the changes parents asked for in their family file, waiting for the
 * town hall. Staff read the old and new values (health values only on request, each read
 * recorded), then accept or refuse with an optional note; the family is told by e-mail.
 */
export class PortailAdminFileRequests extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      .review {
        display: grid;
        gap: 1em;
        margin: 1.5em 0 0;
        padding: 1em 0 0;
        border-top: 0.0625em solid #d0d4da;
      }
      .review h3 {
        margin: 0;
      }
      .review h3:focus {
        outline: none;
      }
      h2:focus {
        outline: none;
      }
    `,
  ];

  @state() private requests: ChangeRequest[] = [];
  @state() private open?: ChangeRequest;
  @state() private error = '';
  @state() private saved = '';
  @state() private noteError = '';
  @state() private busy = false;
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
      <h2 id="file-requests-title" tabindex="-1">Demandes de modification des fiches familles</h2>
      <p>Les familles demandent à modifier leur fiche ; la modification n’est appliquée qu’une fois acceptée. Dans les deux cas, la famille est prévenue par e-mail.</p>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des demandes…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => html`${this.renderTable()} ${this.open ? this.renderReview(this.open) : ''}`,
      })}
    </section>`;
  }

  private who(r: ChangeRequest) {
    return `${r.familyName}${r.childName ? `, ${r.childName}` : ''}`;
  }

  private renderTable() {
    if (!this.requests.length) return html`<p>Aucune demande de modification en attente.</p>`;
    return html`<div class="table-wrap">
        <table>
          <caption>${this.requests.length} demande${this.requests.length > 1 ? 's' : ''} en attente, de la plus ancienne à la plus récente</caption>
          <thead>
            <tr><th scope="col">Famille</th><th scope="col">Enfant</th><th scope="col">Données concernées</th><th scope="col">Demandée le</th><th scope="col">Action</th></tr>
          </thead>
          <tbody>
            ${this.requests.map(
              (r) => html`<tr>
                <th scope="row">${r.familyName} <span class="hint">(n° ${r.familyNumber})</span></th>
                <td>${r.childName ?? '–'}</td>
                <td>${r.groupLabel}${r.masked ? html`<br /><span class="hint">Données de santé : valeurs affichées sur demande</span>` : ''}</td>
                <td>${formatDateTime(r.requestedAt)}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    data-request=${r.id}
                    aria-label=${`Voir les valeurs : ${r.groupLabel}, ${this.who(r)}`}
                    aria-expanded=${this.open?.id === r.id ? 'true' : 'false'}
                    ?disabled=${this.busy}
                    @click=${() => this.show(r)}
                  >
                    Voir les valeurs
                  </button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">Les données de santé ne sont affichées qu’à votre demande ; chaque consultation est enregistrée avec votre nom.</p>`;
  }

  private renderReview(r: ChangeRequest) {
    const fields = Object.entries(r.fields);
    return html`<section class="review" aria-labelledby="review-title">
      <h3 id="review-title" tabindex="-1">${r.groupLabel} – ${this.who(r)}</h3>
      <p>Demandée le ${formatDateTime(r.requestedAt)}.${r.group === 'child_health' ? ' Données de santé : cette consultation a été enregistrée avec votre nom.' : ''}</p>
      ${fields.length
        ? html`<div class="table-wrap">
            <table>
              <caption>Valeurs demandées : avant → après</caption>
              <thead><tr><th scope="col">Champ</th><th scope="col">Valeur actuelle</th><th scope="col">Valeur demandée</th></tr></thead>
              <tbody>
                ${fields.map(
                  ([field, change]) => html`<tr>
                    <th scope="row">${FIELD_LABELS[field] ?? field}</th>
                    <td>${formatValue(change.old)}</td>
                    <td><span class="visually-hidden">devient </span>${formatValue(change.new)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p>Aucun champ ne change.</p>`}
      <form @submit=${this.decide} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>Votre décision</legend>
          <div class="field">
            <label for="decision-note">Commentaire pour la famille (facultatif)</label>
            <textarea
              id="decision-note"
              name="note"
              maxlength=${NOTE_MAX}
              aria-describedby="decision-note-hint${this.noteError ? ' decision-note-error' : ''}"
              aria-invalid=${this.noteError ? 'true' : 'false'}
            ></textarea>
            <p class="hint" id="decision-note-hint">${NOTE_MAX} caractères au plus.</p>
            ${this.noteError ? html`<p class="field-error" id="decision-note-error">${this.noteError}</p>` : ''}
          </div>
          <div class="actions">
            <button type="submit" class="primary" name="decision" value="accept">Accepter</button>
            <button type="submit" class="danger" name="decision" value="refuse">Refuser</button>
            <button type="button" class="link" @click=${this.close}>Fermer sans décider</button>
          </div>
        </fieldset>
      </form>
    </section>`;
  }

  private async show(r: ChangeRequest) {
    this.error = '';
    this.saved = '';
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
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#review-title')?.focus();
  }

  private async close() {
    const id = this.open?.id;
    this.open = undefined;
    this.noteError = '';
    await this.updateComplete;
    this.focusRow(id);
  }

  private focusRow(id?: string) {
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
      this.noteError = `Le commentaire ne doit pas dépasser ${NOTE_MAX} caractères.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#decision-note')?.focus();
      return;
    }
    this.error = '';
    this.saved = '';
    this.noteError = '';
    this.busy = true;
    try {
      this.requests = await decideChangeRequest(request.id, decision, note || undefined);
      this.open = undefined;
      this.saved = decision === 'accept' ? 'Demande acceptée : la famille est prévenue par e-mail.' : 'Demande refusée : la famille est prévenue par e-mail.';
    } catch (error) {
      await this.failed(error);
      return;
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#file-requests-title')?.focus();
  }

  /** Shows the error; a request already decided or gone leaves the list. */
  private async failed(error: unknown) {
    this.error = staffErrorText(error);
    if (error instanceof PortailApiError && (error.status === 409 || error.status === 404)) {
      this.open = undefined;
      try {
        this.requests = await getChangeRequests();
      } catch {
        // The message above stands; the list is refreshed next time.
      }
    }
    this.busy = false;
    await this.updateComplete;
    if (!this.open) this.renderRoot.querySelector<HTMLElement>('#file-requests-title')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-file-requests': PortailAdminFileRequests;
  }
}
