import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type {
  AbsenceReason,
  BookingChange,
  BookingResult,
  Planning,
  PlanningCell,
  PlanningDay,
  PlanningService,
} from '../../api/planning.js';
import { isoWeekday } from './calendar.js';
import { CHECKED_STATES, columnDate, deadline, longDate, resultText, stateSymbol, stateText } from './planning-text.js';

/**
 * The booking grid as pure templates, drawn by the parents' `<portail-planning>` and by the staff
 * page's `<portail-admin-child-planning>`. The element keeps its own state (pending changes,
 * recap, dialog) and hands it in with a `GridHost`; nothing here fetches, so the staff bundle
 * shares the table without the parents' HTTP client. Styles: `planningStyles` of
 * portail-planning.styles.ts.
 */

/** Pending changes by `cellKey`. */
export type PendingChanges = ReadonlyMap<string, BookingChange>;

export interface Recap {
  results: BookingResult[];
  applied: number;
}

export interface AbsenceTarget {
  childId: string;
  serviceId: string;
  date: string;
  /** The box's name: "Cantine – Léa – lundi 7 septembre 2026". */
  name: string;
  /** The id of the "Absence" button, which gets the focus back when the dialog is dismissed. */
  openerId: string;
}

/** What a table needs from the element drawing it; `C` is the element's kind of cell. */
export interface GridHost<C extends PlanningCell = PlanningCell> {
  childId: string;
  /** The first name, as boxes are named: "Cantine – Léa – lundi 7 septembre 2026". */
  childName: string;
  pending: PendingChanges;
  /** A box was ticked or unticked; `wasChecked` is its state on the server. */
  toggle(target: Omit<BookingChange, 'action'>, wasChecked: boolean, checked: boolean): void;
  openAbsence(target: AbsenceTarget): void;
  /** Withdraws a declared absence; without it, no "Retirer l’absence" button. */
  withdrawAbsence?(target: AbsenceTarget): void;
  /** Whether a cell offers "Absence"; defaults to the parents' rule (`familyAbsenceOffered`). */
  absenceOffered?(cell: C): boolean;
  /** What is said under a box besides its state; defaults to the parents' deadlines (`familyCellNote`). */
  cellNote?(cell: C, editable: boolean): string;
}

export const cellKey = (childId: string, serviceId: string, date: string) => `${childId}|${serviceId}|${date}`;

/**
 * Whether a cell shows the "closed" sign instead of a box (a held booking always keeps its box).
 * A service that runs while the child is not enrolled shows a disabled box saying so.
 */
export const isClosed = (cell: PlanningCell | undefined, day: PlanningDay) =>
  !cell || (!CHECKED_STATES.has(cell.state) && (day.closed !== null || (!cell.open && cell.enrolled)));

/** Cells by `serviceId|date`. */
export const cellsOf = <C extends PlanningCell>(planning: { cells: readonly C[] }) =>
  new Map(planning.cells.map((c) => [`${c.serviceId}|${c.date}`, c]));

/** The columns worth showing: days some service runs (or is held), and closed school days with their reason. */
export function shownDays(planning: Pick<Planning, 'cells' | 'days'>): PlanningDay[] {
  const openDays = new Set(planning.cells.filter((c) => c.open || CHECKED_STATES.has(c.state)).map((c) => c.date));
  return planning.days.filter((d) => openDays.has(d.date) || (d.closed && isoWeekday(d.date) <= 5));
}

/** A service's deadlines in words, for everyone to see: "modifiable jusqu’à la veille à 10:00". */
export function serviceRule(service: PlanningService): string {
  if (service.bookingRule === service.cancellationRule) {
    return service.bookingRule === 'sans délai' ? msg('modifiable sans délai') : msg(str`délai : ${service.bookingRule}`);
  }
  return msg(str`réservation : ${service.bookingRule} ; annulation : ${service.cancellationRule}`);
}

