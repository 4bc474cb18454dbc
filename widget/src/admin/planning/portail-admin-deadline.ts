import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { describeDeadline } from '../../../../server/src/domain/deadlines.js';
import { PortailDeadlineChangedEvent } from '../../events/deadline-changed.js';
import type { DeadlineRule, Weekday } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { weekdayNames } from './weekdays.js';

const KINDS: Record<DeadlineRule['kind'], () => string> = {
  none: () => msg('Sans délai (jusqu’au jour même)'),
  days_before: () => msg('Un nombre de jours avant'),
  weekday_before: () => msg('Un jour de la semaine précédant le jour réservé'),
  weekday_previous_week: () => msg('Un jour de la semaine précédente'),
  day_of_previous_month: () => msg('Un jour du mois précédent'),
};

/** A sensible rule of each kind, so that switching kind always shows a valid rule. */
function ruleOfKind(kind: DeadlineRule['kind'], from: DeadlineRule): DeadlineRule {
  const time = 'time' in from ? from.time : '10:00';
  switch (kind) {
    case 'none':
      return { kind };
    case 'days_before':
      return { kind, days: 1, time, skip: { weekends: true, holidays: true, weekdays: [] } };
    case 'weekday_before':
    case 'weekday_previous_week':
      return { kind, weekday: 4, time };
    case 'day_of_previous_month':
      return { kind, day: 20, time };
  }
}

/**
 * @summary Editor of a booking or cancellation deadline: a select of the rule kinds, the fields of
 * the chosen kind, and the rule in French as families will read it.
 * @event portail-deadline-changed - The rule changed; `event.rule` holds it.
 */
export class PortailAdminDeadline extends AdminElement {
  /** The legend of the fieldset ("Délai de réservation"). */
  @property() legend = msg('Délai');
  @property({ attribute: false }) value: DeadlineRule = { kind: 'none' };
  @property({ type: Boolean }) disabled = false;

  private set(rule: DeadlineRule) {
    this.value = rule;
    this.dispatchEvent(new PortailDeadlineChangedEvent(rule));
  }

  private patch(change: Record<string, unknown>) {
    this.set({ ...this.value, ...change } as DeadlineRule);
  }

  override render() {
    const rule = this.value;
    let description: string;
    try {
      description = describeDeadline(rule);
    } catch {
      description = msg('Règle incomplète.');
    }
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>${this.legend}</legend>
      <div class="field">
        <label for="kind">${msg('Type de délai')}</label>
        <select id="kind" @change=${(e: Event) => this.set(ruleOfKind((e.target as HTMLSelectElement).value as DeadlineRule['kind'], rule))}>
          ${Object.entries(KINDS).map(([kind, label]) => html`<option value=${kind} ?selected=${rule.kind === kind}>${label()}</option>`)}
        </select>
      </div>
      ${this.renderFields(rule)}
      <p class="description" aria-live="polite"><span class="visually-hidden">${msg('Règle :')} </span>${description}</p>
    </fieldset>`;
  }

  private number(id: string, label: string, value: number, min: number, max: number) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type="number" inputmode="numeric" min=${min} max=${max} step="1" .value=${String(value)}
        @input=${(e: Event) => {
          const n = Number((e.target as HTMLInputElement).value);
          if (Number.isInteger(n) && n >= min && n <= max) this.patch({ [id]: n });
        }} />
    </div>`;
  }

  private renderFields(rule: DeadlineRule) {
    if (rule.kind === 'none') return '';
    const time = html`<div class="field">
      <label for="time">${msg('Heure limite')}</label>
      <input id="time" type="time" required .value=${rule.time} @input=${(e: Event) => this.patch({ time: (e.target as HTMLInputElement).value || '00:00' })} />
    </div>`;
    switch (rule.kind) {
      case 'days_before':
        return html`<div class="grid-2">${this.number('days', msg('Nombre de jours avant (0 = le jour même)'), rule.days, 0, 60)} ${time}</div>
          <div class="checks" role="group" aria-label=${msg('Jours qui ne comptent pas')}>
            <label class="check"><input type="checkbox" .checked=${rule.skip.weekends}
              @change=${(e: Event) => this.patch({ skip: { ...rule.skip, weekends: (e.target as HTMLInputElement).checked } })} /> ${msg('Sauter les week-ends')}</label>
            <label class="check"><input type="checkbox" .checked=${rule.skip.holidays}
              @change=${(e: Event) => this.patch({ skip: { ...rule.skip, holidays: (e.target as HTMLInputElement).checked } })} /> ${msg('Sauter les jours fériés')}</label>
          </div>`;
      case 'weekday_before':
      case 'weekday_previous_week':
        return html`<div class="grid-2">
          <div class="field">
            <label for="weekday">${msg('Jour de la semaine')}</label>
            <select id="weekday" @change=${(e: Event) => this.patch({ weekday: Number((e.target as HTMLSelectElement).value) as Weekday })}>
              ${weekdayNames().map((name, i) => html`<option value=${i + 1} ?selected=${rule.weekday === i + 1}>${name}</option>`)}
            </select>
          </div>
          ${time}
        </div>`;
      case 'day_of_previous_month':
        return html`<div class="grid-2">${this.number('day', msg('Jour du mois précédent'), rule.day, 1, 31)} ${time}</div>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-deadline': PortailAdminDeadline;
  }
}
