import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort } from '../../api/errors.js';
import { getHome } from '../../api/me.js';
import { getPanier } from '../../api/panier.js';
import {
  declareAbsence,
  getAbsenceReasons,
  getHistory,
  getPlanning,
  submitChanges,
  withdrawAbsence,
  type BookingChange,
  type BookingResult,
} from '../../api/planning.js';
import type { Child } from '../../api/me.js';
import { fileToBase64, uploadDocument } from '../../api/documents.js';
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
import { absenceDocumentTitle, absenceFields, absenceNotice } from './planning-absence.js';
import { childChoice, periodToolbar } from './planning-navigation.js';
import { periodView, withMonthSelected } from './planning-period.js';
import { basketLine } from './basket-line.js';
import { pendingBar, pendingBarStyles } from './pending-bar.js';
import { planningStyles } from './portail-planning.styles.js';

/** Below this width (px), a week no longer fits as a table: the planning becomes a list of days. */
const NARROW_WIDTH = 600;

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
  static override styles = [...PortailElement.styles, formStyles, planningStyles, pendingBarStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  /** Address of the town page holding `<portail-panier>`: the bar's "Aller au panier" once days wait in the basket. */
  @property({ attribute: 'panier-href' }) panierHref?: string;

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
  /** The element is narrower than a table of the week needs: the day list of planning-days.ts. */
  @state() private narrow = false;
  /** The Monday of the month's week shown on a narrow screen. */
  @state() private monthWeek?: string;

  @query('dialog') private dialog?: HTMLDialogElement;

  readonly #changesKey = new IdempotencyKey();
  readonly #absenceKey = new IdempotencyKey();
  readonly #withdrawalKey = new IdempotencyKey();
  /** The certificate once uploaded, kept so that a retry does not upload it twice. */
  #uploaded?: { file: File; id: string };
  readonly #resize = new ResizeObserver(([entry]) => {
    const narrow = entry.contentRect.width > 0 && entry.contentRect.width < NARROW_WIDTH;
    if (narrow !== this.narrow) this.narrow = narrow;
  });
  #writes?: AbortController;
  #absenceSaved = false;

  /** Leaving the page with changes not sent: the browser asks first. */
  readonly #beforeUnload = (event: BeforeUnloadEvent) => {
    if (this.pending.size === 0) return;
    event.preventDefault();
    event.returnValue = '';
  };

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

  /** The days waiting in the basket (services paid at booking), counted in the bar. */
  private readonly basketTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, number], { signal }) =>
      client ? (await getPanier(client, signal)).baskets.reduce((sum, b) => sum + b.lines.length, 0) : 0,
    args: () => [this.session.state ? this.client : undefined, this.revision] as const,
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

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.#beforeUnload);
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.#beforeUnload);
    this.#resize.disconnect();
    for (const task of [this.homeTask, this.planningTask, this.basketTask, this.historyTask, this.reasonsTask]) task.abort();
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
      ${this.helpLink()}
    </div>`;
  }

  private renderChildPlanning() {
    const child = this.currentChild;
    if (!child) {
      return html`<h2>${msg('Planning et réservations')}</h2>
        <p>${msg('Aucun enfant n’est rattaché à votre dossier. Contactez la mairie si c’est une erreur.')}</p>`;
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
        show: (view) => view !== this.view && this.mayLeave() && (this.view = view),
        move: (step) => this.mayLeave() && ((this.monthWeek = undefined), (this.anchor = shiftAnchor(this.view, this.anchor, step))),
        current: () => this.mayLeave() && (this.anchor = this.today),
      })}
      ${this.planningTask.render({
        pending: () => html`<p role="status" class="status">${msg('Chargement du planning…')}</p>`,
        complete: (planning) =>
          planning
            ? periodView(
                this.view,
                planning,
                this.gridHost(child),
                (cells, checked) => {
                  this.pending = withMonthSelected(this.pending, child.id, cells, checked);
                },
                { narrow: this.narrow, week: this.monthWeek, chooseWeek: (monday) => (this.monthWeek = monday) },
              )
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

  /**
   * Whether the parent may leave what the pending changes are about (another child, another
   * period): yes when nothing waits, else once they agree to drop the changes.
   */
  private mayLeave(): boolean {
    const count = this.pending.size;
    if (count === 0) return true;
    const question =
      count === 1
        ? msg('Vous avez 1 modification non validée. Si vous continuez, elle sera abandonnée. Continuer ?')
        : msg(str`Vous avez ${count} modifications non validées. Si vous continuez, elles seront abandonnées. Continuer ?`);
    if (!window.confirm(question)) return false;
    this.pending = new Map();
    this.alert = '';
    return true;
  }

  private chooseChild(id: string): void {
    if (id !== this.currentChild?.id && !this.mayLeave()) return;
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
      withdrawAbsence: (target) => void this.onWithdraw(target),
    };
  }

  private renderPendingBar() {
    const count = this.pending.size;
    return pendingBar({
      busy: this.busy,
      alert: this.alert,
      lines: [
        {
          count,
          label: pendingText(count),
          hint: msg('Vos modifications ne sont enregistrées qu’après validation.'),
          actions: [
            { label: msg('Valider mes modifications'), primary: true, part: 'submit', onClick: () => void this.onSubmit() },
            { label: msg('Annuler les modifications'), onClick: () => this.onDiscard() },
          ],
        },
        basketLine(this.basketTask.value ?? 0, this.panierHref),
      ],
    });
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
      notice: absenceNotice(),
      fields: absenceFields(),
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
    const comment = this.renderRoot.querySelector<HTMLTextAreaElement>('#absence-comment')?.value.trim() || null;
    const file = this.renderRoot.querySelector<HTMLInputElement>('#absence-document')?.files?.[0];
    this.absenceError = '';
    this.absenceError = await this.write(msg('Enregistrement de l’absence…'), async (signal) => {
      const documentId = file ? await this.uploadCertificate(target, file, signal) : null;
      const body = { childId: target.childId, serviceId: target.serviceId, date: target.date, reasonId: select.value, comment, documentId };
      const key = this.#absenceKey.for(body);
      const answer = await declareAbsence(this.client!, body, key, signal);
      this.#absenceKey.settle();
      this.#absenceSaved = true;
      this.dialog?.close();
      this.saved(answer.results, answer.applied);
    });
  }

  /** Uploads the certificate among the family's documents (the same checks as any document), once. */
  private async uploadCertificate(target: AbsenceTarget, file: File, signal: AbortSignal): Promise<string> {
    if (this.#uploaded?.file === file) return this.#uploaded.id;
    const data = await fileToBase64(file);
    const document = await uploadDocument(
      this.client!,
      { type: 'certificat_medical', title: absenceDocumentTitle(target), childId: target.childId, data },
      signal,
    );
    this.#uploaded = { file, id: document.id };
    return document.id;
  }

  private async onWithdraw(target: AbsenceTarget): Promise<void> {
    if (this.busy || !this.client) return;
    const body = { childId: target.childId, serviceId: target.serviceId, date: target.date };
    const key = this.#withdrawalKey.for(body);
    this.alert = await this.write(msg('Retrait de l’absence…'), async (signal) => {
      const answer = await withdrawAbsence(this.client!, body, key, signal);
      this.#withdrawalKey.settle();
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
