import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDate } from '../../base/format.js';
import { getHeadcounts, headcountsCsvUrl, type HeadcountChild, type HeadcountService, type Headcounts } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary "Effectifs": children expected per service, school and diet on a day (by default the
 * next day on which children are expected, as the server finds it), the totals per service, the
 * names for the canteen and the care staff (diet, PAI and allergy flags), and the CSV the canteen
 * orders from.
 */
export class PortailAdminHeadcounts extends AdminElement {
  /** The day the staff member chose; null for the server's next day with children expected. */
  @state() private chosen: string | null = null;

  private readonly loadTask = new Task(this, {
    task: ([day], { signal }) => getHeadcounts(day, signal),
    args: () => [this.chosen] as const,
  });

  /** The day on screen: the chosen one, else the one the server answered for. */
  private get day(): string | null {
    return this.chosen ?? this.loadTask.value?.day ?? null;
  }

  override render() {
    return html`<section class="card" aria-labelledby="headcounts-title">
      <h2 id="headcounts-title">${msg('Effectifs')}</h2>
      <form class="inline-form" @submit=${(e: Event) => e.preventDefault()}>
        <div class="field">
          <label for="day">${msg('Jour')}</label>
          <input id="day" type="date" required .value=${this.day ?? ''} @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value) this.chosen = value;
          }} />
        </div>
        ${this.day ? html`<a class="button" href=${headcountsCsvUrl(this.day)} download=${`effectifs-${this.day}.csv`}>${msg('Télécharger le CSV')}</a>` : nothing}
      </form>
      ${this.renderTask(this.loadTask, msg('Chargement des effectifs…'), (report) => this.renderReport(report))}
    </section>`;
  }

  private renderReport(report: Headcounts) {
    if (!report.rows.length) return html`<p role="status">${msg(str`Aucun enfant attendu le ${formatDate(report.day)}.`)}</p>`;
    return html`${this.renderServices(report)} ${this.renderDetail(report)}
    ${report.services.map((service) => this.renderNames(service, report.children.filter((c) => c.serviceId === service.serviceId), report.day))}`;
  }

  /** One line per service: what each team plans for. */
  private renderServices(report: Headcounts) {
    const { totals } = report;
    return html`<div class="table-wrap">
      <table class="services">
        <caption>${msg(str`Par service, le ${formatDate(report.day)}`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Service')}</th><th scope="col" class="number">${msg('Inscrits')}</th><th scope="col" class="number">${msg('Absents')}</th>
            <th scope="col" class="number">${msg('Liste d’attente')}</th><th scope="col" class="number">${msg('Demandes')}</th>
            <th scope="col" class="number">${msg('En panier, non payées')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.services.map(
            (s) => html`<tr>
              <th scope="row">${s.serviceLabel}</th><td class="number">${s.booked}</td><td class="number">${s.absent}</td>
              <td class="number">${s.waitlisted}</td><td class="number">${s.requested}</td>
              <td class="number">${s.held ?? 0}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${msg('Tous services')}</th><td class="number">${totals.booked}</td><td class="number">${totals.absent}</td>
            <td class="number">${totals.waitlisted}</td><td class="number">${totals.requested}</td>
            <td class="number">${totals.held ?? 0}</td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  /** The canteen's order: per service, school and diet. */
  private renderDetail(report: Headcounts) {
    return html`<div class="table-wrap">
      <table class="detail">
        <caption>${msg(str`Par école et régime, le ${formatDate(report.day)}`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Service')}</th><th scope="col">${msg('École')}</th><th scope="col">${msg('Régime')}</th><th scope="col" class="number">${msg('Inscrits (vendues)')}</th>
            <th scope="col" class="number">${msg('Absents')}</th><th scope="col" class="number">${msg('Liste d’attente')}</th><th scope="col" class="number">${msg('Demandes')}</th>
            <th scope="col" class="number">${msg('En panier, non payées')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.rows.map(
            (r) => html`<tr>
              <th scope="row">${r.serviceLabel}</th><td>${r.school}</td><td>${r.dietLabel}</td><td class="number">${r.booked}</td>
              <td class="number">${r.absent}</td><td class="number">${r.waitlisted}</td><td class="number">${r.requested}</td>
              <td class="number">${r.held ?? 0}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** The names a service's team calls and serves, absent children last in their own column. */
  private renderNames(service: HeadcountService, list: HeadcountChild[], day: string) {
    if (!list.length) return nothing;
    return html`<div class="table-wrap">
      <table class="names">
        <caption>${msg(str`${service.serviceLabel} : liste des enfants du ${formatDate(day)}`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Enfant')}</th><th scope="col">${msg('École et classe')}</th><th scope="col">${msg('Régime')}</th>
            <th scope="col">${msg('PAI')}</th><th scope="col">${msg('Allergies')}</th><th scope="col">${msg('Présence')}</th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (c) => html`<tr>
              <th scope="row">${c.lastName} ${c.firstName}</th>
              <td>${c.school}${c.className ? ` – ${c.className}` : ''}</td>
              <td>${c.diet === 'standard' ? c.dietLabel : html`<strong>${c.dietLabel}</strong>`}</td>
              <td>${c.pai ? html`<span class="badge">${msg('PAI')}</span>` : msg('Non')}</td>
              <td>${c.allergies ? html`<span class="badge">${msg('Oui')}</span>` : msg('Non')}</td>
              <td>${c.absent ? msg('Absent') : msg('Attendu')}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-headcounts': PortailAdminHeadcounts;
  }
}
