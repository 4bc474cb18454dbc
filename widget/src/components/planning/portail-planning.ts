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
} from '../../api/planning.js';
import type { Child } from '../../api/me.js';
import { parisToday } from '../../base/dates.js';
import { errorText } from '../../base/error-text.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import { PortailBookingChangedEvent } from '../../events/booking-changed.js';
import { formStyles } from '../../styles/form.styles.js';
import { isDay, rangeOf, shiftAnchor, type PlanningView } from './calendar.js';
import { IdempotencyKey } from './idempotency.js';
import {
  absenceDialog,
  legendSection,
  pendingText,
  reasonField,
  recapSection,
  withToggle,
  type AbsenceTarget,
  type GridHost,
  type Recap,
} from './planning-grid.js';
import { historyEntries, historyPanel } from './planning-history.js';
import { childChoice, periodToolbar } from './planning-navigation.js';
import { periodView, withMonthSelected } from './planning-period.js';
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
    if (this.blocked) return this.renderBlocked();
    return html`<div part="base">
      ${this.session.state
        ? this.homeTask.render({
            pending: () => loadingLine(msg('Chargement du planning…')),
            complete: (home) => (home ? this.renderChildPlanning() : nothing),
            error: failureLine,
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
    return html`${mainHeading(msg(str`Planning de ${child.firstName} ${child.lastName}`))}
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
      <div id="children">${this.choosingChild ? childChoice(this.familyChildren, child, (id) => this.chooseChild(id)) : nothing}</div>
      <div id="history">${this.historyOpen ? this.renderHistory() : nothing}</div>
      ${recapSection(this.recap, new Map(this.familyChildren.map((c) => [c.id, c.firstName])))}
      ${periodToolbar(this.view, {
        show: (view) => (this.view = view),
        move: (step) => (this.anchor = shiftAnchor(this.view, this.anchor, step)),
        current: () => (this.anchor = this.today),
      })}
      ${this.planningTask.render({
        pending: () => html`<p role="status" class="status">${msg('Chargement du planning…')}</p>`,
        complete: (planning) =>
          planning
            ? periodView(this.view, planning, this.gridHost(child), (cells, checked) => {
                this.pending = withMonthSelected(this.pending, child.id, cells, checked);
              })
            : nothing,
        error: failureLine,
      })}
      ${this.renderPendingBar()} ${legendSection()} ${this.renderAbsenceDialog()}`;
  }

  private renderHistory() {
    return historyPanel(
      this.historyTask.render({
        pending: () => loadingLine(msg('Chargement de l’historique…')),
        complete: (entries) => (entries ? historyEntries(entries) : nothing),
        error: failureLine,
      }),
    );
  }

  private chooseChild(id: string): void {
    this.childId = id;
    this.choosingChild = false;
    this.recap = null;
    void this.focusHeading();
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
        pending: () => loadingLine(msg('Chargement des motifs…')),
        complete: (reasons) => (reasons ? reasonField(reasons) : nothing),
        error: failureLine,
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
