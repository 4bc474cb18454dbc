import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { BookingChange, BookingResult } from '../../api/planning.js';
import { parisToday } from '../../base/dates.js';
import { isDay, rangeOf, shiftAnchor } from '../../components/planning/calendar.js';
import { IdempotencyKey } from '../../components/planning/idempotency.js';
import {
  absenceDialog,
  cellsOf,
  closuresList,
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
} from '../../components/planning/planning-grid.js';
import { CHECKED_STATES, dayRange, deadline } from '../../components/planning/planning-text.js';
import { planningStyles as gridStyles } from '../../components/planning/portail-planning.styles.js';
import { declareBookingAbsence, getChildPlanning, submitBookingChanges, type StaffPlanning, type StaffPlanningCell } from '../api/children.js';
import { getReasons } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { staffErrorText } from '../base/error-text.js';
import { portailAdminChildPlanningStyles } from './portail-admin-child-planning.styles.js';

/** What staff read under a box: why it cannot change, or that they act past the parents' deadline. */
function staffCellNote(cell: StaffPlanningCell, editable: boolean): string {
  if (!editable) return cell.lockedReason ?? cell.closedReason ?? msg('Modification impossible');
  const notes: string[] = [];
  if (CHECKED_STATES.has(cell.state) && cell.channel === 'mairie') notes.push(msg('fait par la mairie'));
  if (!cell.familyCanChange) {
    const until = CHECKED_STATES.has(cell.state) ? cell.cancelUntil : cell.bookUntil;
    notes.push(until ? msg(str`délai des familles dépassé (${deadline(until)}) : modifiable par la mairie`) : msg('hors délai des familles : modifiable par la mairie'));
  }
  return notes.join(' ; ');
}

/**
 * @summary The planning of one child on the staff page: book, cancel or declare an absence on
 * behalf of the family (channel "mairie").
 *
 * Draws the parents' grid (`planning-grid.ts`) week by week from
 * `GET /admin/api/children/:id/planning`. Staff are not bound by the parents' deadlines: boxes stay
 * open past them and say so. "Valider les modifications" sends the pending changes in one
 * `POST /bookings/changes` with an Idempotency-Key, kept for a retry after a network failure; the
 * recap lists what was saved and what was refused, and why. The family sees these changes in its
 * history as made by the town hall.
 */
export class PortailAdminChildPlanning extends AdminElement {
  static override styles = [adminStyles, gridStyles, portailAdminChildPlanningStyles];

  /** The child whose planning is shown. */
  @property({ attribute: 'child-id' }) childId = '';

  /** A day (`YYYY-MM-DD`) whose week is shown first; defaults to today (Europe/Paris). */
  @property() date?: string;

  @state() private anchor = parisToday();
  @state() private pending = new Map<string, BookingChange>();
  @state() private revision = 0;
  @state() private recap: Recap | null = null;
  /** What is being saved, said in the status line meanwhile. */
  @state() private busyText = '';
  @state() private absence: AbsenceTarget | null = null;
  @state() private absenceError = '';
  @state() private reasonsWanted = false;

  @query('dialog') private dialog?: HTMLDialogElement;

  readonly #changesKey = new IdempotencyKey();
  readonly #absenceKey = new IdempotencyKey();
  #writes?: AbortController;
  #absenceSaved = false;

  private readonly planningTask = new Task(this, {
    task: ([childId, from, to]: readonly [string, string, string, number], { signal }) =>
      childId ? getChildPlanning(childId, { from, to }, signal) : Promise.resolve(undefined),
    args: () => {
      const { from, to } = rangeOf('week', this.anchor);
      return [this.childId, from, to, this.revision] as const;
    },
  });

