import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDate } from '../../base/format.js';
import {
  applyCalendarImport,
  createClosure,
  createPeriod,
  deleteClosure,
  deletePeriod,
  getClosures,
  getHolidays,
  getPeriods,
  getServices,
  previewCalendarImport,
  setAlsaceMoselle,
  type Closure,
  type HolidayYear,
  type ImportPreview,
  type Period,
  type StaffService,
} from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { fieldError } from '../base/fields.js';

const MAX_ICS_BYTES = 1024 * 1024;
const ZONES = ['A', 'B', 'C', 'Corse', 'Guadeloupe', 'Martinique', 'Guyane', 'Réunion', 'Mayotte'];
const KIND: Record<Period['kind'], () => string> = { school: () => msg('Période scolaire'), holidays: () => msg('Vacances') };

/**
 * @summary "Calendrier": school periods and holidays, closures (all services or one), the
 * Alsace-Moselle option with the year's public holidays, and the import of the official .ics.
 */
export class PortailAdminCalendar extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private periods: Period[] = [];
  @state() private closures: Closure[] = [];
  @state() private services: StaffService[] = [];
  @state() private holidays?: HolidayYear;
  @state() private preview?: ImportPreview;
  /** The file and zone previewed last: "Appliquer" sends exactly what was shown. */
  private ics = '';
  private zone = 'A';

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      [this.periods, this.closures, this.services, this.holidays] = await Promise.all([getPeriods(signal), getClosures(signal), getServices(signal), getHolidays(signal)]);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">${msg('Calendrier')}</h2>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Vous consultez le calendrier en lecture seule : seul un administrateur peut le modifier.')}</p>`}
      ${this.renderMessages()}
      ${this.renderTask(
        this.loadTask,
        msg('Chargement du calendrier…'),
        () => html`${this.renderPeriods()} ${this.renderClosures()} ${this.renderHolidays()} ${this.canEdit ? this.renderImport() : ''}`,
      )}
    </section>`;
  }

  private periodHead() {
    return html`<th scope="col">${msg('Période')}</th><th scope="col">${msg('Type')}</th><th scope="col">${msg('Du')}</th><th scope="col">${msg('Au')}</th>`;
  }

  private renderPeriods() {
    return html`<h3>${msg('Périodes')}</h3>
      ${this.periods.length
        ? html`<div class="table-wrap"><table>
            <caption>${msg('Périodes scolaires et vacances')}</caption>
            <thead><tr>${this.periodHead()}${this.canEdit ? html`<th scope="col">${msg('Actions')}</th>` : ''}</tr></thead>
            <tbody>
              ${this.periods.map(
                (p) => html`<tr>
                  <th scope="row">${p.label}</th><td>${KIND[p.kind]()}</td><td>${formatDate(p.startDate)}</td><td>${formatDate(p.endDate)}</td>
                  ${this.canEdit
                    ? html`<td><button type="button" class="link" ?disabled=${this.busy} aria-label=${msg(str`Supprimer ${p.label}`)}
                        @click=${() => this.run(async () => (this.periods = await deletePeriod(p.id)), msg(str`Période « ${p.label} » supprimée.`))}>${msg('Supprimer')}</button></td>`
                    : ''}
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p>${msg('Aucune période : aucun jour ne peut être réservé.')}</p>`}
      ${this.canEdit
        ? html`<form @submit=${this.addPeriod} novalidate>
            <fieldset ?disabled=${this.busy}>
              <legend>${msg('Ajouter une période')}</legend>
              <div class="grid-2">
                <div class="field"><label for="period-label">${msg('Libellé')}</label><input id="period-label" name="label" type="text" maxlength="120" autocomplete="off" /></div>
                <div class="field"><label for="period-kind">${msg('Type')}</label>
                  <select id="period-kind" name="kind"><option value="school">${KIND.school()}</option><option value="holidays">${KIND.holidays()}</option></select></div>
                <div class="field"><label for="period-start">${msg('Du')}</label><input id="period-start" name="startDate" type="date" aria-invalid=${this.fields.startDate ? 'true' : 'false'} /></div>
                <div class="field"><label for="period-end">${msg('Au')}</label><input id="period-end" name="endDate" type="date" aria-invalid=${this.fields.endDate ? 'true' : 'false'} /></div>
              </div>
              ${fieldError('startDate', this.fields.startDate)} ${fieldError('endDate', this.fields.endDate)}
              <div class="actions"><button type="submit">${msg('Ajouter la période')}</button></div>
            </fieldset>
          </form>`
        : ''}`;
  }

  private renderClosures() {
    return html`<h3>${msg('Fermetures')}</h3>
      ${this.closures.length
        ? html`<div class="table-wrap"><table>
            <caption>${msg('Jours de fermeture, avec le motif affiché aux familles')}</caption>
            <thead><tr><th scope="col">${msg('Motif')}</th><th scope="col">${msg('Service')}</th><th scope="col">${msg('Du')}</th><th scope="col">${msg('Au')}</th>${this.canEdit ? html`<th scope="col">${msg('Actions')}</th>` : ''}</tr></thead>
            <tbody>
              ${this.closures.map(
                (c) => html`<tr>
                  <th scope="row">${c.reason}</th><td>${c.serviceLabel ?? msg('Tous les services')}</td><td>${formatDate(c.startDate)}</td><td>${formatDate(c.endDate)}</td>
                  ${this.canEdit
                    ? html`<td><button type="button" class="link" ?disabled=${this.busy} aria-label=${msg(str`Supprimer la fermeture ${c.reason} du ${formatDate(c.startDate)}`)}
                        @click=${() => this.run(async () => (this.closures = await deleteClosure(c.id)), msg('Fermeture supprimée.'))}>${msg('Supprimer')}</button></td>`
                    : ''}
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p>${msg('Aucune fermeture prévue.')}</p>`}
      ${this.canEdit
        ? html`<form @submit=${this.addClosure} novalidate>
            <fieldset ?disabled=${this.busy}>
              <legend>${msg('Ajouter une fermeture')}</legend>
              <div class="grid-2">
                <div class="field"><label for="closure-service">${msg('Service')}</label>
                  <select id="closure-service" name="serviceId">
                    <option value="">${msg('Tous les services')}</option>
                    ${this.services.filter((s) => s.active).map((s) => html`<option value=${s.id}>${s.label}</option>`)}
                  </select></div>
                <div class="field"><label for="closure-reason">${msg('Motif affiché aux familles')}</label><input id="closure-reason" name="reason" type="text" maxlength="200" autocomplete="off" /></div>
                <div class="field"><label for="closure-start">${msg('Du')}</label><input id="closure-start" name="startDate" type="date" /></div>
                <div class="field"><label for="closure-end">${msg('Au')}</label><input id="closure-end" name="endDate" type="date" /></div>
              </div>
              <div class="actions"><button type="submit">${msg('Ajouter la fermeture')}</button></div>
            </fieldset>
          </form>`
        : ''}`;
  }

  private renderHolidays() {
    const year = this.holidays;
    if (!year) return '';
    return html`<h3>${msg('Jours fériés')}</h3>
      <label class="check"><input type="checkbox" .checked=${year.alsaceMoselle} ?disabled=${!this.canEdit || this.busy} @change=${this.toggleAlsace} />
        ${msg('Commune d’Alsace-Moselle (Vendredi saint et 26 décembre fériés)')}</label>
      <div class="table-wrap"><table>
        <caption>${msg(str`Jours fériés de l’année scolaire ${year.schoolYear}`)}</caption>
        <thead><tr><th scope="col">${msg('Date')}</th><th scope="col">${msg('Jour férié')}</th></tr></thead>
        <tbody>${year.holidays.map((h) => html`<tr><td>${formatDate(h.date)}</td><td>${h.name}</td></tr>`)}</tbody>
      </table></div>`;
  }

  private renderImport() {
    return html`<h3>${msg('Importer le calendrier scolaire officiel')}</h3>
      <form @submit=${this.previewFile} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>${msg('Fichier .ics du ministère')}</legend>
          <p class="hint" id="ics-hint">${msg('Fichier « Calendrier scolaire » au format iCalendar (.ics), 1 Mo au plus. Les périodes couvertes par le fichier remplacent celles déjà saisies.')}</p>
          <div class="grid-2">
            <div class="field"><label for="ics-file">${msg('Fichier')}</label>
              <input id="ics-file" name="file" type="file" accept=".ics,text/calendar" aria-describedby="ics-hint" aria-invalid=${this.fields.ics ? 'true' : 'false'} /></div>
            <div class="field"><label for="ics-zone">${msg('Zone')}</label>
              <select id="ics-zone" name="zone">${ZONES.map((z) => html`<option value=${z}>${z.length === 1 ? msg(str`Zone ${z}`) : z}</option>`)}</select></div>
          </div>
          ${fieldError('ics', this.fields.ics)} ${fieldError('zone', this.fields.zone)}
          <div class="actions"><button type="submit">${msg('Prévisualiser')}</button></div>
        </fieldset>
      </form>
      ${this.preview ? this.renderPreview(this.preview) : ''}`;
  }

  private renderPreview(preview: ImportPreview) {
    const replaced = preview.replaced;
    return html`<div class="table-wrap"><table>
        <caption>${msg(str`Périodes qui seront créées (du ${formatDate(preview.from)} au ${formatDate(preview.to)})`)}</caption>
        <thead><tr>${this.periodHead()}</tr></thead>
        <tbody>${preview.periods.map((p) => html`<tr><th scope="row">${p.label}</th><td>${KIND[p.kind]()}</td><td>${formatDate(p.startDate)}</td><td>${formatDate(p.endDate)}</td></tr>`)}</tbody>
      </table></div>
      <p>${replaced.length
        ? msg(str`${replaced.length} période(s) existante(s) seront remplacée(s) : ${replaced.map((p) => p.label).join(', ')}.`)
        : msg('Aucune période existante ne sera remplacée.')}</p>
      <div class="actions">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${this.applyFile}>${msg('Appliquer')}</button>
        <button type="button" ?disabled=${this.busy} @click=${() => (this.preview = undefined)}>${msg('Annuler')}</button>
      </div>`;
  }

  private async addPeriod(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const body = { label: data.label ?? '', kind: data.kind as Period['kind'], startDate: data.startDate ?? '', endDate: data.endDate ?? '' };
    if (await this.run(async () => (this.periods = await createPeriod(body)), msg(str`Période « ${body.label} » ajoutée.`))) form.reset();
  }

  private async addClosure(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const body = { serviceId: data.serviceId || null, reason: data.reason ?? '', startDate: data.startDate ?? '', endDate: data.endDate ?? '' };
    if (await this.run(async () => (this.closures = await createClosure(body)), msg('Fermeture ajoutée.'))) form.reset();
  }

  private async toggleAlsace(event: Event) {
    const on = (event.target as HTMLInputElement).checked;
    await this.run(
      async () => {
        await setAlsaceMoselle(on);
        this.holidays = await getHolidays();
      },
      on ? msg('Option Alsace-Moselle activée.') : msg('Option Alsace-Moselle désactivée.'),
    );
  }

  private async previewFile(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = form.querySelector<HTMLInputElement>('#ics-file')?.files?.[0];
    const zone = form.querySelector<HTMLSelectElement>('#ics-zone')?.value ?? 'A';
    this.preview = undefined;
    if (!file) {
      this.fields = { ics: msg('Choisissez le fichier .ics du calendrier scolaire.') };
      return;
    }
    if (file.size > MAX_ICS_BYTES) {
      this.fields = { ics: msg('Le fichier du calendrier ne doit pas dépasser 1 Mo.') };
      return;
    }
    this.ics = await file.text();
    this.zone = zone;
    await this.run(async () => (this.preview = await previewCalendarImport(this.ics, zone)), msg('Vérifiez les périodes ci-dessous, puis appliquez l’import.'));
  }

  private async applyFile() {
    let summary = '';
    await this.run(
      async () => {
        const result = await applyCalendarImport(this.ics, this.zone);
        this.periods = result.periods;
        this.preview = undefined;
        summary = msg(str`Calendrier importé : ${result.imported} période(s) créée(s), ${result.replaced} remplacée(s).`);
      },
      () => summary,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-calendar': PortailAdminCalendar;
  }
}
