import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { type AbsenceReason, createReason, getReasons, updateReason } from './api/planning.js';
import { staffErrorText } from './base/error-text.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';

/**
 * @summary "Motifs d'absence": the reasons families and staff give for an absence, each saying
 * whether the day is still billed. Admins add, rename, toggle billing and deactivate them.
 */
export class PortailAdminReasons extends LitElement {
  static override styles = planningStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private reasons: AbsenceReason[] = [];
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.reasons = await getReasons(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="reasons-title">
      <h2 id="reasons-title">Motifs d’absence</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des motifs…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => this.renderTable(),
      })}
      ${this.canEdit
        ? html`<form class="inline-form" @submit=${this.add} novalidate>
            <div class="field">
              <label for="reason-label">Nouveau motif</label>
              <input id="reason-label" name="label" type="text" maxlength="80" autocomplete="off" />
            </div>
            <label class="check"><input type="checkbox" name="billed" /> Journée facturée</label>
            <button type="submit" ?disabled=${this.busy}>Ajouter le motif</button>
          </form>`
        : ''}
    </section>`;
  }

  private renderTable() {
    return html`<div class="table-wrap">
      <table>
        <caption>Motifs proposés lors d’une absence</caption>
        <thead><tr><th scope="col">Motif</th><th scope="col">Facturé</th><th scope="col">État</th>${this.canEdit ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
        <tbody>
          ${this.reasons.map(
            (r) => html`<tr>
              <th scope="row">
                ${this.canEdit
                  ? html`<label class="visually-hidden" for=${`reason-${r.id}`}>Libellé du motif ${r.label}</label>
                      <input id=${`reason-${r.id}`} type="text" maxlength="80" .value=${r.label} ?disabled=${this.busy}
                        @change=${(e: Event) => this.rename(r, (e.target as HTMLInputElement).value)} />`
                  : r.label}
              </th>
              <td>
                ${this.canEdit
                  ? html`<label class="check"><input type="checkbox" .checked=${r.billed} ?disabled=${this.busy}
                      @change=${(e: Event) => this.run(() => updateReason(r.id, { billed: (e.target as HTMLInputElement).checked }), `Motif « ${r.label} » enregistré.`)} />
                      <span class="visually-hidden">${r.label} :</span> facturé</label>`
                  : r.billed ? 'Oui' : 'Non'}
              </td>
              <td><span class=${r.active ? 'badge' : 'badge off'}>${r.active ? 'Actif' : 'Désactivé'}</span></td>
              ${this.canEdit
                ? html`<td>
                    <button type="button" class="link" ?disabled=${this.busy} aria-label=${`${r.active ? 'Désactiver' : 'Réactiver'} ${r.label}`}
                      @click=${() => this.run(() => updateReason(r.id, { active: !r.active }), `Motif « ${r.label} » ${r.active ? 'désactivé' : 'réactivé'}.`)}>
                      ${r.active ? 'Désactiver' : 'Réactiver'}
                    </button>
                  </td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async run(action: () => Promise<AbsenceReason[]>, done: string) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      this.reasons = await action();
      this.saved = done;
      return true;
    } catch (error) {
      this.error = staffErrorText(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async rename(reason: AbsenceReason, label: string) {
    if (!label.trim() || label.trim() === reason.label) return;
    await this.run(() => updateReason(reason.id, { label: label.trim() }), `Motif renommé en « ${label.trim()} ».`);
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const label = String(data.get('label') ?? '').trim();
    if (!label) {
      this.error = 'Indiquez le libellé du motif.';
      form.querySelector<HTMLInputElement>('#reason-label')?.focus();
      return;
    }
    if (await this.run(() => createReason(label, data.get('billed') === 'on'), `Motif « ${label} » ajouté.`)) form.reset();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-reasons': PortailAdminReasons;
  }
}
