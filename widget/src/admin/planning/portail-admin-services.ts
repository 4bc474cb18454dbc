import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { PortailApiError } from '../../api/errors.js';
import { centsToEuros, eurosToCents, formatPrice } from '../../base/format.js';
import type { PortailDeadlineChangedEvent } from '../../events/deadline-changed.js';
import {
  createService,
  deactivateService,
  getSchools,
  getServices,
  updateService,
  type DeadlineRule,
  type School,
  type ServiceInput,
  type StaffService,
  type Weekday,
} from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { describedBy, fieldError, textField } from '../base/fields.js';
import { weekdayNames } from './weekdays.js';

const PERIOD_KINDS: Record<StaffService['periodKind'], () => string> = {
  school: () => msg('Périodes scolaires'),
  holidays: () => msg('Vacances'),
  all: () => msg('Toute l’année'),
};

/** "Restauration · Périodes scolaires", but "Vacances" once when the group says what the periods say. */
const serviceKind = (group: string, periods: string) =>
  group.trim().toLocaleLowerCase() === periods.toLocaleLowerCase() ? periods : `${group} · ${periods}`;

interface Draft {
  label: string;
  groupLabel: string;
  weekdays: Weekday[];
  periodKind: ServiceInput['periodKind'];
  capacity: string;
  schoolCapacities: Record<string, string>;
  bookingDeadline: DeadlineRule;
  cancellationDeadline: DeadlineRule;
  needsApproval: boolean;
  price: string;
  billingMode: 'monthly' | 'prepaid';
}

const emptyDraft = (): Draft => ({
  label: '',
  groupLabel: msg('Périscolaire'),
  weekdays: [1, 2, 4, 5],
  periodKind: 'school',
  capacity: '',
  schoolCapacities: {},
  bookingDeadline: { kind: 'none' },
  cancellationDeadline: { kind: 'none' },
  needsApproval: false,
  price: '0,00',
  billingMode: 'monthly',
});

const draftOf = (s: StaffService): Draft => ({
  label: s.label,
  groupLabel: s.groupLabel,
  weekdays: [...s.weekdays],
  periodKind: s.periodKind,
  capacity: s.capacity === null ? '' : String(s.capacity),
  schoolCapacities: Object.fromEntries(s.schoolCapacities.map((c) => [c.schoolId, String(c.capacity)])),
  bookingDeadline: s.bookingDeadline,
  cancellationDeadline: s.cancellationDeadline,
  needsApproval: s.needsApproval,
  price: centsToEuros(s.priceCents),
  billingMode: s.billingMode ?? 'monthly',
});

const BILLING_MODES: Record<Draft['billingMode'], () => string> = {
  monthly: () => msg('Facturation mensuelle'),
  prepaid: () => msg('Paiement à la réservation'),
};

const weekdayList = (days: number[]) => {
  const names = weekdayNames();
  return days.map((d) => names[d - 1]).join(', ');
};

/**
 * @summary Services of the commune (Cantine, Accueil du matin…): a table and, for admins, a form to
 * create or change one with its days, capacity, deadlines, approval and price.
 */
