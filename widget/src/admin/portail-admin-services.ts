import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { createService, deactivateService, type DeadlineRule, getSchools, getServices, type School, type ServiceInput, type StaffService, updateService, type Weekday } from './api/planning.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import type { PortailDeadlineChangedEvent } from '../events/deadline-changed.js';
import { centsToEuros, eurosToCents, formatPrice } from '../base/format.js';

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const PERIOD_KINDS = { school: 'Périodes scolaires', holidays: 'Vacances', all: 'Toute l’année' } as const;

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
}

const emptyDraft = (): Draft => ({
  label: '',
  groupLabel: 'Périscolaire',
  weekdays: [1, 2, 4, 5],
  periodKind: 'school',
  capacity: '',
  schoolCapacities: {},
  bookingDeadline: { kind: 'none' },
  cancellationDeadline: { kind: 'none' },
  needsApproval: false,
  price: '0,00',
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
});

const weekdayList = (days: number[]) => days.map((d) => WEEKDAYS[d - 1]).join(', ');

/**
 * @summary Services of the commune (Cantine, Accueil du matin…): a table and, for admins, a form to
 * create or change one with its days, capacity, deadlines, approval and price.
 */
export class PortailAdminServices extends LitElement {
  static override styles = planningStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private services: StaffService[] = [];
  @state() private schools: School[] = [];
  @state() private editing: string | 'new' | null = null;
  @state() private draft: Draft = emptyDraft();
  @state() private error = '';
  @state() private fields: Record<string, string> = {};
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      [this.services, this.schools] = await Promise.all([getServices(signal), getSchools(signal)]);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="services-title">
      <h2 id="services-title" tabindex="-1">Services</h2>
      ${this.canEdit ? '' : html`<p class="hint">Vous consultez les services en lecture seule : seul un administrateur peut les modifier.</p>`}
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des services…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => html`${this.renderTable()} ${this.editing ? this.renderForm() : this.canEdit ? html`<div class="actions"><button type="button" @click=${() => this.edit(null)}>Nouveau service</button></div>` : ''}`,
      })}
    </section>`;
  }

  private renderTable() {
    if (!this.services.length) return html`<p>Aucun service n’est encore proposé.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>Services proposés aux familles</caption>
        <thead>
          <tr>
            <th scope="col">Service</th><th scope="col">Jours</th><th scope="col">Places</th><th scope="col">Réservation</th>
            <th scope="col">Annulation</th><th scope="col">Prix</th><th scope="col">État</th>${this.canEdit ? html`<th scope="col">Actions</th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${this.services.map(
            (s) => html`<tr>
              <th scope="row">${s.label}<br /><span class="hint">${s.groupLabel} · ${PERIOD_KINDS[s.periodKind]}</span></th>
              <td>${weekdayList(s.weekdays)}</td>
              <td>${s.capacity === null ? 'Illimitées' : s.capacity}${s.schoolCapacities.map((c) => html`<br /><span class="hint">${c.schoolName} : ${c.capacity}</span>`)}</td>
              <td>${s.bookingRule}${s.needsApproval ? html`<br /><span class="hint">Sur validation de la mairie</span>` : ''}</td>
              <td>${s.cancellationRule}</td>
              <td>${formatPrice(s.priceCents)}</td>
              <td><span class=${s.active ? 'badge' : 'badge off'}>${s.active ? 'Proposé' : 'Désactivé'}</span></td>
              ${this.canEdit
                ? html`<td>
                    <div class="actions">
                      <button type="button" class="link" aria-label=${`Modifier ${s.label}`} @click=${() => this.edit(s)}>Modifier</button>
                      ${s.active ? html`<button type="button" class="link" aria-label=${`Désactiver ${s.label}`} ?disabled=${this.busy} @click=${() => this.deactivate(s)}>Désactiver</button>` : ''}
                    </div>
                  </td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async edit(service: StaffService | null) {
    this.editing = service ? service.id : 'new';
    this.draft = service ? draftOf(service) : emptyDraft();
    this.fields = {};
    this.error = '';
    this.saved = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#label')?.focus();
  }

  private change(change: Partial<Draft>) {
    this.draft = { ...this.draft, ...change };
  }

  private fieldError(id: string) {
    const error = this.fields[id];
    return error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : '';
  }

  private invalid(id: string) {
    return this.fields[id] ? 'true' : 'false';
  }

  private describedBy(id: string) {
    return this.fields[id] ? `${id}-error` : nothing;
  }

  private renderForm() {
    const d = this.draft;
    const text = (id: 'label' | 'groupLabel' | 'capacity' | 'price', label: string, extra: { hint?: string; inputmode?: string } = {}) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        ${extra.hint ? html`<p class="hint" id=${`${id}-hint`}>${extra.hint}</p>` : ''}
        <input id=${id} type="text" .value=${d[id]} inputmode=${extra.inputmode ?? nothing} autocomplete="off" aria-invalid=${this.invalid(id)}
          aria-describedby=${[extra.hint ? `${id}-hint` : '', this.fields[id] ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing}
          @input=${(e: Event) => this.change({ [id]: (e.target as HTMLInputElement).value })} />
        ${this.fieldError(id)}
      </div>`;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="service-form-title">
      <h3 id="service-form-title">${this.editing === 'new' ? 'Nouveau service' : `Modifier « ${d.label} »`}</h3>
      <fieldset ?disabled=${this.busy}>
        <legend>Description</legend>
        <div class="grid-2">${text('label', 'Libellé')} ${text('groupLabel', 'Groupe affiché aux familles')}</div>
        <div class="field">
          <label for="periodKind">Périodes d’ouverture</label>
          <select id="periodKind" @change=${(e: Event) => this.change({ periodKind: (e.target as HTMLSelectElement).value as Draft['periodKind'] })}>
            ${Object.entries(PERIOD_KINDS).map(([value, label]) => html`<option value=${value} ?selected=${d.periodKind === value}>${label}</option>`)}
          </select>
        </div>
      </fieldset>
      <fieldset ?disabled=${this.busy} aria-describedby=${this.describedBy('weekdays')}>
        <legend>Jours de la semaine</legend>
        <div class="checks">
          ${WEEKDAYS.map(
            (name, i) => html`<label class="check"><input type="checkbox" .checked=${d.weekdays.includes((i + 1) as Weekday)}
              @change=${(e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                const day = (i + 1) as Weekday;
                this.change({ weekdays: on ? [...d.weekdays, day].sort((a, b) => a - b) : d.weekdays.filter((w) => w !== day) });
              }} /> ${name}</label>`,
          )}
        </div>
        ${this.fieldError('weekdays')}
      </fieldset>
      <fieldset ?disabled=${this.busy}>
        <legend>Places et prix</legend>
        <div class="grid-2">
          ${text('capacity', 'Places par jour (toutes écoles)', { hint: 'Laisser vide pour un nombre illimité.', inputmode: 'numeric' })}
          ${text('price', 'Prix d’une journée (€)', { hint: 'Par exemple 4,15', inputmode: 'decimal' })}
        </div>
        ${this.schools.length
          ? html`<div class="grid-2">
              ${this.schools.map(
                (school) => html`<div class="field">
                  <label for=${`school-${school.id}`}>Places pour ${school.name}</label>
                  <input id=${`school-${school.id}`} type="text" inputmode="numeric" .value=${d.schoolCapacities[school.id] ?? ''} autocomplete="off" placeholder="Sans limite"
                    @input=${(e: Event) => this.change({ schoolCapacities: { ...d.schoolCapacities, [school.id]: (e.target as HTMLInputElement).value } })} />
                </div>`,
              )}
            </div>`
          : ''}
        ${this.fieldError('schoolCapacities')}
        <label class="check"><input type="checkbox" .checked=${d.needsApproval} @change=${(e: Event) => this.change({ needsApproval: (e.target as HTMLInputElement).checked })} />
          Les réservations des familles doivent être validées par la mairie</label>
      </fieldset>
      <portail-admin-deadline legend="Délai de réservation" .value=${d.bookingDeadline} ?disabled=${this.busy}
        @portail-deadline-changed=${(e: PortailDeadlineChangedEvent) => this.change({ bookingDeadline: e.rule })}></portail-admin-deadline>
      ${this.fieldError('bookingDeadline')}
      <portail-admin-deadline legend="Délai d’annulation" .value=${d.cancellationDeadline} ?disabled=${this.busy}
        @portail-deadline-changed=${(e: PortailDeadlineChangedEvent) => this.change({ cancellationDeadline: e.rule })}></portail-admin-deadline>
      ${this.fieldError('cancellationDeadline')}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>Enregistrer le service</button>
        <button type="button" ?disabled=${this.busy} @click=${this.cancel}>Annuler</button>
      </div>
    </form>`;
  }

  /** Checks what the browser can check, in French, before sending. */
  private toInput(): ServiceInput | null {
    const d = this.draft;
    const fields: Record<string, string> = {};
    const priceCents = eurosToCents(d.price);
    if (!d.label.trim()) fields.label = 'Le libellé est obligatoire.';
    if (!d.groupLabel.trim()) fields.groupLabel = 'Le groupe est obligatoire.';
    if (!d.weekdays.length) fields.weekdays = 'Choisissez au moins un jour de la semaine.';
    if (priceCents === null) fields.price = 'Indiquez un prix en euros, par exemple 4,15.';
    const capacity = d.capacity.trim() === '' ? null : /^\d{1,6}$/.test(d.capacity.trim()) ? Number(d.capacity.trim()) : NaN;
    if (Number.isNaN(capacity)) fields.capacity = 'Indiquez un nombre entier de places, ou laissez vide.';
    const schoolCapacities: { schoolId: string; capacity: number }[] = [];
    for (const [schoolId, value] of Object.entries(d.schoolCapacities)) {
      if (value.trim() === '') continue;
      if (!/^\d{1,6}$/.test(value.trim())) fields.schoolCapacities = 'Les places par école sont des nombres entiers.';
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
    };
  }

  private async focusFirstError() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.saved = '';
    const input = this.toInput();
    if (!input) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return this.focusFirstError();
    }
    this.busy = true;
    try {
      const saved = this.editing === 'new' || !this.editing ? await createService(input) : await updateService(this.editing, input);
      this.services = await getServices();
      this.saved = `Service « ${saved.label} » enregistré.`;
      this.editing = null;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#services-title')?.focus();
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fields = { ...error.fields, price: error.fields.priceCents ?? '' };
      await this.focusFirstError();
    } finally {
      this.busy = false;
    }
  }

  private cancel() {
    this.editing = null;
    this.fields = {};
  }

  private async deactivate(service: StaffService) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      await deactivateService(service.id);
      this.services = await getServices();
      this.saved = `Service « ${service.label} » désactivé : il n’est plus proposé aux familles.`;
    } catch (error) {
      this.error = staffErrorText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-services': PortailAdminServices;
  }
}
