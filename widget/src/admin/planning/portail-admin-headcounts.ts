import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { tomorrowInParis } from '../../base/dates.js';
import { formatDate } from '../../base/format.js';
import { getHeadcounts, headcountsCsvUrl, type Headcounts } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary "Effectifs": children expected per service, school and diet on a day (tomorrow by
 * default), with the CSV the canteen orders from.
 */
export class PortailAdminHeadcounts extends AdminElement {
  @state() private day = tomorrowInParis();

  private readonly loadTask = new Task(this, {
    task: ([day], { signal }) => getHeadcounts(day, signal),
    args: () => [this.day] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="headcounts-title">
      <h2 id="headcounts-title">${msg('Effectifs')}</h2>
      <form class="inline-form" @submit=${(e: Event) => e.preventDefault()}>
        <div class="field">
          <label for="day">${msg('Jour')}</label>
          <input id="day" type="date" required .value=${this.day} @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value) this.day = value;
          }} />
        </div>
        <a class="button" href=${headcountsCsvUrl(this.day)} download=${`effectifs-${this.day}.csv`}>${msg('Télécharger le CSV')}</a>
      </form>
      ${this.renderTask(this.loadTask, msg('Chargement des effectifs…'), (report) => this.renderReport(report))}
    </section>`;
  }

  private renderReport(report: Headcounts) {
    if (!report.rows.length) return html`<p role="status">${msg(str`Aucun enfant attendu le ${formatDate(report.day)}.`)}</p>`;
    const { totals } = report;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg(str`Effectifs du ${formatDate(report.day)}`)}</caption>
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
        <tfoot>
          <tr>
            <th scope="row" colspan="3">${msg('Total')}</th><td class="number">${totals.booked}</td><td class="number">${totals.absent}</td>
            <td class="number">${totals.waitlisted}</td><td class="number">${totals.requested}</td>
            <td class="number">${totals.held ?? 0}</td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-headcounts': PortailAdminHeadcounts;
  }
}
