import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Planning, PlanningCell, PlanningDay } from '../../api/planning.js';
import { absenceActions, cellBox, cellView, isClosed, stateMark, type GridHost } from './planning-grid.js';
import { longDate } from './planning-text.js';

/**
 * The planning on a narrow screen (a phone): one block per day, one row per service with a large
 * box, its state and until when it can change in words, never a table wider than the screen.
 */
export function dayList(
  host: GridHost,
  planning: Pick<Planning, 'services' | 'today'>,
  cells: ReadonlyMap<string, PlanningCell>,
  days: PlanningDay[],
  label: string,
) {
  return html`<section class="day-list" part="grid" aria-label=${label}>
    ${days.map((day) => dayBlock(host, planning, cells, day))}
  </section>`;
}

function dayBlock(host: GridHost, planning: Pick<Planning, 'services' | 'today'>, cells: ReadonlyMap<string, PlanningCell>, day: PlanningDay) {
  const headingId = `day-${day.date}`;
  const rows = planning.services.flatMap((service) => {
    const cell = cells.get(`${service.id}|${day.date}`);
    // A service that does not run that day is left out; the whole day closed says why once.
    if (!cell || isClosed(cell, day)) return [];
    const view = cellView(host, service, day, cell);
    return [
      html`<li part=${view.change ? 'cell cell-pending' : 'cell'} class="service-row ${view.change ? 'pending' : view.editable ? '' : 'locked'}">
        <label class="service-toggle" for=${`box-${view.id}`}>
          ${cellBox(host, view)}
          <span class="service-name">${service.label}</span>
          <span class="mark" aria-hidden="true">${stateMark(cell, view.change)}</span>
          ${view.state ? html`<span class="state" id=${`state-${view.id}`}>${view.state}</span>` : nothing}
        </label>
        ${view.note ? html`<p class="note" id=${`note-${view.id}`}>${view.note}</p>` : nothing}
        ${view.absence || view.withdraw ? html`<div class="row-actions">${absenceActions(host, view)}</div>` : nothing}
      </li>`,
    ];
  });
  const today = day.date === planning.today;
  return html`<section class="day" aria-labelledby=${headingId}>
    <h3 id=${headingId} aria-current=${today ? 'date' : nothing}>
      ${longDate(day.date)}${today ? html` <span class="today">${msg('aujourd’hui')}</span>` : nothing}
    </h3>
    ${day.closed ? html`<p class="day-closed"><span aria-hidden="true">⊘ </span>${msg(str`fermé : ${day.closed.reason}`)}</p>` : nothing}
    ${rows.length > 0 ? html`<ul class="services">${rows}</ul>` : day.closed ? nothing : html`<p class="day-closed">${msg('Aucun service ce jour-là.')}</p>`}
  </section>`;
}