  private readonly reasonsTask = new Task(this, {
    task: async ([wanted]: readonly [boolean], { signal }) => (wanted ? (await getReasons(signal)).filter((r) => r.active) : undefined),
    args: () => [this.reasonsWanted] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.planningTask.abort();
    this.reasonsTask.abort();
    this.#writes?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('date') && isDay(this.date)) this.anchor = this.date;
    if (changed.has('childId') && changed.get('childId') !== undefined) {
      this.pending = new Map();
      this.recap = null;
      this.error = '';
    }
  }

  /** Today from the server's clock once known. */
  private get today(): string {
    return this.planningTask.value?.today ?? parisToday();
  }

  override render() {
    const planning = this.planningTask.value;
    const child = planning?.child;
    return html`<section aria-labelledby="behalf-title">
      <h3 id="behalf-title" tabindex="-1">${child ? msg(str`Planning de ${child.firstName} ${child.lastName}`) : msg('Planning')}</h3>
      <p class="behalf">
        ${msg(html`Vous agissez <strong>au nom de la famille</strong>${child ? ` (${child.familyName})` : ''} : les réservations, annulations et
          absences sont enregistrées « à la mairie » et la famille les voit ainsi dans son historique. Les délais imposés aux familles ne
          s’appliquent pas.`)}
      </p>
      ${recapSection(this.recap, new Map(child ? [[child.id, child.firstName]] : []))} ${this.renderToolbar()}
      ${this.planningTask.render({
        pending: () => html`<p role="status" class="status">${msg('Chargement du planning…')}</p>`,
        complete: (loaded) => (loaded ? this.renderWeek(loaded) : nothing),
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
      })}
      ${this.renderPendingBar()} ${legendSection()} ${this.renderAbsenceDialog()}
    </section>`;
  }

  private renderToolbar() {
    return html`<div class="toolbar" part="toolbar">
      <div class="navigation">
        <button type="button" class="previous" @click=${() => (this.anchor = shiftAnchor('week', this.anchor, -1))}>${msg('Semaine précédente')}</button>
        <button type="button" class="next" @click=${() => (this.anchor = shiftAnchor('week', this.anchor, 1))}>${msg('Semaine suivante')}</button>
        <button type="button" class="link" @click=${() => (this.anchor = this.today)}>${msg('Revenir à la semaine en cours')}</button>
      </div>
    </div>`;
  }

  private renderWeek(planning: StaffPlanning) {
    const days = shownDays(planning);
    if (days.length === 0 || planning.services.length === 0) {
      return html`<p class="empty">${msg('Aucun service n’a lieu sur cette période.')}</p>`;
    }
    const caption = msg(str`Planning de ${planning.child.firstName} – semaine ${dayRange(planning.from, planning.to)}`);
    const host: GridHost<StaffPlanningCell> = {
      childId: planning.child.id,
      childName: planning.child.firstName,
      pending: this.pending,
      toggle: (target, wasChecked, checked) => (this.pending = withToggle(this.pending, target, wasChecked, checked)),
      openAbsence: (target) => void this.openAbsence(target),
      cellNote: staffCellNote,
      // Staff can always cancel; an absence is still what they record when the family says so.
      absenceOffered: (cell) => cell.canDeclareAbsence,
    };
    return html`<div class="scroller" role="region" aria-label=${caption} tabindex="0">
        ${planningTable(host, planning, cellsOf(planning), days, caption)}
      </div>
      ${closuresList(days)}`;
  }

  private renderPendingBar() {
    const count = this.pending.size;
    return html`<div class="pending-bar">
      <p role="status" class="status">${this.busyText || pendingText(count)}</p>
      ${count > 0
        ? html`<p class="hint">${msg('Rien n’est enregistré avant « Valider les modifications ».')}</p>
            <div class="actions">
              <button type="button" class="primary" part="submit" @click=${this.onSubmit}>${msg('Valider les modifications')}</button>
              <button type="button" @click=${this.onDiscard}>${msg('Annuler les modifications')}</button>
            </div>`
        : nothing}
      <div class="alert" role="alert">${this.error}</div>
    </div>`;
  }

  private onDiscard(): void {
    if (this.busyText) return;
    this.pending = new Map();
    this.error = '';
  }

  private async onSubmit(): Promise<void> {
    if (this.busyText || this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    const key = this.#changesKey.for(changes);
    this.error = await this.write(msg('Enregistrement des modifications…'), async (signal) => {
      const answer = await submitBookingChanges(changes, key, signal);
      this.#changesKey.settle();
      this.pending = new Map();
      this.saved(answer.results, answer.applied);
    });
  }

  /** Runs one write; resolves to the text of its failure, empty when it succeeded or was aborted. */
  private async write(busyText: string, action: (signal: AbortSignal) => Promise<void>): Promise<string> {
    this.#writes = new AbortController();
    this.busyText = busyText;
    this.error = '';
    try {
      await action(this.#writes.signal);
      return '';
    } catch (error) {
      return error instanceof DOMException && error.name === 'AbortError' ? '' : staffErrorText(error);
    } finally {
      this.busyText = '';
    }
  }

  private saved(results: BookingResult[], applied: number): void {
    this.recap = { results, applied };
    this.revision++;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#recap-heading')?.focus());
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
      notice: msg('Absence déclarée au nom de la famille, par la mairie.'),
      reasons: this.renderTask(this.reasonsTask, msg('Chargement des motifs…'), (reasons) => (reasons ? reasonField(reasons) : nothing)),
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
    if (!target || !select?.value || this.busyText) return;
    const body = { childId: target.childId, serviceId: target.serviceId, date: target.date, reasonId: select.value };
    const key = this.#absenceKey.for(body);
    this.absenceError = await this.write(msg('Enregistrement de l’absence…'), async (signal) => {
      const answer = await declareBookingAbsence(body, key, signal);
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
    'portail-admin-child-planning': PortailAdminChildPlanning;
  }
}
