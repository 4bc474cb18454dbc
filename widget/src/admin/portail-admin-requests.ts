import { LitElement, html } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { decideRequests, getRequests, type PendingRequest } from './api/planning.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDate, formatDateTime } from '../base/format.js';

const OUTCOME = { booked: 'inscrit', waitlisted: 'en liste d’attente (complet)', refused: 'refusé', unchanged: 'déjà traité' } as const;

/**
 * @summary "Demandes": the families' bookings waiting for the town hall. Staff tick requests and
 * accept or refuse them in one go; each family is told by e-mail.
 */
export class PortailAdminRequests extends LitElement {
  static override styles = planningStyles;

  @state() private requests: PendingRequest[] = [];
  @state() private selected = new Set<string>();
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.requests = await getRequests(signal);
      this.selected = new Set();
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="requests-title">
      <h2 id="requests-title" tabindex="-1">Demandes à valider</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des demandes…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => this.renderTable(),
      })}
    </section>`;
  }

  private label(r: PendingRequest) {
    return `${r.serviceLabel} – ${r.childFirstName} ${r.childLastName} – ${formatDate(r.date)}`;
  }

  private renderTable() {
    if (!this.requests.length) return html`<p>Aucune demande en attente.</p>`;
    const all = this.selected.size === this.requests.length;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <div class="table-wrap">
        <table>
          <caption>Demandes en attente, de la plus ancienne à la plus récente</caption>
          <thead>
            <tr>
              <th scope="col">
                <label class="check"><input type="checkbox" .checked=${all} .indeterminate=${this.selected.size > 0 && !all} @change=${this.toggleAll} />
                  <span class="visually-hidden">Tout sélectionner</span></label>
              </th>
              <th scope="col">Jour</th><th scope="col">Service</th><th scope="col">Enfant</th><th scope="col">Famille</th><th scope="col">Demandé le</th>
            </tr>
          </thead>
          <tbody>
            ${this.requests.map(
              (r) => html`<tr>
                <td><input type="checkbox" aria-label=${this.label(r)} .checked=${this.selected.has(r.bookingId)} @change=${(e: Event) => this.toggle(r.bookingId, (e.target as HTMLInputElement).checked)} /></td>
                <td>${formatDate(r.date)}</td>
                <td>${r.serviceLabel}</td>
                <th scope="row">${r.childFirstName} ${r.childLastName}</th>
                <td>${r.familyName}</td>
                <td>${formatDateTime(r.requestedAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="hint" id="selection-count">${this.selected.size} demande${this.selected.size > 1 ? 's' : ''} sélectionnée${this.selected.size > 1 ? 's' : ''}</p>
      <div class="actions">
        <button type="button" class="primary" aria-describedby="selection-count" ?disabled=${this.busy || !this.selected.size} @click=${() => this.decide('approve')}>Accepter la sélection</button>
        <button type="button" class="danger" aria-describedby="selection-count" ?disabled=${this.busy || !this.selected.size} @click=${() => this.decide('refuse')}>Refuser la sélection</button>
      </div>
    </form>`;
  }

  private toggle(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private toggleAll(event: Event) {
    this.selected = (event.target as HTMLInputElement).checked ? new Set(this.requests.map((r) => r.bookingId)) : new Set();
  }

  private async decide(decision: 'approve' | 'refuse') {
    this.error = '';
    this.saved = '';
    this.busy = true;
    const ids = [...this.selected];
    try {
      const { outcomes, requests } = await decideRequests(ids, decision);
      const counts = new Map<string, number>();
      for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
      const summary = [...counts].map(([status, n]) => `${n} ${OUTCOME[status as keyof typeof OUTCOME]}`).join(', ');
      this.requests = requests;
      this.selected = new Set();
      this.saved = `${decision === 'approve' ? 'Demandes acceptées' : 'Demandes refusées'} : ${summary}. Les familles sont prévenues par e-mail.`;
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('tbody input, #requests-title')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-requests': PortailAdminRequests;
  }
}
