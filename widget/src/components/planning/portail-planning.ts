import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
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
import { errorText } from '../../base/error-text.js';
import { PortailElement } from '../../base/portail-element.js';
import { PortailBookingChangedEvent } from '../../events/booking-changed.js';
import { formStyles } from '../../styles/form.styles.js';
import {
  isDay,
  isoWeek,
  isoWeekday,
  parisToday,
  rangeOf,
  shiftAnchor,
  startOfWeek,
  addDays,
  type PlanningView,
} from './calendar.js';
import { IdempotencyKey } from './idempotency.js';
import {
  CHECKED_STATES,
  columnDate,
  dayRange,
  deadline,
  historyText,
  longDate,
  monthName,
  resultText,
  stateSymbol,
  stateText,
} from './planning-text.js';
import { planningStyles } from './portail-planning.styles.js';

interface Recap {
  results: BookingResult[];
  applied: number;
}

interface AbsenceTarget {
  childId: string;
  serviceId: string;
  date: string;
  name: string;
  openerId: string;
}

/**
 * Whether a cell shows the "closed" sign instead of a box (a held booking always keeps its box).
 * A service that runs while the child is not enrolled shows a disabled box saying so.
 */
const isClosed = (cell: PlanningCell | undefined, day: PlanningDay) =>
  !cell || (!CHECKED_STATES.has(cell.state) && (day.closed !== null || (!cell.open && cell.enrolled)));

const cellKey = (childId: string, serviceId: string, date: string) => `${childId}|${serviceId}|${date}`;

