import { LitElement, css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { PortailApiError } from '../api/errors.js';
import { addEnrollment, type ChildEnrollments, type ChildMatch, endEnrollment, getEnrollments, searchChildren } from './api/children.js';
import { getServices, type StaffService } from './api/planning.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDate } from '../base/format.js';

type ChildView = 'enrollments' | 'planning';

/**
 * @summary "Inscriptions": find a child by name, see the services they are enrolled in, enrol them
 * in another one or end an enrollment; or open their planning to book, cancel or declare an
 * absence on behalf of the family (`<portail-admin-child-planning>`).
 */
export class PortailAdminEnrollments extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      .view-switch {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        margin: 0 0 1em;
      }
      .view-switch button[aria-pressed='true'] {
        background: var(--_portail-primary);
        color: var(--_portail-primary-text);
      }
    `,
  ];

  @state() private results?: ChildMatch[];
  @state() private current?: ChildEnrollments;
  @state() private view: ChildView = 'enrollments';
  @state() private services: StaffService[] = [];
  @state() private error = '';
  @state() private fields: Record<string, string> = {};
  @state() private saved = '';
  @state() private busy = false;
  private searching?: AbortController;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.searching?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="enrollments-title">
      <h2 id="enrollments-title">Inscriptions</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      <form class="inline-form" role="search" @submit=${this.search} novalidate>
        <div class="field">
          <label for="child-query">Rechercher un enfant</label>
          <input id="child-query" name="q" type="search" minlength="2" maxlength="80" autocomplete="off" aria-describedby="child-query-hint" />
          <p class="hint" id="child-query-hint">Prénom, nom de l’enfant ou nom de la famille (deux lettres au moins).</p>
        </div>
        <button type="submit" ?disabled=${this.busy}>Rechercher</button>
      </form>
      ${this.results ? this.renderMatches(this.results) : ''} ${this.current ? this.renderChild(this.current) : ''}
    </section>`;
  }

  private renderMatches(matches: ChildMatch[]) {
    if (!matches.length) return html`<p role="status">Aucun enfant ne correspond à cette recherche.</p>`;
    return html`<div class="table-wrap"><table>
      <caption>${matches.length} enfant${matches.length > 1 ? 's' : ''} trouvé${matches.length > 1 ? 's' : ''}</caption>
      <thead><tr><th scope="col">Enfant</th><th scope="col">Famille</th><th scope="col">École</th><th scope="col">Action</th></tr></thead>
      <tbody>
        ${matches.map(
          (m) => html`<tr>
            <th scope="row">${m.firstName} ${m.lastName}</th><td>${m.familyName} (n° ${m.familyNumber})</td><td>${[m.school, m.className].filter(Boolean).join(', ')}</td>
            <td>
              <button type="button" class="link" aria-label=${`Voir les inscriptions de ${m.firstName} ${m.lastName}`} @click=${() => this.open(m.id, 'enrollments')}>Voir les inscriptions</button>
              <button type="button" class="link" aria-label=${`Voir le planning de ${m.firstName} ${m.lastName}`} @click=${() => this.open(m.id, 'planning')}>Planning</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private renderChild(current: ChildEnrollments) {
    const { child } = current;
    const name = `${child.firstName} ${child.lastName}`;
    const views: [ChildView, string][] = [
      ['enrollments', 'Inscriptions aux services'],
      ['planning', 'Planning'],
    ];
    return html`<h3 id="child-title" tabindex="-1">${name}</h3>
      <p class="hint">${child.familyName}${child.school ? ` · ${child.school}` : ''}${child.className ? ` · ${child.className}` : ''}</p>
      <div class="view-switch" role="group" aria-label=${`Dossier de ${name}`}>
        ${views.map(
          ([view, label]) => html`<button type="button" aria-pressed=${this.view === view ? 'true' : 'false'} @click=${() => (this.view = view)}>${label}</button>`,
        )}
      </div>
      ${this.view === 'planning' ? html`<portail-admin-child-planning child-id=${child.id}></portail-admin-child-planning>` : this.renderEnrollments(current)}`;
  }

  private renderEnrollments({ child, enrollments }: ChildEnrollments) {
    const name = `${child.firstName} ${child.lastName}`;
    return html`${enrollments.length
        ? html`<div class="table-wrap"><table>
            <caption>Services auxquels ${name} est inscrit(e)</caption>
            <thead><tr><th scope="col">Service</th><th scope="col">Du</th><th scope="col">Au</th><th scope="col">Terminer</th></tr></thead>
            <tbody>
              ${enrollments.map(
                (e) => html`<tr>
                  <th scope="row">${e.serviceLabel}</th><td>${formatDate(e.startDate)}</td><td>${e.endDate ? formatDate(e.endDate) : 'Sans date de fin'}</td>
                  <td>
                    <form class="inline-form" @submit=${(event: SubmitEvent) => this.end(event, e.id)} novalidate>
                      <div class="field">
                        <label for=${`end-${e.id}`}>Dernier jour pour ${e.serviceLabel}</label>
                        <input id=${`end-${e.id}`} name="endDate" type="date" required .value=${e.endDate ?? ''} />
                      </div>
                      <button type="submit" ?disabled=${this.busy}>Terminer</button>
                    </form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p>${name} n’est inscrit(e) à aucun service.</p>`}
      <form @submit=${this.add} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>Inscrire ${name} à un service</legend>
          <div class="grid-2">
            <div class="field"><label for="enrol-service">Service</label>
              <select id="enrol-service" name="serviceId">${this.services.filter((s) => s.active).map((s) => html`<option value=${s.id}>${s.label}</option>`)}</select></div>
            <div class="field"><label for="enrol-start">À partir du</label>
              <input id="enrol-start" name="startDate" type="date" required aria-invalid=${this.fields.startDate ? 'true' : 'false'} /></div>
            <div class="field"><label for="enrol-end">Jusqu’au (facultatif)</label>
              <input id="enrol-end" name="endDate" type="date" aria-invalid=${this.fields.endDate ? 'true' : 'false'} /></div>
          </div>
          <div class="actions"><button type="submit">Inscrire</button></div>
        </fieldset>
      </form>`;
  }

  private async run(action: () => Promise<void>, done: string) {
    this.error = '';
    this.saved = '';
    this.fields = {};
    this.busy = true;
    try {
      await action();
      this.saved = done;
      return true;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return false;
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fields = { ...error.fields };
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const query = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    if (query.length < 2) {
      this.error = 'Tapez au moins deux lettres du prénom, du nom ou de la famille.';
      return;
    }
    this.searching?.abort();
    const controller = (this.searching = new AbortController());
    await this.run(async () => {
      this.results = await searchChildren(query, controller.signal);
    }, '');
  }

  private async open(childId: string, view: ChildView) {
    const ok = await this.run(async () => {
      const [current, services] = await Promise.all([getEnrollments(childId), this.services.length ? Promise.resolve(this.services) : getServices()]);
      this.current = current;
      this.services = services;
      this.view = view;
    }, '');
    if (!ok) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#child-title')?.focus();
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const child = this.current?.child;
    if (!child) return;
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    const service = this.services.find((s) => s.id === data.serviceId);
    await this.run(async () => {
      this.current = await addEnrollment(child.id, { serviceId: data.serviceId ?? '', startDate: data.startDate ?? '', endDate: data.endDate || null });
    }, `${child.firstName} est inscrit(e) à « ${service?.label ?? ''} ».`);
  }

  private async end(event: SubmitEvent, enrollmentId: string) {
    event.preventDefault();
    const endDate = String(new FormData(event.target as HTMLFormElement).get('endDate') ?? '');
    await this.run(async () => {
      this.current = await endEnrollment(enrollmentId, endDate);
    }, `Inscription terminée au ${endDate ? formatDate(endDate) : ''}.`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-enrollments': PortailAdminEnrollments;
  }
}
