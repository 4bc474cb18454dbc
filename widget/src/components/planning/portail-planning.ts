import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort } from '../../api/errors.js';
import { getHome } from '../../api/me.js';
import {
  declareAbsence,
  getAbsenceReasons,
  getHistory,
  getPlanning,
  submitChanges,
  type BookingChange,
  type BookingResult,
  type HistoryEntry,
  type Planning,
  type PlanningCell,
  type PlanningDay,
  type PlanningService,
} from '../../api/planning.js';
import type { Child } from '../../api/types.js';
import { addDays, parisToday } from '../../base/dates.js';
import { errorText } from '../../base/error-text.js';
import { PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { PortailBookingChangedEvent } from '../../events/booking-changed.js';
import { formStyles } from '../../styles/form.styles.js';
import { isDay, isoWeek, rangeOf, shiftAnchor, startOfWeek, type PlanningView } from './calendar.js';
import { IdempotencyKey } from './idempotency.js';
import {
  absenceDialog,
  cellKey,
  cellsOf,
  closuresList,
  isClosed,
  legendSection,
  pendingText,
  planningTable,
  reasonField,
  recapSection,
  shownDays,
  withToggle,
  type AbsenceTarget,
  type GridHost,
  type Recap,
} from './planning-grid.js';
import { CHECKED_STATES, dayRange, historyText, monthName } from './planning-text.js';
import { planningStyles } from './portail-planning.styles.js';

/**
 * @summary The children's planning: book and cancel services day by day, declare absences.
 *
 * Shows the week (or the month) of one child as a table: one row per service, one column per
 * day the services run. Ticking and unticking boxes records pending changes, sent together by
 * "Valider mes modifications"; the recap then lists what was saved and what was refused, and
 * why. Shows an invitation to sign in while no parent is signed in. The table, its cells, the
 * recap, the legend and the absence dialog are templates of planning-grid.ts, which the staff
 * page's `<portail-admin-child-planning>` draws too.
 *
 * @event portail-booking-changed - The server answered a change or an absence. `event.detail` holds the results (`BookingResult[]`), refused ones included.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart toolbar - The view switch and the previous / next / current period buttons.
 * @csspart grid - Each planning table.
 * @csspart cell - Each day cell of a table.
 * @csspart cell-pending - A cell whose change is not sent yet (in addition to `cell`).
 * @csspart submit - The "Valider mes modifications" button.
 * @csspart recap - The summary of the last saved changes.
 * @csspart history - The panel of the latest changes.
 * @csspart legend - The legend of the symbols.
 *
 * @cssproperty --portail-color-primary - Buttons, checked boxes and links (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons (default: the town's, else #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - School, class and closed days (default #4d5562).
 * @cssproperty --portail-color-surface - Table and button background (default #ffffff).
 * @cssproperty --portail-color-border - Table borders (default #6b7280).
 * @cssproperty --portail-color-error - Refused changes and errors (default #b3261e).
 * @cssproperty --portail-color-success - Saved changes (default #1e6b34).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-color-pending - Background of a pending cell (default #fff1c2).
 * @cssproperty --portail-radius - Corner radius of buttons (default 0.25em).
 */
@localized()
export class PortailPlanning extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, planningStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  /** A day (`YYYY-MM-DD`) whose week or month is shown first; defaults to today (Europe/Paris). */
  @property() date?: string;

  /** The view shown first: `week` (default) or `month`. */
  @property() view: PlanningView = 'week';

  @state() private anchor = parisToday();
  @state() private childId?: string;
  @state() private pending = new Map<string, BookingChange>();
  @state() private revision = 0;
  @state() private choosingChild = false;
  @state() private historyOpen = false;
  @state() private recap: Recap | null = null;
  @state() private busy = '';
  @state() private alert = '';
  @state() private absence: AbsenceTarget | null = null;
  @state() private absenceError = '';
  @state() private reasonsWanted = false;

  @query('dialog') private dialog?: HTMLDialogElement;

  readonly #changesKey = new IdempotencyKey();
  readonly #absenceKey = new IdempotencyKey();
  #writes?: AbortController;
  #absenceSaved = false;

  private readonly homeTask = new Task(this, {
    task: async ([client, token]: readonly [ApiClient | undefined, string | undefined], { signal }) =>
      client && token ? getHome(client, signal) : undefined,
    args: () => [this.client, this.session.state?.token] as const,
  });

  private readonly planningTask = new Task(this, {
    task: async (
      [client, childId, from, to]: readonly [ApiClient | undefined, string | undefined, string, string, number],
      { signal },
    ) => (client && childId ? getPlanning(client, { childId, from, to }, signal) : undefined),
    args: () => {
      const { from, to } = rangeOf(this.view, this.anchor);
      return [this.session.state ? this.client : undefined, this.currentChild?.id, from, to, this.revision] as const;
    },
  });

  private readonly historyTask = new Task(this, {
    task: async (
      [client, childId]: readonly [ApiClient | undefined, string | undefined, number],
      { signal },
    ) => (client && childId ? getHistory(client, childId, signal) : undefined),
    args: () =>
      [this.historyOpen && this.session.state ? this.client : undefined, this.currentChild?.id, this.revision] as const,
  });

  private readonly reasonsTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined], { signal }) =>
      client ? getAbsenceReasons(client, signal) : undefined,
    args: () => [this.reasonsWanted && this.session.state ? this.client : undefined] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const task of [this.homeTask, this.planningTask, this.historyTask, this.reasonsTask]) task.abort();
    this.#writes?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('date') && isDay(this.date)) this.anchor = this.date;
    if (changed.has('view') && this.view !== 'month') this.view = 'week';
  }

  protected override sessionChanged(): void {
    if (this.session.state) return;
    this.pending = new Map();
    this.recap = null;
    this.childId = undefined;
    this.absence = null;
  }

  private get familyChildren(): Child[] {
    return this.homeTask.value?.children ?? [];
  }

  private get currentChild(): Child | undefined {
    return this.familyChildren.find((c) => c.id === this.childId) ?? this.familyChildren[0];
  }

  /** Today from the server's clock once known, else the visitor's in Europe/Paris. */
  private get today(): string {
    return this.planningTask.value?.today ?? parisToday();
  }

  override render() {
    if (!this.client) return html`<p class="alert" role="alert">${this.renderMissingKey()}</p>`;
    return html`<div part="base">
      ${this.session.state
        ? this.homeTask.render({
            pending: () => html`<p role="status">${msg('Chargement du planning…')}</p>`,
            complete: (home) => (home ? this.renderChildPlanning() : nothing),
            error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
          })
        : signedOutView(
            msg('Planning et réservations'),
            msg('Connectez-vous pour consulter et modifier le planning de vos enfants.'),
            this.loginHref,
          )}
    </div>`;
  }

  private renderChildPlanning() {
    const child = this.currentChild;
    if (!child) {
      return html`<h2>${msg('Planning et réservations')}</h2>
        <p>${msg("Aucun enfant n'est rattaché à votre dossier. Contactez la mairie si c'est une erreur.")}</p>`;
    }
    return html`<h2 tabindex="-1" data-focus-target>${msg(str`Planning de ${child.firstName} ${child.lastName}`)}</h2>
      <p class="child-school">${child.school}${child.className ? ` – ${child.className}` : ''}</p>
      <div class="actions links">
        ${this.familyChildren.length > 1
          ? html`<button
              type="button"
              class="link"
              aria-expanded=${this.choosingChild ? 'true' : 'false'}
              aria-controls="children"
              @click=${() => (this.choosingChild = !this.choosingChild)}
            >
              ${msg('Choisir un autre enfant')}
            </button>`
          : nothing}
        <button
          type="button"
          class="link"
          aria-expanded=${this.historyOpen ? 'true' : 'false'}
          aria-controls="history"
          @click=${() => (this.historyOpen = !this.historyOpen)}
        >
          ${msg('Voir mes dernières modifications')}
        </button>
      </div>
      <div id="children">${this.choosingChild ? this.renderChildChoice(child) : nothing}</div>
      <div id="history">${this.historyOpen ? this.renderHistory() : nothing}</div>
      ${this.renderRecap()} ${this.renderToolbar()}
      ${this.planningTask.render({
        pending: () => html`<p role="status" class="status">${msg('Chargement du planning…')}</p>`,
        complete: (planning) => (planning ? this.renderPlanning(planning, child) : nothing),
        error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
      })}
      ${this.renderPendingBar()} ${legendSection()} ${this.renderAbsenceDialog()}`;
  }

  private renderChildChoice(current: Child) {
    return html`<p>${msg('Choisissez l’enfant dont vous voulez voir le planning.')}</p>
      <ul class="child-list" part="children">
        ${this.familyChildren.map(
          (child) => html`<li>
            <button
              type="button"
              aria-current=${child.id === current.id ? 'true' : nothing}
              @click=${() => this.chooseChild(child.id)}
            >
              <span class="child-name">${child.firstName} ${child.lastName}</span>
              <span class="child-school">${child.school}${child.className ? ` – ${child.className}` : ''}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  private chooseChild(id: string): void {
    this.childId = id;
    this.choosingChild = false;
    this.recap = null;
    void this.focusHeading();
  }

  private renderToolbar() {
    const week = this.view === 'week';
    return html`<div class="toolbar" part="toolbar">
      <div class="view-switch" role="group" aria-label=${msg('Affichage')}>
        <button type="button" aria-pressed=${week ? 'true' : 'false'} @click=${() => (this.view = 'week')}>
          ${msg('Semaine')}
        </button>
        <button type="button" aria-pressed=${week ? 'false' : 'true'} @click=${() => (this.view = 'month')}>
          ${msg('Mois')}
        </button>
      </div>
      <div class="navigation">
        <button type="button" class="previous" @click=${() => this.move(-1)}>
          ${week ? msg('Semaine précédente') : msg('Mois précédent')}
        </button>
        <button type="button" class="next" @click=${() => this.move(1)}>
          ${week ? msg('Semaine suivante') : msg('Mois suivant')}
        </button>
        <button type="button" class="link" @click=${() => (this.anchor = this.today)}>
          ${week ? msg('Revenir à la semaine en cours') : msg('Revenir au mois en cours')}
        </button>
      </div>
    </div>`;
  }

  private move(step: 1 | -1): void {
    this.anchor = shiftAnchor(this.view, this.anchor, step);
  }

  private renderPlanning(planning: Planning, child: Child) {
    const cells = cellsOf(planning);
    // Week-ends and days without any service are left out; a closed school day stays, with its reason.
    const days = shownDays(planning);
    const name = child.firstName;
    if (days.length === 0 || planning.services.length === 0) {
      return html`<p class="empty">${msg('Aucun service n’a lieu sur cette période.')}</p>`;
    }
    const host = this.gridHost(child);
    const table = (tableDays: PlanningDay[], caption: string) => planningTable(host, planning, cells, tableDays, caption);

    if (this.view === 'week') {
      const caption = msg(str`Planning de ${name} – semaine ${dayRange(planning.from, planning.to)}`);
      return html`<div class="scroller" role="region" aria-label=${caption} tabindex="0">
          ${table(days, caption)}
        </div>
        ${closuresList(days)}`;
    }

    const weeks = new Map<string, PlanningDay[]>();
    for (const day of days) {
      const monday = startOfWeek(day.date);
      weeks.set(monday, [...(weeks.get(monday) ?? []), day]);
    }
    const region = msg(str`Planning de ${name} – ${monthName(planning.from)}`);
    return html`${this.renderMonthSelection(planning, cells, child)}
      <div class="scroller" role="region" aria-label=${region} tabindex="0">
        ${[...weeks].map(([monday, weekDays]) => {
          const from = monday < planning.from ? planning.from : monday;
          const sunday = addDays(monday, 6);
          const to = sunday > planning.to ? planning.to : sunday;
          const week = isoWeek(monday);
          return table(weekDays, msg(str`Planning de ${name} – semaine ${week}, ${dayRange(from, to)}`));
        })}
      </div>
      ${closuresList(days)}`;
  }

  private gridHost(child: Child): GridHost {
    return {
      childId: child.id,
      childName: child.firstName,
      pending: this.pending,
      toggle: (target, wasChecked, checked) => (this.pending = withToggle(this.pending, target, wasChecked, checked)),
      openAbsence: (target) => void this.openAbsence(target),
    };
  }

  private renderMonthSelection(planning: Planning, cells: ReadonlyMap<string, PlanningCell>, child: Child) {
    const selectable = (service: PlanningService) =>
      planning.days.flatMap((d) => {
        const cell = cells.get(`${service.id}|${d.date}`);
        return cell && !isClosed(cell, d) ? [cell] : [];
      });
    const services = planning.services.filter((s) => selectable(s).some((c) => c.canBook || c.canCancel));
    if (services.length === 0) return nothing;
    return html`<ul class="month-selection">
      ${services.map(
        (service) => html`<li>
          <span class="service">${service.label}</span>
          <span class="actions">
            <button type="button" @click=${() => this.selectMonth(selectable(service), child, true)}>
              ${msg('Cocher le mois')}<span class="visually-hidden"> – ${service.label}</span>
            </button>
            <button type="button" @click=${() => this.selectMonth(selectable(service), child, false)}>
              ${msg('Décocher le mois')}<span class="visually-hidden"> – ${service.label}</span>
            </button>
          </span>
        </li>`,
      )}
    </ul>`;
  }

  /** Like ticking (or unticking) every box of the service in the month that can change. */
  private selectMonth(cells: PlanningCell[], child: Child, checked: boolean): void {
    const pending = new Map(this.pending);
    for (const cell of cells) {
      const key = cellKey(child.id, cell.serviceId, cell.date);
      const wasChecked = CHECKED_STATES.has(cell.state);
      if (wasChecked === checked) pending.delete(key);
      else if (checked ? cell.canBook : cell.canCancel) {
        pending.set(key, { childId: child.id, serviceId: cell.serviceId, date: cell.date, action: checked ? 'book' : 'cancel' });
      }
    }
    this.pending = pending;
  }

  private renderPendingBar() {
    const count = this.pending.size;
    return html`<div class="pending-bar">
      <p role="status" class="status">
        ${this.busy || pendingText(count)}
      </p>
      ${count > 0
        ? html`<p class="hint">${msg('Vos modifications ne sont enregistrées qu’après validation.')}</p>
            <div class="actions">
              <button type="button" class="primary" part="submit" @click=${this.onSubmit}>
                ${msg('Valider mes modifications')}
              </button>
              <button type="button" @click=${this.onDiscard}>${msg('Annuler les modifications')}</button>
            </div>`
        : nothing}
      <div class="alert" role="alert">${this.alert}</div>
    </div>`;
  }

  private onDiscard(): void {
    if (this.busy) return;
    this.pending = new Map();
    this.alert = '';
  }

  private async onSubmit(): Promise<void> {
    if (this.busy || !this.client || this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    const key = this.#changesKey.for(changes);
    this.alert = await this.write(msg('Enregistrement de vos modifications…'), async (signal) => {
      const answer = await submitChanges(this.client!, changes, key, signal);
      this.#changesKey.settle();
      this.pending = new Map();
      this.saved(answer.results, answer.applied);
    });
  }

  /** Runs one write; resolves to the text of its failure, empty when it succeeded or was aborted. */
  private async write(busyText: string, action: (signal: AbortSignal) => Promise<void>): Promise<string> {
    this.#writes = new AbortController();
    this.busy = busyText;
    this.alert = '';
    try {
      await action(this.#writes.signal);
      return '';
    } catch (error) {
      return isAbort(error) ? '' : errorText(error);
    } finally {
      this.busy = '';
    }
  }

  private saved(results: BookingResult[], applied: number): void {
    this.recap = { results, applied };
    this.revision++;
    this.dispatchEvent(new PortailBookingChangedEvent(results));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#recap-heading')?.focus());
  }

  private renderRecap() {
    return recapSection(this.recap, new Map(this.familyChildren.map((c) => [c.id, c.firstName])));
  }

  private renderHistory() {
    return html`<section class="history" part="history" aria-labelledby="history-heading">
      <h3 id="history-heading">${msg('Mes dernières modifications')}</h3>
      ${this.historyTask.render({
        pending: () => html`<p role="status">${msg('Chargement de l’historique…')}</p>`,
        complete: (entries) => (entries ? this.renderHistoryEntries(entries) : nothing),
        error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
      })}
    </section>`;
  }

  private renderHistoryEntries(entries: HistoryEntry[]) {
    if (entries.length === 0) return html`<p>${msg('Aucune modification récente.')}</p>`;
    const byService = new Map<string, HistoryEntry[]>();
    for (const entry of entries) byService.set(entry.serviceLabel, [...(byService.get(entry.serviceLabel) ?? []), entry]);
    return [...byService].map(
      ([service, list]) => html`<h4>${service}</h4>
        <ul>
          ${list.map((entry) => html`<li>${historyText(entry)}</li>`)}
        </ul>`,
    );
  }

  private async openAbsence(target: AbsenceTarget): Promise<void> {
    this.absence = target;
    this.absenceError = '';
    this.reasonsWanted = true;
    this.#absenceSaved = false;
    await this.updateComplete;
    this.dialog?.showModal();
  }

  private renderAbsenceDialog() {
    return absenceDialog({
      target: this.absence,
      reasons: this.reasonsTask.render({
        pending: () => html`<p role="status">${msg('Chargement des motifs…')}</p>`,
        complete: (reasons) => (reasons ? reasonField(reasons) : nothing),
        error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
      }),
      error: this.absenceError,
      onSubmit: (event) => void this.onAbsenceSubmit(event),
      onClose: () => void this.onAbsenceClosed(),
      onCancel: () => this.dialog?.close(),
    });
  }

  private async onAbsenceSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const target = this.absence;
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#absence-reason');
    if (!target || !select?.value || this.busy || !this.client) return;
    const body = { childId: target.childId, serviceId: target.serviceId, date: target.date, reasonId: select.value };
    const key = this.#absenceKey.for(body);
    this.absenceError = '';
    this.absenceError = await this.write(msg('Enregistrement de l’absence…'), async (signal) => {
      const answer = await declareAbsence(this.client!, body, key, signal);
      this.#absenceKey.settle();
      this.#absenceSaved = true;
      this.dialog?.close();
      this.saved(answer.results, answer.applied);
    });
  }

  private async onAbsenceClosed(): Promise<void> {
    const opener = this.absence?.openerId;
    this.absence = null;
    if (this.#absenceSaved || !opener) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${opener}`)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-planning': PortailPlanning;
  }
}
