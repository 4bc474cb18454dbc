import { LitElement, html } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getHeadcounts, headcountsCsvUrl } from './api/planning.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { tomorrowInParis } from '../base/dates.js';
import { formatDate } from '../base/format.js';

/**
 * @summary "Effectifs": children expected per service, school and diet on a day (tomorrow by
 * default), with the CSV the canteen orders from.
 */
export class PortailAdminHeadcounts extends LitElement {
  static override styles = planningStyles;

  @state() private day = tomorrowInParis();

  private readonly loadTask = new Task(this, {
    task: ([day], { signal }) => getHeadcounts(day, signal),
    args: () => [this.day] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="headcounts-title">
      <h2 id="headcounts-title">Effectifs</h2>
      <form class="inline-form" @submit=${(e: Event) => e.preventDefault()}>
        <div class="field">
          <label for="day">Jour</label>
          <input id="day" type="date" required .value=${this.day} @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value) this.day = value;
          }} />
        </div>
        <a class="button" href=${headcountsCsvUrl(this.day)} download=${`effectifs-${this.day}.csv`}>Télécharger le CSV</a>
      </form>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des effectifs…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: (report) =>
          report.rows.length
            ? html`<div class="table-wrap">
                <table>
                  <caption>Effectifs du ${formatDate(report.day)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Service</th><th scope="col">École</th><th scope="col">Régime</th><th scope="col" class="number">Inscrits</th>
                      <th scope="col" class="number">Absents</th><th scope="col" class="number">Liste d’attente</th><th scope="col" class="number">Demandes</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${report.rows.map(
                      (r) => html`<tr>
                        <th scope="row">${r.serviceLabel}</th><td>${r.school}</td><td>${r.dietLabel}</td><td class="number">${r.booked}</td>
                        <td class="number">${r.absent}</td><td class="number">${r.waitlisted}</td><td class="number">${r.requested}</td>
                      </tr>`,
                    )}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colspan="3">Total</th><td class="number">${report.totals.booked}</td><td class="number">${report.totals.absent}</td>
                      <td class="number">${report.totals.waitlisted}</td><td class="number">${report.totals.requested}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>`
            : html`<p role="status">Aucun enfant attendu le ${formatDate(report.day)}.</p>`,
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-headcounts': PortailAdminHeadcounts;
  }
}