/** The pending changes once a box is ticked or unticked: back to the server's state forgets the change. */
export function withToggle(
  pending: PendingChanges,
  target: Omit<BookingChange, 'action'>,
  wasChecked: boolean,
  checked: boolean,
): Map<string, BookingChange> {
  const next = new Map(pending);
  const key = cellKey(target.childId, target.serviceId, target.date);
  if (checked === wasChecked) next.delete(key);
  else next.set(key, { ...target, action: checked ? 'book' : 'cancel' });
  return next;
}

/** The parents' note: until when a box can change, or why it cannot. */
export function familyCellNote(cell: PlanningCell, editable: boolean): string {
  const until = CHECKED_STATES.has(cell.state) ? cell.cancelUntil : cell.bookUntil;
  if (!editable) return cell.lockedReason ?? cell.closedReason ?? msg('Modification impossible');
  return until ? msg(str`modifiable jusqu’au ${deadline(until)}`) : '';
}

/** "1 modification en attente", "3 modifications en attente", or nothing. */
export function pendingText(count: number): string {
  if (count === 0) return '';
  return count === 1 ? msg('1 modification en attente') : msg(str`${count} modifications en attente`);
}

/** One table: a column per day, a row per service, services grouped under a row header. */
export function planningTable<C extends PlanningCell>(
  host: GridHost<C>,
  planning: Pick<Planning, 'services' | 'today'>,
  cells: ReadonlyMap<string, C>,
  days: PlanningDay[],
  caption: string,
): TemplateResult {
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
            <th scope="row">${service.label}<span class="rule" aria-hidden="true">${serviceRule(service)}</span></th>
            ${days.map((day) => planningCell(host, service, day, cells.get(`${service.id}|${day.date}`)))}
          </tr>`,
        )}
      </tbody>`,
    )}
  </table>`;
}

/** Everything a cell says and does, drawn as a table cell (`planningCell`) or as a row of the phone's day list. */
export interface CellView {
  /** Unique in the element, for ids: `cantine-2026-09-07`. */
  id: string;
  change: BookingChange | undefined;
  wasChecked: boolean;
  checked: boolean;
  editable: boolean;
  /** Until when it can change, or why it cannot. */
  note: string;
  /** Its state in words ("inscrit", "modification en attente : annulation"), empty when nothing is booked. */
  state: string;
  /** The box's name: "Cantine – Léa – lundi 7 septembre 2026". */
  name: string;
  target: Omit<BookingChange, 'action'>;
  /** Whether the "Absence" button is offered. */
  absence: boolean;
  /** Whether the "Retirer l’absence" button is offered. */
  withdraw: boolean;
}

/** The parents may declare an absence only where it differs from cancelling: once the booking can no longer be cancelled. */
export const familyAbsenceOffered = (cell: PlanningCell) => cell.canDeclareAbsence && !cell.canCancel;

export function cellView<C extends PlanningCell>(host: GridHost<C>, service: PlanningService, day: PlanningDay, cell: C): CellView {
  const id = `${service.id}-${day.date}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const change = host.pending.get(cellKey(host.childId, service.id, day.date));
  const wasChecked = CHECKED_STATES.has(cell.state);
  const editable = wasChecked ? cell.canCancel : cell.canBook;
  const state = change
    ? change.action === 'book'
      ? msg('modification en attente : inscription')
      : msg('modification en attente : annulation')
    : stateText(cell);
  return {
    id,
    change,
    wasChecked,
    checked: change ? change.action === 'book' : wasChecked,
    editable,
    note: (host.cellNote ?? familyCellNote)(cell, editable),
    state,
    name: `${service.label} – ${host.childName} – ${longDate(day.date)}`,
    target: { childId: host.childId, serviceId: service.id, date: day.date },
    absence: !change && (host.absenceOffered ?? familyAbsenceOffered)(cell),
    withdraw: !change && !!host.withdrawAbsence && cell.state === 'absent' && !!cell.canWithdrawAbsence,
  };
}