/**
 * @summary The children's planning: book and cancel services day by day, declare absences.
 *
 * Shows the week (or the month) of one child as a table: one row per service, one column per
 * day the services run. Ticking and unticking boxes records pending changes, sent together by
 * "Valider mes modifications"; the recap then lists what was saved and what was refused, and
 * why. Shows an invitation to sign in while no parent is signed in.
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
        : this.renderSignedOut()}
    </div>`;
  }

  private renderSignedOut() {
    return html`<h2>${msg('Planning et réservations')}</h2>
      <p>${msg('Connectez-vous pour consulter et modifier le planning de vos enfants.')}</p>
      ${this.loginHref ? html`<p><a href=${this.loginHref}>${msg('Se connecter')}</a></p>` : nothing}`;
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
      ${this.renderPendingBar()} ${this.renderLegend()} ${this.renderAbsenceDialog()}`;
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
    const cells = new Map(planning.cells.map((c) => [`${c.serviceId}|${c.date}`, c]));
    const openDays = new Set(planning.cells.filter((c) => c.open || CHECKED_STATES.has(c.state)).map((c) => c.date));
    // Week-ends and days without any service are left out; a closed school day stays, with its reason.
    const days = planning.days.filter((d) => openDays.has(d.date) || (d.closed && isoWeekday(d.date) <= 5));
    const name = child.firstName;
    if (days.length === 0 || planning.services.length === 0) {
      return html`<p class="empty">${msg('Aucun service n’a lieu sur cette période.')}</p>`;
    }
    const table = (tableDays: PlanningDay[], caption: string) =>
      this.renderTable(planning, cells, tableDays, caption, child);

    if (this.view === 'week') {
      const caption = msg(str`Planning de ${name} – semaine ${dayRange(planning.from, planning.to)}`);
      return html`<div class="scroller" role="region" aria-label=${caption} tabindex="0">
          ${table(days, caption)}
        </div>
        ${this.renderClosures(days)}`;
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
      ${this.renderClosures(days)}`;
  }

  private renderTable(
    planning: Planning,
    cells: Map<string, PlanningCell>,
    days: PlanningDay[],
    caption: string,
    child: Child,
  ) {
    const groups = new Map<string, PlanningService[]>();
    for (const service of planning.services) groups.set(service.group, [...(groups.get(service.group) ?? []), service]);
    return html`<table part="grid">
      <caption>${caption}</caption>
      <thead>
        <tr>
          <td class="corner"></td>
          ${days.map(
            (day) => html`<th scope="col" aria-current=${day.date === planning.today ? 'date' : nothing}>
              ${columnDate(day.date)}
              ${day.closed ? html`<span class="day-closed">${msg('fermé')}</span>` : nothing}
            </th>`,
          )}
        </tr>
      </thead>
      ${[...groups].map(
        ([group, services]) => html`<tbody>
          ${group
            ? html`<tr class="group">
                <th scope="rowgroup" colspan=${days.length + 1}><span>${group}</span></th>
              </tr>`
            : nothing}
          ${services.map(
            (service) => html`<tr>
              <th scope="row">${service.label}</th>
              ${days.map((day) => this.renderCell(service, day, cells.get(`${service.id}|${day.date}`), child))}
            </tr>`,
          )}
        </tbody>`,
      )}
    </table>`;
  }

  private renderCell(service: PlanningService, day: PlanningDay, cell: PlanningCell | undefined, child: Child) {
    if (!cell || isClosed(cell, day)) {
      const reason = day.closed?.reason ?? cell?.closedReason ?? '';
      return html`<td part="cell" class="closed">
        <span aria-hidden="true">⊘</span>
        <span class="visually-hidden">${reason ? msg(str`fermé : ${reason}`) : msg('fermé')}</span>
      </td>`;
    }
    const id = `${service.id}-${day.date}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const key = cellKey(child.id, service.id, day.date);
    const change = this.pending.get(key);
    const wasChecked = CHECKED_STATES.has(cell.state);
    const editable = wasChecked ? cell.canCancel : cell.canBook;
    const until = wasChecked ? cell.cancelUntil : cell.bookUntil;
    const note = editable
      ? until
        ? msg(str`modifiable jusqu’au ${deadline(until)}`)
        : ''
      : (cell.lockedReason ?? cell.closedReason ?? msg('Modification impossible'));
    const state = change
      ? change.action === 'book'
        ? msg('modification en attente : inscription')
        : msg('modification en attente : annulation')
      : stateText(cell);
    const name = `${service.label} – ${child.firstName} – ${longDate(day.date)}`;
    const describedBy = [state ? `state-${id}` : '', note ? `note-${id}` : ''].filter(Boolean).join(' ');
    return html`<td part=${change ? 'cell cell-pending' : 'cell'} class=${change ? 'pending' : ''}>
      <span class="cell-content">
        <input
          type="checkbox"
          id=${`box-${id}`}
          aria-label=${name}
          aria-describedby=${describedBy || nothing}
          title=${editable ? nothing : note}
          .checked=${live(change ? change.action === 'book' : wasChecked)}
          ?disabled=${!editable}
          @change=${(event: Event) =>
            this.toggle(
              { childId: child.id, serviceId: service.id, date: day.date },
              wasChecked,
              (event.target as HTMLInputElement).checked,
            )}
        />
        <span class="mark" aria-hidden="true">${change ? '✎' : stateSymbol(cell)}</span>
      </span>
      ${state ? html`<span class="visually-hidden" id=${`state-${id}`}>${state}</span>` : nothing}
      ${note ? html`<span class="visually-hidden" id=${`note-${id}`}>${note}</span>` : nothing}
      ${cell.canDeclareAbsence && !change
        ? html`<button
            type="button"
            class="absence"
            id=${`absence-${id}`}
            aria-label=${msg(str`Déclarer une absence – ${name}`)}
            @click=${() =>
              this.openAbsence({ childId: child.id, serviceId: service.id, date: day.date, name, openerId: `absence-${id}` })}
          >
            ${msg('Absence')}
          </button>`
        : nothing}
    </td>`;
  }

  private toggle(target: Omit<BookingChange, 'action'>, wasChecked: boolean, checked: boolean): void {
    const pending = new Map(this.pending);
    const key = cellKey(target.childId, target.serviceId, target.date);
    if (checked === wasChecked) pending.delete(key);
    else pending.set(key, { ...target, action: checked ? 'book' : 'cancel' });
    this.pending = pending;
  }

  private renderMonthSelection(planning: Planning, cells: Map<string, PlanningCell>, child: Child) {
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

  private renderClosures(days: PlanningDay[]) {
    const closed = days.filter((d) => d.closed);
    if (closed.length === 0) return nothing;
    return html`<div class="closures">
      <h3>${msg('Jours fermés')}</h3>
      <ul>
        ${closed.map(
          (d) => html`<li><span aria-hidden="true">⊘ </span>${longDate(d.date)} : ${d.closed!.reason}</li>`,
        )}
      </ul>
    </div>`;
  }

  private renderPendingBar() {
    const count = this.pending.size;
    return html`<div class="pending-bar">
      <p role="status" class="status">
        ${this.busy
          ? this.busy
          : count === 0
            ? ''
            : count === 1
              ? msg('1 modification en attente')
              : msg(str`${count} modifications en attente`)}
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
      return error instanceof DOMException && error.name === 'AbortError' ? '' : errorText(error);
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
    if (!this.recap) return nothing;
    const names = new Map(this.familyChildren.map((c) => [c.id, c.firstName]));
    const done = this.recap.results.filter((r) => r.status !== 'refused');
    const refused = this.recap.results.filter((r) => r.status === 'refused');
    return html`<section class="recap" part="recap" aria-labelledby="recap-heading">
      <h3 id="recap-heading" tabindex="-1">
        ${this.recap.applied > 0 || done.length > 0
          ? msg('Modifications enregistrées')
          : msg('Aucune modification enregistrée')}
      </h3>
      ${done.length > 0
        ? html`<ul class="done">
            ${done.map((r) => html`<li>${resultText(r, names.get(r.childId))}</li>`)}
          </ul>`
        : nothing}
      ${refused.length > 0
        ? html`<div class="refused" role="alert">
            <h4>${refused.length === 1 ? msg('1 modification refusée') : msg(str`${refused.length} modifications refusées`)}</h4>
            <ul>
              ${refused.map((r) => html`<li>${resultText(r, names.get(r.childId))}</li>`)}
            </ul>
          </div>`
        : nothing}
    </section>`;
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

  private renderLegend() {
    const items: Array<[string, string]> = [
      ['☑', msg('inscrit')],
      ['◷', msg('demande en attente de validation')],
      ['☰3', msg('liste d’attente (ici en 3e position)')],
      ['Ⓐ', msg('absence déclarée')],
      ['✕', msg('demande refusée')],
      ['⊘', msg('fermé')],
      ['✎', msg('modification en attente, pas encore validée')],
    ];
    return html`<section class="legend" part="legend" aria-labelledby="legend-heading">
      <h3 id="legend-heading">${msg('Légende')}</h3>
      <ul>
        ${items.map(([symbol, label]) => html`<li><span class="symbol" aria-hidden="true">${symbol}</span> ${label}</li>`)}
      </ul>
    </section>`;
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
    const target = this.absence;
    return html`<dialog aria-labelledby="absence-heading" @close=${this.onAbsenceClosed}>
      ${target
        ? html`<form novalidate @submit=${this.onAbsenceSubmit}>
            <h3 id="absence-heading">${msg('Déclarer une absence')}</h3>
            <p>${target.name}</p>
            ${this.reasonsTask.render({
              pending: () => html`<p role="status">${msg('Chargement des motifs…')}</p>`,
              complete: (reasons) =>
                reasons
                  ? html`<div class="field">
                      <label for="absence-reason">${msg('Motif de l’absence')}</label>
                      <select id="absence-reason" name="reason" required>
                        ${reasons.map((r) => html`<option value=${r.id}>${r.label}</option>`)}
                      </select>
                    </div>`
                  : nothing,
              error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
            })}
            <div class="alert" role="alert">${this.absenceError}</div>
            <div class="actions">
              <button type="submit" class="primary">${msg('Confirmer l’absence')}</button>
              <button type="button" @click=${() => this.dialog?.close()}>${msg('Annuler')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
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
