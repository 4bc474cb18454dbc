import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { createReason, getReasons, updateReason, type AbsenceReason } from '../api/planning.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary "Motifs d'absence": the reasons families and staff give for an absence, each saying
 * whether the day is still billed. Admins add, rename, toggle billing and deactivate them.
 */
export class PortailAdminReasons extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private reasons: AbsenceReason[] = [];

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.reasons = await getReasons(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="reasons-title">
      <h2 id="reasons-title">${msg('Motifs d’absence')}</h2>
      ${this.renderMessages()} ${this.renderTask(this.loadTask, msg('Chargement des motifs…'), () => this.renderTable())}
      ${this.canEdit
        ? html`<form class="inline-form" @submit=${this.add} novalidate>
            <div class="field">
              <label for="reason-label">${msg('Nouveau motif')}</label>
              <input id="reason-label" name="label" type="text" maxlength="80" autocomplete="off" />
            </div>
            <label class="check"><input type="checkbox" name="billed" /> ${msg('Journée facturée')}</label>
            <button type="submit" ?disabled=${this.busy}>${msg('Ajouter le motif')}</button>
          </form>`
        : ''}
    </section>`;
  }

  private renderTable() {
    return html`<div class="table-wrap">
      <table>
        <caption>${msg('Motifs proposés lors d’une absence')}</caption>
        <thead>
          <tr><th scope="col">${msg('Motif')}</th><th scope="col">${msg('Facturé')}</th><th scope="col">${msg('État')}</th>${this.canEdit ? html`<th scope="col">${msg('Actions')}</th>` : ''}</tr>
        </thead>
        <tbody>
          ${this.reasons.map((r) => (this.canEdit ? this.renderEditableRow(r) : this.renderRow(r)))}
        </tbody>
      </table>
    </div>`;
  }

  private renderState(r: AbsenceReason) {
    return html`<td><span class=${r.active ? 'badge' : 'badge off'}>${r.active ? msg('Actif') : msg('Désactivé')}</span></td>`;
  }

  private renderRow(r: AbsenceReason) {
    return html`<tr><th scope="row">${r.label}</th><td>${r.billed ? msg('Oui') : msg('Non')}</td>${this.renderState(r)}</tr>`;
  }

  private renderEditableRow(r: AbsenceReason) {
    const toggle = r.active ? msg('Désactiver') : msg('Réactiver');
    return html`<tr>
      <th scope="row">
        <label class="visually-hidden" for=${`reason-${r.id}`}>${msg(str`Libellé du motif ${r.label}`)}</label>
        <input id=${`reason-${r.id}`} type="text" maxlength="80" .value=${r.label} ?disabled=${this.busy}
          @change=${(e: Event) => this.rename(r, (e.target as HTMLInputElement).value)} />
      </th>
      <td>
        <label class="check"><input type="checkbox" .checked=${r.billed} ?disabled=${this.busy}
            @change=${(e: Event) => this.change(() => updateReason(r.id, { billed: (e.target as HTMLInputElement).checked }), msg(str`Motif « ${r.label} » enregistré.`))} />
          <span class="visually-hidden">${r.label} :</span> ${msg('facturé')}</label>
      </td>
      ${this.renderState(r)}
      <td>
        <button type="button" class="link" ?disabled=${this.busy} aria-label=${`${toggle} ${r.label}`}
          @click=${() => this.change(() => updateReason(r.id, { active: !r.active }), r.active ? msg(str`Motif « ${r.label} » désactivé.`) : msg(str`Motif « ${r.label} » réactivé.`))}>
          ${toggle}
        </button>
      </td>
    </tr>`;
  }

  private change(action: () => Promise<AbsenceReason[]>, done: string) {
    return this.run(async () => {
      this.reasons = await action();
    }, done);
  }

  private async rename(reason: AbsenceReason, label: string) {
    if (!label.trim() || label.trim() === reason.label) return;
    await this.change(() => updateReason(reason.id, { label: label.trim() }), msg(str`Motif renommé en « ${label.trim()} ».`));
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const label = String(data.get('label') ?? '').trim();
    if (!label) {
      this.error = msg('Indiquez le libellé du motif.');
      form.querySelector<HTMLInputElement>('#reason-label')?.focus();
      return;
    }
    if (await this.change(() => createReason(label, data.get('billed') === 'on'), msg(str`Motif « ${label} » ajouté.`))) form.reset();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-reasons': PortailAdminReasons;
  }
}
