import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatDate, ofName } from '../../base/format.js';
import { addEnrollment, endEnrollment, getEnrollments, searchChildren, type ChildEnrollments, type ChildMatch } from '../api/children.js';
import { getServices, type StaffService } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { portailAdminEnrollmentsStyles } from './portail-admin-enrollments.styles.js';

type ChildView = 'enrollments' | 'planning';

/**
 * @summary "Inscriptions": find a child by name, see the services they are enrolled in, enrol them
 * in another one or end an enrollment; or open their planning to book, cancel or declare an
 * absence on behalf of the family (`<portail-admin-child-planning>`).
 */
export class PortailAdminEnrollments extends AdminElement {
  static override styles = [adminStyles, portailAdminEnrollmentsStyles];

  @state() private results?: ChildMatch[];
  @state() private current?: ChildEnrollments;
  @state() private view: ChildView = 'enrollments';
  @state() private services: StaffService[] = [];
  private searching?: AbortController;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.searching?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="enrollments-title">
      <h2 id="enrollments-title">${msg('Inscriptions')}</h2>
      ${this.renderMessages()}
      <form class="inline-form" role="search" @submit=${this.search} novalidate>
        <div class="field">
          <label for="child-query">${msg('Rechercher un enfant')}</label>
          <input id="child-query" name="q" type="search" minlength="2" maxlength="80" autocomplete="off" aria-describedby="child-query-hint" />
          <p class="hint" id="child-query-hint">${msg('Prénom, nom de l’enfant ou nom de la famille (deux lettres au moins).')}</p>
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Rechercher')}</button>
      </form>
      ${this.results ? this.renderMatches(this.results) : ''} ${this.current ? this.renderChild(this.current) : ''}
    </section>`;
  }

  private renderMatches(matches: ChildMatch[]) {
    if (!matches.length) return html`<p role="status">${msg('Aucun enfant ne correspond à cette recherche.')}</p>`;
    return html`<div class="table-wrap"><table>
      <caption>${matches.length > 1 ? msg(str`${matches.length} enfants trouvés`) : msg(str`${matches.length} enfant trouvé`)}</caption>
      <thead><tr><th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('École')}</th><th scope="col">${msg('Action')}</th></tr></thead>
      <tbody>
        ${matches.map((m) => {
          const name = `${m.firstName} ${m.lastName}`;
          return html`<tr>
            <th scope="row">${name}</th><td>${msg(str`${m.familyName} (n° ${m.familyNumber})`)}</td><td>${[m.school, m.className].filter(Boolean).join(', ')}</td>
            <td>
              <button type="button" class="link" aria-label=${msg(str`Voir les inscriptions ${ofName(name)}`)} @click=${() => this.open(m.id, 'enrollments')}>${msg('Voir les inscriptions')}</button>
              <button type="button" class="link" aria-label=${msg(str`Voir le planning ${ofName(name)}`)} @click=${() => this.open(m.id, 'planning')}>${msg('Planning')}</button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }

  private renderChild(current: ChildEnrollments) {
    const { child } = current;
    const name = `${child.firstName} ${child.lastName}`;
    const views: [ChildView, string][] = [
      ['enrollments', msg('Inscriptions aux services')],
      ['planning', msg('Planning')],
    ];
    return html`<h3 id="child-title" tabindex="-1">${name}</h3>
      <p class="hint">${child.familyName}${child.school ? ` · ${child.school}` : ''}${child.className ? ` · ${child.className}` : ''}</p>
      <div class="view-switch" role="group" aria-label=${msg(str`Dossier ${ofName(name)}`)}>
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
            <caption>${msg(str`Services auxquels ${name} est inscrit(e)`)}</caption>
            <thead><tr><th scope="col">${msg('Service')}</th><th scope="col">${msg('Du')}</th><th scope="col">${msg('Au')}</th><th scope="col">${msg('Terminer')}</th></tr></thead>
            <tbody>
              ${enrollments.map(
                (e) => html`<tr>
                  <th scope="row">${e.serviceLabel}</th><td>${formatDate(e.startDate)}</td><td>${e.endDate ? formatDate(e.endDate) : msg('Sans date de fin')}</td>
                  <td>
                    <form class="inline-form" @submit=${(event: SubmitEvent) => this.end(event, e.id)} novalidate>
                      <div class="field">
                        <label for=${`end-${e.id}`}>${msg(str`Dernier jour pour ${e.serviceLabel}`)}</label>
                        <input id=${`end-${e.id}`} name="endDate" type="date" required .value=${e.endDate ?? ''} />
                      </div>
                      <button type="submit" ?disabled=${this.busy}>${msg('Terminer')}</button>
                    </form>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p>${msg(str`${name} n’est inscrit(e) à aucun service.`)}</p>`}
      <form @submit=${this.add} novalidate>
        <fieldset ?disabled=${this.busy}>
          <legend>${msg(str`Inscrire ${name} à un service`)}</legend>
          <div class="grid-2">
            <div class="field"><label for="enrol-service">${msg('Service')}</label>
              <select id="enrol-service" name="serviceId">${this.services.filter((s) => s.active).map((s) => html`<option value=${s.id}>${s.label}</option>`)}</select></div>
            <div class="field"><label for="enrol-start">${msg('À partir du')}</label>
              <input id="enrol-start" name="startDate" type="date" required aria-invalid=${this.fields.startDate ? 'true' : 'false'} /></div>
            <div class="field"><label for="enrol-end">${msg('Jusqu’au (facultatif)')}</label>
              <input id="enrol-end" name="endDate" type="date" aria-invalid=${this.fields.endDate ? 'true' : 'false'} /></div>
          </div>
          <div class="actions"><button type="submit">${msg('Inscrire')}</button></div>
        </fieldset>
      </form>`;
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    if (text.length < 2) {
      this.error = msg('Tapez au moins deux lettres du prénom, du nom ou de la famille.');
      return;
    }
    this.searching?.abort();
    const controller = (this.searching = new AbortController());
    await this.run(async () => {
      this.results = await searchChildren(text, controller.signal);
    });
  }

  private async open(childId: string, view: ChildView) {
    const ok = await this.run(async () => {
      const [current, services] = await Promise.all([getEnrollments(childId), this.services.length ? Promise.resolve(this.services) : getServices()]);
      this.current = current;
      this.services = services;
      this.view = view;
    });
    if (ok) await this.focusOn('#child-title');
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const child = this.current?.child;
    if (!child) return;
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    const service = this.services.find((s) => s.id === data.serviceId);
    await this.run(async () => {
      this.current = await addEnrollment(child.id, { serviceId: data.serviceId ?? '', startDate: data.startDate ?? '', endDate: data.endDate || null });
    }, msg(str`${child.firstName} est inscrit(e) à « ${service?.label ?? ''} ».`));
  }

  private async end(event: SubmitEvent, enrollmentId: string) {
    event.preventDefault();
    const endDate = String(new FormData(event.target as HTMLFormElement).get('endDate') ?? '');
    await this.run(async () => {
      this.current = await endEnrollment(enrollmentId, endDate);
    }, msg(str`Inscription terminée au ${endDate ? formatDate(endDate) : ''}.`));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-enrollments': PortailAdminEnrollments;
  }
}
