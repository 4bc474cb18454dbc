import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDate, formatDateTime } from '../../base/format.js';
import { decideRequests, getRequests, type Decision, type PendingRequest } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';

type Outcome = Decision['outcomes'][number]['status'];

const OUTCOME: Record<Outcome, () => string> = {
  booked: () => msg('inscrit'),
  waitlisted: () => msg('en liste d’attente (complet)'),
  refused: () => msg('refusé'),
  unchanged: () => msg('déjà traité'),
};

/**
 * @summary "Demandes": the families' bookings waiting for the town hall. Staff tick requests and
 * accept or refuse them in one go; each family is told by e-mail.
 */
export class PortailAdminRequests extends AdminElement {
  @state() private requests: PendingRequest[] = [];
  @state() private selected = new Set<string>();

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.requests = await getRequests(signal);
      this.selected = new Set();
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="requests-title">
      <h2 id="requests-title" tabindex="-1">${msg('Demandes à valider')}</h2>
      ${this.renderMessages()} ${this.renderTask(this.loadTask, msg('Chargement des demandes…'), () => this.renderTable())}
    </section>`;
  }

  private label(r: PendingRequest) {
    return `${r.serviceLabel} – ${r.childFirstName} ${r.childLastName} – ${formatDate(r.date)}`;
  }

  private renderTable() {
    if (!this.requests.length) return html`<p>${msg('Aucune demande en attente.')}</p>`;
    const all = this.selected.size === this.requests.length;
    const count = this.selected.size;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <div class="table-wrap">
        <table>
          <caption>${msg('Demandes en attente, de la plus ancienne à la plus récente')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <label class="check"><input type="checkbox" .checked=${all} .indeterminate=${count > 0 && !all} @change=${this.toggleAll} />
                  <span class="visually-hidden">${msg('Tout sélectionner')}</span></label>
              </th>
              <th scope="col">${msg('Jour')}</th><th scope="col">${msg('Service')}</th><th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('Demandé le')}</th>
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
      <p class="hint" id="selection-count">${count > 1 ? msg(str`${count} demandes sélectionnées`) : msg(str`${count} demande sélectionnée`)}</p>
      <div class="actions">
        <button type="button" class="primary" aria-describedby="selection-count" ?disabled=${this.busy || !count} @click=${() => this.decide('approve')}>${msg('Accepter la sélection')}</button>
        <button type="button" class="danger" aria-describedby="selection-count" ?disabled=${this.busy || !count} @click=${() => this.decide('refuse')}>${msg('Refuser la sélection')}</button>
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
    let summary = '';
    await this.run(
      async () => {
        const { outcomes, requests } = await decideRequests([...this.selected], decision);
        const counts = new Map<Outcome, number>();
        for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
        summary = [...counts].map(([status, n]) => `${n} ${OUTCOME[status]()}`).join(', ');
        this.requests = requests;
        this.selected = new Set();
      },
      () =>
        decision === 'approve'
          ? msg(str`Demandes acceptées : ${summary}. Les familles sont prévenues par e-mail.`)
          : msg(str`Demandes refusées : ${summary}. Les familles sont prévenues par e-mail.`),
    );
    await this.focusOn('tbody input, #requests-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-requests': PortailAdminRequests;
  }
}
