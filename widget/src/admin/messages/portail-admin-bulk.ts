import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDateTime } from '../../base/format.js';
import { getBulks, getMessageSettings, previewBulk, sendBulk, type BulkMessage, type BulkTarget } from '../api/messages.js';
import { getSchools, getServices, type School, type StaffService } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';

type Kind = BulkTarget['kind'];

/**
 * @summary "Message à plusieurs familles": every family, the families of a school, of a service,
 * or with a booking on a given day (a strike, a closure). The count is shown before sending; each
 * family gets its own conversation and the e-mail it chose, and the history says who sent what.
 */
export class PortailAdminBulk extends AdminElement {
  static override styles = adminStyles;

  @state() private kind: Kind = 'all';
  @state() private preview: { key: string; families: number; label: string } | null = null;
  @state() private bulks: BulkMessage[] = [];
  @state() private schools: School[] = [];
  @state() private services: StaffService[] = [];
  @state() private topics: string[] = [];

  private readonly loadTask = new Task(this, {
    task: async (_: readonly [], { signal }) => {
      const [schools, services, settings, bulks] = await Promise.all([getSchools(signal), getServices(signal), getMessageSettings(signal), getBulks(signal)]);
      Object.assign(this, { schools, services: services.filter((s) => s.active), topics: settings.topics, bulks });
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="bulk-title">
      <h2 id="bulk-title" tabindex="-1">${msg('Message à plusieurs familles')}</h2>
      <p>${msg('Grève, fermeture, sortie : chaque famille visée reçoit le message dans son espace, et par e-mail selon ses choix. Comptez les familles avant d’envoyer.')}</p>
      ${this.renderMessages()}
      ${this.renderTask(this.loadTask, msg('Chargement…'), () => this.renderForm())}
    </section>`;
  }

  private renderForm() {
    const field = (name: string) => this.fields[name];
    const invalid = (name: string) => (field(name) ? 'true' : 'false');
    const error = (name: string) => (field(name) ? html`<p class="field-error" id="bulk-${name}-error">${field(name)}</p>` : nothing);
    const described = (name: string) => (field(name) ? `bulk-${name}-error` : nothing);
    const kinds: Array<[Kind, string]> = [
      ['all', msg('Toutes les familles')],
      ['school', msg('Les familles d’une école')],
      ['service', msg('Les familles inscrites à un service')],
      ['bookings', msg('Les familles ayant une réservation un jour donné')],
    ];
    return html`<form novalidate @submit=${this.send} @change=${this.targetChanged}>
        <fieldset>
          <legend>${msg('Destinataires')}</legend>
          ${kinds.map(
            ([kind, label]) => html`<label class="check"><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind} @change=${() => (this.kind = kind)} /> ${label}</label>`,
          )}
          ${this.kind === 'school'
            ? html`<div class="field">
                <label for="bulk-school">${msg('École')}</label>
                <select id="bulk-school" name="schoolId" aria-invalid=${invalid('schoolId')} aria-describedby=${described('schoolId')}>
                  <option value="">${msg('Choisissez une école')}</option>
                  ${this.schools.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
                </select>
                ${error('schoolId')}
              </div>`
            : nothing}
          ${this.kind === 'service' || this.kind === 'bookings'
            ? html`<div class="field">
                <label for="bulk-service">${this.kind === 'service' ? msg('Service') : msg('Service (facultatif)')}</label>
                <select id="bulk-service" name="serviceId" aria-invalid=${invalid('serviceId')} aria-describedby=${described('serviceId')}>
                  <option value="">${this.kind === 'service' ? msg('Choisissez un service') : msg('Tous les services')}</option>
                  ${this.services.map((s) => html`<option value=${s.id}>${s.label}</option>`)}
                </select>
                ${error('serviceId')}
              </div>`
            : nothing}
          ${this.kind === 'bookings'
            ? html`<div class="field">
                <label for="bulk-day">${msg('Jour')}</label>
                <input id="bulk-day" name="day" type="date" aria-invalid=${invalid('day')} aria-describedby=${described('day')} />
                ${error('day')}
              </div>`
            : nothing}
          <div class="actions">
            <button type="button" ?disabled=${this.busy} @click=${this.count}>${msg('Compter les familles')}</button>
            <p role="status" class="preview">${this.preview ? this.previewText() : ''}</p>
          </div>
        </fieldset>
        <div class="field">
          <label for="bulk-topic">${msg('Sujet')}</label>
          <select id="bulk-topic" name="topic">${this.topics.map((t) => html`<option value=${t}>${t}</option>`)}</select>
        </div>
        <div class="field">
          <label for="bulk-subject">${msg('Objet')}</label>
          <input id="bulk-subject" name="subject" type="text" maxlength="150" autocomplete="off" aria-invalid=${invalid('subject')} aria-describedby=${described('subject')} />
          ${error('subject')}
        </div>
        <div class="field">
          <label for="bulk-body">${msg('Message')}</label>
          <textarea id="bulk-body" name="body" rows="6" maxlength="10000" aria-invalid=${invalid('body')} aria-describedby=${described('body')}></textarea>
          ${error('body')}
        </div>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy || !this.preview}>
            ${this.preview ? msg(str`Envoyer à ${this.preview.families} familles`) : msg('Comptez les familles avant d’envoyer')}
          </button>
        </div>
      </form>
      ${this.renderHistory()}`;
  }

  private previewText() {
    const { families, label } = this.preview!;
    return families === 1 ? msg(str`${label} : 1 famille recevra ce message.`) : msg(str`${label} : ${families} familles recevront ce message.`);
  }

  private renderHistory() {
    if (!this.bulks.length) return nothing;
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Messages déjà envoyés à plusieurs familles')}</caption>
        <thead><tr><th scope="col">${msg('Objet')}</th><th scope="col">${msg('Destinataires')}</th><th scope="col">${msg('Familles')}</th><th scope="col">${msg('E-mails')}</th><th scope="col">${msg('Envoyé par')}</th></tr></thead>
        <tbody>
          ${this.bulks.map(
            (b) => html`<tr><th scope="row">${b.subject}</th><td>${b.targetLabel}</td><td class="number">${b.families}</td><td class="number">${b.mailsQueued}</td><td>${b.sentBy}, ${formatDateTime(b.sentAt)}</td></tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** The target the form describes, or null with the missing field marked. */
  private target(form: HTMLFormElement): BulkTarget | null {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '');
    switch (this.kind) {
      case 'all':
        return { kind: 'all' };
      case 'school':
        if (!value('schoolId')) this.fields = { schoolId: msg('Choisissez une école.') };
        return value('schoolId') ? { kind: 'school', schoolId: value('schoolId') } : null;
      case 'service':
        if (!value('serviceId')) this.fields = { serviceId: msg('Choisissez un service.') };
        return value('serviceId') ? { kind: 'service', serviceId: value('serviceId') } : null;
      case 'bookings':
        if (!value('day')) this.fields = { day: msg('Choisissez le jour.') };
        return value('day') ? { kind: 'bookings', day: value('day'), serviceId: value('serviceId') || null } : null;
    }
  }

  /** Another target: the count shown no longer holds. */
  private targetChanged(event: Event) {
    const name = (event.target as HTMLInputElement).name;
    if (['kind', 'schoolId', 'serviceId', 'day'].includes(name)) this.preview = null;
  }

  private async count(event: Event) {
    const form = (event.target as HTMLButtonElement).form!;
    this.fields = {};
    const target = this.target(form);
    await this.submitChecked(target, async (t) => {
      const preview = await previewBulk(t);
      this.preview = { key: JSON.stringify(t), families: preview.families, label: preview.targetLabel };
    });
  }

  private async send(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.fields = {};
    const target = this.target(form);
    const subject = String(data.get('subject') ?? '').trim();
    const body = String(data.get('body') ?? '').trim();
    if (!subject) this.fields = { ...this.fields, subject: msg('Donnez un objet au message.') };
    if (!body) this.fields = { ...this.fields, body: msg('Écrivez le message.') };
    const ready = target && subject && body && this.preview?.key === JSON.stringify(target) ? target : null;
    await this.submitChecked(ready, async (t) => {
      const sent = await sendBulk({ target: t, topic: String(data.get('topic') ?? ''), subject, body });
      this.bulks = [sent, ...this.bulks];
      this.preview = null;
      form.reset();
      this.kind = 'all';
      this.notice = msg(str`Message « ${sent.subject} » envoyé à ${sent.families} familles (${sent.mailsQueued} e-mails).`);
      await this.focusOn('#bulk-title');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-bulk': PortailAdminBulk;
  }
}