export class PortailAdminServices extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private services: StaffService[] = [];
  @state() private schools: School[] = [];
  @state() private editing: string | 'new' | null = null;
  @state() private draft: Draft = emptyDraft();

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      [this.services, this.schools] = await Promise.all([getServices(signal), getSchools(signal)]);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="services-title">
      <h2 id="services-title" tabindex="-1">${msg('Services')}</h2>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Vous consultez les services en lecture seule : seul un administrateur peut les modifier.')}</p>`}
      ${this.renderMessages()}
      ${this.renderTask(
        this.loadTask,
        msg('Chargement des services…'),
        () => html`${this.renderTable()}
        ${this.editing
          ? this.renderForm()
          : this.canEdit
            ? html`<div class="actions"><button type="button" @click=${() => this.edit(null)}>${msg('Nouveau service')}</button></div>`
            : ''}`,
      )}
    </section>`;
  }

  private renderTable() {
    if (!this.services.length) return html`<p>${msg('Aucun service n’est encore proposé.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Services proposés aux familles')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Service')}</th><th scope="col">${msg('Jours')}</th><th scope="col">${msg('Places')}</th><th scope="col">${msg('Réservation')}</th>
            <th scope="col">${msg('Annulation')}</th><th scope="col">${msg('Prix')}</th><th scope="col">${msg('État')}</th>${this.canEdit ? html`<th scope="col">${msg('Actions')}</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${this.services.map((s) => this.renderRow(s))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(s: StaffService) {
    return html`<tr>
      <th scope="row">${s.label}<br /><span class="hint">${serviceKind(s.groupLabel, PERIOD_KINDS[s.periodKind]())}</span></th>
      <td>${weekdayList(s.weekdays)}</td>
      <td>${s.capacity === null ? msg('Illimitées') : s.capacity}${s.schoolCapacities.map((c) => html`<br /><span class="hint">${c.schoolName} : ${c.capacity}</span>`)}</td>
      <td>${s.bookingRule}${s.needsApproval ? html`<br /><span class="hint">${msg('Sur validation de la mairie')}</span>` : ''}</td>
      <td>${s.cancellationRule}</td>
      <td>${formatPrice(s.priceCents)}<br /><span class="hint">${BILLING_MODES[s.billingMode ?? 'monthly']()}</span></td>
      <td><span class=${s.active ? 'badge' : 'badge off'}>${s.active ? msg('Proposé') : msg('Désactivé')}</span></td>
      ${this.canEdit
        ? html`<td>
            <div class="actions">
              <button type="button" class="link" aria-label=${msg(str`Modifier ${s.label}`)} @click=${() => this.edit(s)}>${msg('Modifier')}</button>
              ${s.active
                ? html`<button type="button" class="link" aria-label=${msg(str`Désactiver ${s.label}`)} ?disabled=${this.busy} @click=${() => this.deactivate(s)}>${msg('Désactiver')}</button>`
                : ''}
            </div>
          </td>`
        : ''}
    </tr>`;
  }

  private async edit(service: StaffService | null) {
    this.editing = service ? service.id : 'new';
    this.draft = service ? draftOf(service) : emptyDraft();
    this.fields = {};
    this.error = '';
    this.notice = '';
    await this.focusOn('#label');
  }

  private change(change: Partial<Draft>) {
    this.draft = { ...this.draft, ...change };
  }

  private text(id: 'label' | 'groupLabel' | 'capacity' | 'price', label: string, extra: { hint?: string; inputmode?: 'numeric' | 'decimal' } = {}) {
    return textField({ id, label, value: this.draft[id], error: this.fields[id], hint: extra.hint, inputmode: extra.inputmode, onInput: (value) => this.change({ [id]: value }) });
  }

  private toggleWeekday(day: Weekday, on: boolean) {
    const weekdays = this.draft.weekdays;
    this.change({ weekdays: on ? [...weekdays, day].sort((a, b) => a - b) : weekdays.filter((w) => w !== day) });
  }

  private renderForm() {
    const d = this.draft;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="service-form-title">
      <h3 id="service-form-title">${this.editing === 'new' ? msg('Nouveau service') : msg(str`Modifier « ${d.label} »`)}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Description')}</legend>
        <div class="grid-2">${this.text('label', msg('Libellé'))} ${this.text('groupLabel', msg('Groupe affiché aux familles'))}</div>
        <div class="field">
          <label for="periodKind">${msg('Périodes d’ouverture')}</label>
          <select id="periodKind" @change=${(e: Event) => this.change({ periodKind: (e.target as HTMLSelectElement).value as Draft['periodKind'] })}>
            ${Object.entries(PERIOD_KINDS).map(([value, label]) => html`<option value=${value} ?selected=${d.periodKind === value}>${label()}</option>`)}
          </select>
        </div>
      </fieldset>
      <fieldset ?disabled=${this.busy} aria-describedby=${describedBy('weekdays', false, !!this.fields.weekdays)}>
        <legend>${msg('Jours de la semaine')}</legend>
        <div class="checks">
          ${weekdayNames().map((name, i) => {
            const day = (i + 1) as Weekday;
            return html`<label class="check"><input type="checkbox" .checked=${d.weekdays.includes(day)}
              @change=${(e: Event) => this.toggleWeekday(day, (e.target as HTMLInputElement).checked)} /> ${name}</label>`;
          })}
        </div>
        ${fieldError('weekdays', this.fields.weekdays)}
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>${msg('Places et prix')}</legend>
        <div class="grid-2">
          ${this.text('capacity', msg('Places par jour (toutes écoles)'), { hint: msg('Laisser vide pour un nombre illimité.'), inputmode: 'numeric' })}
          ${this.text('price', msg('Prix d’une journée (€)'), { hint: msg('Par exemple 4,15'), inputmode: 'decimal' })}
        </div>
        ${this.schools.length ? html`<div class="grid-2">${this.schools.map((school) => this.renderSchoolCapacity(school))}</div>` : ''}
        ${fieldError('schoolCapacities', this.fields.schoolCapacities)}
        <div class="field">
          <label for="billingMode">${msg('Facturation')}</label>
          <select id="billingMode" aria-describedby="billingMode-hint" aria-invalid=${this.fields.billingMode ? 'true' : 'false'}
            @change=${(e: Event) => this.change({ billingMode: (e.target as HTMLSelectElement).value as Draft['billingMode'] })}>
            ${Object.entries(BILLING_MODES).map(([value, label]) => html`<option value=${value} ?selected=${d.billingMode === value}>${label()}</option>`)}
          </select>
          <p class="hint" id="billingMode-hint">${msg('Paiement à la réservation : les jours cochés vont dans le panier de la famille et ne sont réservés qu’une fois payés.')}</p>
          ${fieldError('billingMode', this.fields.billingMode)}
        </div>
        <label class="check"><input type="checkbox" .checked=${d.needsApproval} @change=${(e: Event) => this.change({ needsApproval: (e.target as HTMLInputElement).checked })} />
          ${msg('Les réservations des familles doivent être validées par la mairie')}</label>
      </fieldset>
      <portail-admin-deadline legend=${msg('Délai de réservation')} .value=${d.bookingDeadline} ?disabled=${this.busy}
        @portail-deadline-changed=${(e: PortailDeadlineChangedEvent) => this.change({ bookingDeadline: e.rule })}></portail-admin-deadline>
      ${fieldError('bookingDeadline', this.fields.bookingDeadline)}
      <portail-admin-deadline legend=${msg('Délai d’annulation')} .value=${d.cancellationDeadline} ?disabled=${this.busy}
        @portail-deadline-changed=${(e: PortailDeadlineChangedEvent) => this.change({ cancellationDeadline: e.rule })}></portail-admin-deadline>
      ${fieldError('cancellationDeadline', this.fields.cancellationDeadline)}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer le service')}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>${msg('Annuler')}</button>
      </div>
    </form>`;
  }

  private renderSchoolCapacity(school: School) {
    const id = `school-${school.id}`;
    return html`<div class="field">
      <label for=${id}>${msg(str`Places pour ${school.name}`)}</label>
      <input id=${id} type="text" inputmode="numeric" .value=${this.draft.schoolCapacities[school.id] ?? ''} autocomplete="off" placeholder=${msg('Sans limite')}
        @input=${(e: Event) => this.change({ schoolCapacities: { ...this.draft.schoolCapacities, [school.id]: (e.target as HTMLInputElement).value } })} />
    </div>`;
  }

  /** Checks what the browser can check, in French, before sending. */
  private toInput(): ServiceInput | null {
    const d = this.draft;
    const fields: Record<string, string> = {};
    const priceCents = eurosToCents(d.price);
    if (!d.label.trim()) fields.label = msg('Le libellé est obligatoire.');
    if (!d.groupLabel.trim()) fields.groupLabel = msg('Le groupe est obligatoire.');
    if (!d.weekdays.length) fields.weekdays = msg('Choisissez au moins un jour de la semaine.');
    if (priceCents === null) fields.price = msg('Indiquez un prix en euros, par exemple 4,15.');
    const capacity = d.capacity.trim() === '' ? null : /^\d{1,6}$/.test(d.capacity.trim()) ? Number(d.capacity.trim()) : NaN;
    if (Number.isNaN(capacity)) fields.capacity = msg('Indiquez un nombre entier de places, ou laissez vide.');
    const schoolCapacities: { schoolId: string; capacity: number }[] = [];
    for (const [schoolId, value] of Object.entries(d.schoolCapacities)) {
      if (value.trim() === '') continue;
      if (!/^\d{1,6}$/.test(value.trim())) fields.schoolCapacities = msg('Les places par école sont des nombres entiers.');
      else schoolCapacities.push({ schoolId, capacity: Number(value.trim()) });
    }
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return {
      label: d.label.trim(),
      groupLabel: d.groupLabel.trim(),
      weekdays: d.weekdays,
      periodKind: d.periodKind,
      capacity,
      schoolCapacities,
      bookingDeadline: d.bookingDeadline,
      cancellationDeadline: d.cancellationDeadline,
      needsApproval: d.needsApproval,
      priceCents: priceCents!,
      billingMode: d.billingMode,
    };
  }

  /** The server names the price `priceCents`; the form calls it `price`. */
  protected override fieldsOf(error: PortailApiError): Record<string, string> {
    return { ...error.fields, price: error.fields.priceCents ?? '' };
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    return this.submitChecked(this.toInput(), async (input) => {
      const saved = this.editing === 'new' || !this.editing ? await createService(input) : await updateService(this.editing, input);
      this.services = await getServices();
      this.notice = msg(str`Service « ${saved.label} » enregistré.`);
      this.editing = null;
      await this.focusOn('#services-title');
    });
  }

  private cancel() {
    this.editing = null;
    this.fields = {};
  }

  private deactivate(service: StaffService) {
    return this.run(async () => {
      await deactivateService(service.id);
      this.services = await getServices();
    }, msg(str`Service « ${service.label} » désactivé : il n’est plus proposé aux familles.`));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-services': PortailAdminServices;
  }
}
