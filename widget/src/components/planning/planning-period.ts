import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingChange, Planning, PlanningCell, PlanningDay, PlanningService } from '../../api/planning.js';
import { addDays } from '../../base/dates.js';
import { isoWeek, startOfWeek, type PlanningView } from './calendar.js';
import {
  cellKey,
  cellsOf,
  closuresList,
  isClosed,
  planningTable,
  shownDays,
  type GridHost,
  type PendingChanges,
} from './planning-grid.js';
import { CHECKED_STATES, dayRange, monthName } from './planning-text.js';
import { dayList } from './planning-days.js';

/**
 * The period `<portail-planning>` shows: a week as one table, or a month as one table per week
 * with buttons that tick or untick a service for the whole month (`selectMonth`).
 */
export function periodView(
  view: PlanningView,
  planning: Planning,
  host: GridHost,
  selectMonth: (cells: PlanningCell[], checked: boolean) => void,
  layout: PeriodLayout = { narrow: false },
) {
  const cells = cellsOf(planning);
  // Week-ends and days without any service are left out; a closed school day stays, with its reason.
  const days = shownDays(planning);
  const name = host.childName;
  if (days.length === 0 || planning.services.length === 0) {
    return html`<p class="empty">${msg('Aucun service n’a lieu sur cette période.')}</p>`;
  }
  const table = (tableDays: PlanningDay[], caption: string) => planningTable(host, planning, cells, tableDays, caption);

  if (view === 'week') {
    const caption = msg(str`Planning de ${name} – semaine ${dayRange(planning.from, planning.to)}`);
    if (layout.narrow) return dayList(host, planning, cells, days, caption);
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
  if (layout.narrow) return monthOnPhone(planning, host, cells, weeks, layout, monthSelection(planning, cells, selectMonth));
  return html`${monthSelection(planning, cells, selectMonth)}
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

/** How the period is drawn: as tables, or on a narrow screen as a day list, a month one week at a time. */
export interface PeriodLayout {
  narrow: boolean;
  /** The Monday of the month's week shown on a narrow screen; defaults to the week of today, else the first. */
  week?: string;
  chooseWeek?(monday: string): void;
}

function monthOnPhone(
  planning: Planning,
  host: GridHost,
  cells: ReadonlyMap<string, PlanningCell>,
  weeks: ReadonlyMap<string, PlanningDay[]>,
  layout: PeriodLayout,
  selection: unknown,
) {
  const mondays = [...weeks.keys()];
  const todayWeek = startOfWeek(planning.today);
  const shown = layout.week && weeks.has(layout.week) ? layout.week : weeks.has(todayWeek) ? todayWeek : mondays[0];
  const span = (monday: string) => {
    const sunday = addDays(monday, 6);
    return dayRange(monday < planning.from ? planning.from : monday, sunday > planning.to ? planning.to : sunday);
  };
  const label = msg(str`Planning de ${host.childName} – semaine ${isoWeek(shown)}, ${span(shown)}`);
  return html`${selection}
    <div class="week-choice" role="group" aria-label=${msg(str`Semaines de ${monthName(planning.from)}`)}>
      ${mondays.map(
        (monday) => html`<button
          type="button"
          aria-pressed=${monday === shown ? 'true' : 'false'}
          @click=${() => layout.chooseWeek?.(monday)}
        >
          <span aria-hidden="true">${weekLabel(weeks.get(monday)!)}</span>
          <span class="visually-hidden">${msg(str`Semaine ${isoWeek(monday)}, ${span(monday)}`)}</span>
        </button>`,
      )}
    </div>
    ${dayList(host, planning, cells, weeks.get(shown)!, label)}`;
}

/** "7–11", the first and last shown days of a week. */
function weekLabel(days: PlanningDay[]) {
  const first = Number(days[0].date.slice(8));
  const last = Number(days.at(-1)!.date.slice(8));
  return first === last ? String(first) : `${first}–${last}`;
}

function monthSelection(
  planning: Planning,
  cells: ReadonlyMap<string, PlanningCell>,
  selectMonth: (cells: PlanningCell[], checked: boolean) => void,
) {
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
          <button type="button" @click=${() => selectMonth(selectable(service), true)}>
            ${msg('Cocher le mois')}<span class="visually-hidden"> – ${service.label}</span>
          </button>
          <button type="button" @click=${() => selectMonth(selectable(service), false)}>
            ${msg('Décocher le mois')}<span class="visually-hidden"> – ${service.label}</span>
          </button>
        </span>
      </li>`,
    )}
  </ul>`;
}

/** The pending changes once every box of `cells` that can change is ticked (or unticked), as if one by one. */
export function withMonthSelected(
  pending: PendingChanges,
  childId: string,
  cells: PlanningCell[],
  checked: boolean,
): Map<string, BookingChange> {
  const next = new Map(pending);
  for (const cell of cells) {
    const key = cellKey(childId, cell.serviceId, cell.date);
    const wasChecked = CHECKED_STATES.has(cell.state);
    if (wasChecked === checked) next.delete(key);
    else if (checked ? cell.canBook : cell.canCancel) {
      next.set(key, { childId, serviceId: cell.serviceId, date: cell.date, action: checked ? 'book' : 'cancel' });
    }
  }
  return next;
}
