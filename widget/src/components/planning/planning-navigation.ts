import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Child } from '../../api/me.js';
import type { PlanningView } from './calendar.js';

/** What the parent moves through in `<portail-planning>`: which child, which view, which period. */

export function childChoice(children: readonly Child[], current: Child, choose: (childId: string) => void) {
  return html`<p>${msg('Choisissez l’enfant dont vous voulez voir le planning.')}</p>
    <ul class="child-list" part="children">
      ${children.map(
        (child) => html`<li>
          <button type="button" aria-current=${child.id === current.id ? 'true' : nothing} @click=${() => choose(child.id)}>
            <span class="child-name">${child.firstName} ${child.lastName}</span>
            <span class="child-school">${child.school}${child.className ? ` – ${child.className}` : ''}</span>
          </button>
        </li>`,
      )}
    </ul>`;
}

export interface PeriodMoves {
  show(view: PlanningView): void;
  move(step: 1 | -1): void;
  /** Back to the week or month holding today. */
  current(): void;
}

/** The week / month switch and the previous, next and current period buttons. */
export function periodToolbar(view: PlanningView, moves: PeriodMoves) {
  const week = view === 'week';
  return html`<div class="toolbar" part="toolbar">
    <div class="view-switch" role="group" aria-label=${msg('Affichage')}>
      <button type="button" aria-pressed=${week ? 'true' : 'false'} @click=${() => moves.show('week')}>
        ${msg('Semaine')}
      </button>
      <button type="button" aria-pressed=${week ? 'false' : 'true'} @click=${() => moves.show('month')}>
        ${msg('Mois')}
      </button>
    </div>
    <div class="navigation">
      <button type="button" class="previous" @click=${() => moves.move(-1)}>
        ${week ? msg('Semaine précédente') : msg('Mois précédent')}
      </button>
      <button type="button" class="next" @click=${() => moves.move(1)}>
        ${week ? msg('Semaine suivante') : msg('Mois suivant')}
      </button>
      <button type="button" class="link" @click=${() => moves.current()}>
        ${week ? msg('Revenir à la semaine en cours') : msg('Revenir au mois en cours')}
      </button>
    </div>
  </div>`;
}
