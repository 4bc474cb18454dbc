import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { createTemplate, deleteTemplate, getTemplates, updateTemplate, type MessageTemplate } from '../api/messages.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';

/**
 * @summary Answer templates: the sentences agents send often, inserted in an answer and
 * adjusted before sending. Fires `portail-settings-changed` when the list changes.
 */
export class PortailAdminMessageTemplates extends AdminElement {
  static override styles = adminStyles;

  @state() private templates: MessageTemplate[] = [];
  @state() private editing: string | null = null;

  private readonly loadTask = new Task(this, {
    task: async (_: readonly [], { signal }) => {
      this.templates = await getTemplates(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="templates-title">
      <h2 id="templates-title" tabindex="-1">${msg('Modèles de réponse')}</h2>
      ${this.renderMessages()}
      ${this.renderTask(this.loadTask, msg('Chargement des modèles…'), () => this.renderList())}
      <h3>${msg('Nouveau modèle')}</h3>
      ${this.renderForm(null)}
    </section>`;
  }

  private renderList() {
    if (!this.templates.length) return html`<p>${msg('Aucun modèle pour l’instant.')}</p>`;
    return html`<ul class="plain">
      ${this.templates.map((t) =>
        this.editing === t.id
          ? html`<li>${this.renderForm(t)}</li>`
          : html`<li>
              <span><strong>${t.title}</strong><br /><span class="hint">${t.body.slice(0, 140)}</span></span>
              <span class="actions">
                <button type="button" aria-label=${msg(str`Modifier le modèle « ${t.title} »`)} ?disabled=${this.busy} @click=${() => (this.editing = t.id)}>${msg('Modifier')}</button>
                <button type="button" class="danger" aria-label=${msg(str`Supprimer le modèle « ${t.title} »`)} ?disabled=${this.busy} @click=${() => this.removeTemplate(t)}>${msg('Supprimer')}</button>
              </span>
            </li>`,
      )}
    </ul>`;
  }

  private renderForm(t: MessageTemplate | null) {
    const id = t ? `tpl-${t.id}` : 'tpl-new';
    const error = (name: string) => (this.editing === (t?.id ?? null) ? this.fields[name] : undefined);
    return html`<form novalidate @submit=${(e: SubmitEvent) => this.save(e, t)} aria-label=${t ? msg(str`Modifier le modèle « ${t.title} »`) : msg('Nouveau modèle')}>
      <div class="field">
        <label for="${id}-title">${msg('Titre du modèle')}</label>
        <input id="${id}-title" name="title" maxlength="100" autocomplete="off" .value=${t?.title ?? ''} aria-invalid=${error('title') ? 'true' : 'false'} aria-describedby=${error('title') ? `${id}-title-error` : nothing} />
        ${error('title') ? html`<p class="field-error" id="${id}-title-error">${error('title')}</p>` : nothing}
      </div>
      <div class="field">
        <label for="${id}-body">${msg('Texte du modèle')}</label>
        <textarea id="${id}-body" name="body" rows="4" maxlength="10000" .value=${t?.body ?? ''} aria-invalid=${error('body') ? 'true' : 'false'} aria-describedby=${error('body') ? `${id}-body-error` : nothing}></textarea>
        ${error('body') ? html`<p class="field-error" id="${id}-body-error">${error('body')}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${t ? msg('Enregistrer le modèle') : msg('Ajouter le modèle')}</button>
        ${t ? html`<button type="button" class="link" @click=${() => (this.editing = null)}>${msg('Annuler')}</button>` : nothing}
      </div>
    </form>`;
  }

  private changed(templates: MessageTemplate[]) {
    this.templates = templates;
    this.dispatchEvent(new CustomEvent('portail-templates-changed', { bubbles: true, composed: true }));
  }

  private async save(event: SubmitEvent, t: MessageTemplate | null) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const body = String(data.get('body') ?? '').trim();
    const fields: Record<string, string> = {};
    if (!title) fields.title = msg('Donnez un titre au modèle.');
    if (!body) fields.body = msg('Écrivez le texte du modèle.');
    this.editing = t?.id ?? null;
    this.fields = fields;
    await this.submitChecked(Object.keys(fields).length ? null : { title, body }, async (input) => {
      this.changed(t ? await updateTemplate(t.id, input) : await createTemplate(input));
      form.reset();
      this.editing = null;
      this.notice = t ? msg(str`Modèle « ${title} » enregistré.`) : msg(str`Modèle « ${title} » ajouté.`);
    });
  }

  private async removeTemplate(t: MessageTemplate) {
    await this.run(async () => this.changed(await deleteTemplate(t.id)), msg(str`Modèle « ${t.title} » supprimé.`));
    await this.focusOn('#templates-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-message-templates': PortailAdminMessageTemplates;
  }
}