/** The box of a cell; a locked box stays focusable (`aria-disabled`) so that its reason shows on focus or tap. */
export function cellBox(host: GridHost, view: CellView) {
  const describedBy = [view.state ? `state-${view.id}` : '', view.note ? `note-${view.id}` : ''].filter(Boolean).join(' ');
  return html`<input
    type="checkbox"
    id=${`box-${view.id}`}
    aria-label=${view.name}
    aria-describedby=${describedBy || nothing}
    aria-disabled=${view.editable ? nothing : 'true'}
    .checked=${live(view.checked)}
    @click=${(event: Event) => {
      if (!view.editable) event.preventDefault();
    }}
    @change=${(event: Event) => host.toggle(view.target, view.wasChecked, (event.target as HTMLInputElement).checked)}
  />`;
}

/** The "Absence" and "Retirer l’absence" buttons of a cell, when offered. */
export function absenceActions(host: GridHost, view: CellView) {
  return html`${view.absence
    ? html`<button
        type="button"
        class="absence"
        id=${`absence-${view.id}`}
        aria-label=${msg(str`Déclarer une absence – ${view.name}`)}
        @click=${() => host.openAbsence({ ...view.target, name: view.name, openerId: `absence-${view.id}` })}
      >
        ${msg('Absence')}
      </button>`
    : nothing}
  ${view.withdraw
    ? html`<button
        type="button"
        class="absence"
        id=${`withdraw-${view.id}`}
        aria-label=${msg(str`Retirer l’absence – ${view.name}`)}
        @click=${() => host.withdrawAbsence?.({ ...view.target, name: view.name, openerId: `withdraw-${view.id}` })}
      >
        ${msg('Retirer l’absence')}
      </button>`
    : nothing}`;
}

/** The visible mark of a state: the absence is an icon every system draws, the others are common glyphs. */
export function stateMark(cell: PlanningCell, change: BookingChange | undefined) {
  if (change) return '✎';
  return cell.state === 'absent' ? absenceIcon() : stateSymbol(cell);
}

/** A crossed-out person: the absence sign, as SVG since some systems lack a glyph for it. */
export function absenceIcon() {
  return html`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
    <circle cx="8" cy="4.5" r="2.5" fill="currentColor" />
    <path d="M3.5 14.5v-2.5a4.5 4.5 0 0 1 9 0v2.5z" fill="currentColor" />
    <path d="M1.5 1.5l13 13" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" />
  </svg>`;
}

function planningCell<C extends PlanningCell>(host: GridHost<C>, service: PlanningService, day: PlanningDay, cell: C | undefined) {
  if (!cell || isClosed(cell, day)) {
    const reason = day.closed?.reason ?? cell?.closedReason ?? '';
    return html`<td part="cell" class="closed">
      <span aria-hidden="true">⊘</span>
      <span class="visually-hidden">${reason || msg('fermé')}</span>
    </td>`;
  }
  const view = cellView(host, service, day, cell);
  return html`<td part=${view.change ? 'cell cell-pending' : 'cell'} class=${view.change ? 'pending' : view.editable ? '' : 'locked'}>
    <span class="cell-content">
      ${cellBox(host as GridHost, view)}
      <span class="mark" aria-hidden="true">${stateMark(cell, view.change)}</span>
    </span>
    ${view.state ? html`<span class="visually-hidden" id=${`state-${view.id}`}>${view.state}</span>` : nothing}
    ${view.note ? html`<span class="cell-note" id=${`note-${view.id}`}>${view.note}</span>` : nothing}
    ${absenceActions(host as GridHost, view)}
  </td>`;
}

