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
            <th scope="row">${service.label}</th>
            ${days.map((day) => planningCell(host, service, day, cells.get(`${service.id}|${day.date}`)))}
          </tr>`,
        )}
      </tbody>`,
    )}
  </table>`;
}

function planningCell<C extends PlanningCell>(host: GridHost<C>, service: PlanningService, day: PlanningDay, cell: C | undefined) {
  if (!cell || isClosed(cell, day)) {
    const reason = day.closed?.reason ?? cell?.closedReason ?? '';
    return html`<td part="cell" class="closed">
      <span aria-hidden="true">⊘</span>
      <span class="visually-hidden">${reason || msg('fermé')}</span>
    </td>`;
  }
  const id = `${service.id}-${day.date}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const change = host.pending.get(cellKey(host.childId, service.id, day.date));
  const wasChecked = CHECKED_STATES.has(cell.state);
  const editable = wasChecked ? cell.canCancel : cell.canBook;
  const note = (host.cellNote ?? familyCellNote)(cell, editable);
  const state = change
    ? change.action === 'book'
      ? msg('modification en attente : inscription')
      : msg('modification en attente : annulation')
    : stateText(cell);
  const name = `${service.label} – ${host.childName} – ${longDate(day.date)}`;
  const describedBy = [state ? `state-${id}` : '', note ? `note-${id}` : ''].filter(Boolean).join(' ');
  const target = { childId: host.childId, serviceId: service.id, date: day.date };
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
        @change=${(event: Event) => host.toggle(target, wasChecked, (event.target as HTMLInputElement).checked)}
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
          @click=${() => host.openAbsence({ ...target, name, openerId: `absence-${id}` })}
        >
          ${msg('Absence')}
        </button>`
      : nothing}
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
          ${options.notice ? html`<p class="hint">${options.notice}</p>` : nothing} ${options.reasons}
          <div class="alert" role="alert">${options.error}</div>
          <div class="actions">
            <button type="submit" class="primary">${msg('Confirmer l’absence')}</button>
            <button type="button" @click=${options.onCancel}>${msg('Annuler')}</button>
          </div>
        </form>`
      : nothing}
  </dialog>`;
}
