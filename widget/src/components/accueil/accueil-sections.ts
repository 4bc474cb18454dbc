import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { HomeSummary, PendingRequest, UpcomingChild } from '../../api/accueil.js';
import type { TenantConfig } from '../../api/config.js';
import { formatDate, formatDateWith, formatPrice } from '../../base/format.js';

// The home's sections, each a template of its own: what the family owes, what is planned this
// week, what awaits the town, and the town's own information ("informations utiles").

/** "lundi 7" for a `YYYY-MM-DD` day of the coming week ("1er" for the first of the month). */
function weekDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return formatDateWith({ weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }, new Date(Date.UTC(y!, m! - 1, d!)));
}

export function balanceSection(summary: HomeSummary, facturesHref: string | undefined) {
  const due = summary.balanceCents > 0;
  return html`<section class="card balance" part="balance" aria-labelledby="accueil-balance">
    <h3 id="accueil-balance">${msg('Votre solde')}</h3>
    ${due
      ? html`<p class="amount">${msg(str`Reste à payer : ${formatPrice(summary.balanceCents)}`)}</p>
          ${facturesHref ? html`<p><a class="action" href=${facturesHref}>${msg('Régler')}</a></p>` : nothing}`
      : html`<p>${msg('Vous n’avez rien à régler.')}</p>`}
  </section>`;
}

const STATE_LABELS = (): Record<string, string> => ({
  booked: '',
  requested: msg('demande en attente'),
  waitlisted: msg('liste d’attente'),
  absent: msg('absence'),
});

function childWeek(child: UpcomingChild) {
  const labels = STATE_LABELS();
  return html`<li>
    <h4>${child.firstName}</h4>
    ${child.days.length === 0
      ? html`<p class="muted">${msg('Rien de prévu ces prochains jours.')}</p>`
      : html`<ul class="days">
          ${child.days.map(
            (day) => html`<li>
              <span class="day">${weekDay(day.day)}</span>
              <span>${day.services.map((s, i) => html`${i ? ', ' : ''}${s.label}${labels[s.state] ? html` <em>(${labels[s.state]})</em>` : nothing}`)}</span>
            </li>`,
          )}
        </ul>`}
  </li>`;
}

export function upcomingSection(summary: HomeSummary, planningHref: string | undefined) {
  if (summary.upcoming.length === 0) return nothing;
  return html`<section class="card upcoming" part="upcoming" aria-labelledby="accueil-upcoming">
    <h3 id="accueil-upcoming">${msg('Prochains jours')}</h3>
    <p class="muted">${msg(str`Du ${formatDate(summary.from)} au ${formatDate(summary.to)}`)}</p>
    <ul class="week">
      ${summary.upcoming.map(childWeek)}
    </ul>
    ${planningHref ? html`<p><a href=${planningHref}>${msg('Modifier les réservations')}</a></p>` : nothing}
  </section>`;
}

function pendingLine(request: PendingRequest) {
  return request.day
    ? html`<li>${msg(str`Réservation ${request.label}, le ${formatDate(request.day)}`)}</li>`
    : html`<li>${msg(str`Modification du dossier : ${request.label}`)}</li>`;
}

export function pendingSection(summary: HomeSummary) {
  return html`<section class="card pending" part="pending" aria-labelledby="accueil-pending">
    <h3 id="accueil-pending">${msg('Demandes en cours')}</h3>
    ${summary.pending.length === 0
      ? html`<p class="muted">${msg('Aucune demande en attente de la mairie.')}</p>`
      : html`<ul>
          ${summary.pending.map(pendingLine)}
        </ul>`}
  </section>`;
}

/** The town's message and how to reach the children's service. */
export function townSection(config: TenantConfig | undefined) {
  if (!config || (!config.info?.message && !config.contactEmail)) return nothing;
  return html`<section class="card town" part="town" aria-labelledby="accueil-town">
    <h3 id="accueil-town">${msg('Informations utiles')}</h3>
    ${config.info?.message
      ? html`<div class="info">
          ${config.info.date ? html`<p class="muted">${msg(str`Information du ${formatDate(config.info.date)}`)}</p>` : nothing}
          <p class="message">${config.info.message}</p>
        </div>`
      : nothing}
    ${config.contactEmail
      ? html`<p>${msg(str`Contacter ${config.name} :`)} <a href=${`mailto:${config.contactEmail}`}>${config.contactEmail}</a></p>`
      : nothing}
  </section>`;
}