/** The closed days of the period, with their reasons. */
export function closuresList(days: PlanningDay[]) {
  const closed = days.filter((d) => d.closed);
  if (closed.length === 0) return nothing;
  return html`<div class="closures">
    <h3>${msg('Jours fermés')}</h3>
    <ul>
      ${closed.map((d) => html`<li><span aria-hidden="true">⊘ </span>${longDate(d.date)} : ${d.closed!.reason}</li>`)}
    </ul>
  </div>`;
}

/** What the server saved and what it refused, and why; `#recap-heading` takes the focus after a write. */
export function recapSection(recap: Recap | null, names: ReadonlyMap<string, string>) {
  if (!recap) return nothing;
  const done = recap.results.filter((r) => r.status !== 'refused');
  const refused = recap.results.filter((r) => r.status === 'refused');
  return html`<section class="recap" part="recap" aria-labelledby="recap-heading">
    <h3 id="recap-heading" tabindex="-1">
      ${recap.applied > 0 || done.length > 0 ? msg('Modifications enregistrées') : msg('Aucune modification enregistrée')}
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

export function legendSection() {
  const items: Array<[unknown, string]> = [
    ['☑', msg('inscrit')],
    ['◷', msg('demande en attente de validation')],
    ['☰3', msg('liste d’attente (ici en 3e position)')],
    [absenceIcon(), msg('absence déclarée')],
    ['✕', msg('demande refusée')],
    ['€', msg('dans le panier, en attente de paiement')],
    ['⊘', msg('fermé')],
    ['✎', msg('modification en attente, pas encore validée')],
  ];
  return html`<section class="legend" part="legend" aria-labelledby="legend-heading">
    <h3 id="legend-heading">${msg('Légende')}</h3>
    <ul>
      ${items.map(([symbol, label]) => html`<li><span class="symbol" aria-hidden="true">${symbol}</span> ${label}</li>`)}
    </ul>
    <p class="hint">${cancelOrAbsence()}</p>
  </section>`;
}

/** What tells cancelling from declaring an absence, said in the legend and in the absence dialog. */
export const cancelOrAbsence = () =>
  msg(
    'Décocher une case annule la réservation : aucune place n’est gardée ni facturée. Une absence garde la place réservée alors que l’enfant ne vient pas ; elle est facturée ou non selon le motif. Elle se déclare quand il est trop tard pour annuler.',
  );

/** The reason field of the absence dialog (`#absence-reason`). */
export function reasonField(reasons: readonly AbsenceReason[]) {
  return html`<div class="field">
    <label for="absence-reason">${msg('Motif de l’absence')}</label>
    <select id="absence-reason" name="reason" required>
      ${reasons.map((r) => html`<option value=${r.id}>${r.label}</option>`)}
    </select>
  </div>`;
}

/**
 * The absence dialog (`<dialog>`, opened with `showModal()` by the element). `reasons` is what
 * stands for the reason field while it loads, fails or shows; `notice` a sentence under the box name.
 */
export function absenceDialog(options: {
  target: AbsenceTarget | null;
  reasons: unknown;
  error: string;
  notice?: string;
  /** More fields after the reason (the parents' comment and certificate). */
  fields?: unknown;
  onSubmit: (event: SubmitEvent) => void;
  onClose: () => void;
  onCancel: () => void;
}) {
  const { target } = options;
  return html`<dialog aria-labelledby="absence-heading" @close=${options.onClose}>
    ${target
      ? html`<form novalidate @submit=${options.onSubmit}>
          <h3 id="absence-heading">${msg('Déclarer une absence')}</h3>
          <p>${target.name}</p>
          ${options.notice ? html`<p class="hint">${options.notice}</p>` : nothing} ${options.reasons} ${options.fields ?? nothing}
          <div class="alert" role="alert">${options.error}</div>
          <div class="actions">
            <button type="submit" class="primary">${msg('Confirmer l’absence')}</button>
            <button type="button" @click=${options.onCancel}>${msg('Annuler')}</button>
          </div>
        </form>`
      : nothing}
  </dialog>`;
}
