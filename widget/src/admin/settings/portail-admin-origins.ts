import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailSettingsChangedEvent } from '../../events/settings-changed.js';
import { addOrigin, getOrigins, removeOrigin, type AllowedOrigin } from '../api/settings.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary The town sites allowed to use the portal (exact origins, https).
 * @event portail-settings-changed - An origin was added or removed.
 */
export class PortailAdminOrigins extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private origins?: AllowedOrigin[];

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.origins = await getOrigins(signal);
    },
    args: () => [] as const,
  });

  override render() {
    const error = this.fields.origin;
    return html`
      <section class="card" aria-labelledby="origins-title">
        <h2 id="origins-title" tabindex="-1">${msg('Sites autorisés')}</h2>
        <p class="hint">${msg('Seules ces origines (adresse du site, sans chemin) peuvent afficher le portail. Exemple : https://www.ville.fr')}</p>
        ${this.renderMessages()} ${this.renderTask(this.loadTask, msg('Chargement…'), () => this.renderList())}
        ${this.canEdit
          ? html`<form @submit=${this.add} novalidate>
              <div class="field">
                <label for="origin">${msg('Origine à autoriser')}</label>
                <input id="origin" name="origin" type="url" placeholder="https://www.ville.fr" autocomplete="off" spellcheck="false"
                  aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'origin-error' : nothing} />
                ${error ? html`<p class="field-error" id="origin-error">${error}</p>` : ''}
              </div>
              <div class="actions"><button type="submit" ?disabled=${this.busy}>${msg('Ajouter l’origine')}</button></div>
            </form>`
          : ''}
      </section>
    `;
  }

  private renderList() {
    const origins = this.origins ?? [];
    if (!origins.length) return html`<p>${msg('Aucun site n’est autorisé : le portail ne fonctionne encore sur aucune page.')}</p>`;
    return html`<ul class="plain" aria-label=${msg('Origines autorisées')}>
      ${origins.map(
        (o) => html`<li>
          <code>${o.origin}</code>
          ${this.canEdit
            ? html`<button class="danger" type="button" ?disabled=${this.busy} aria-label=${msg(str`Retirer ${o.origin}`)} @click=${() => this.withdraw(o)}>${msg('Retirer')}</button>`
            : ''}
        </li>`,
      )}
    </ul>`;
  }

  private change(action: () => Promise<AllowedOrigin[]>, done: string) {
    return this.run(async () => {
      this.origins = await action();
      this.dispatchEvent(new PortailSettingsChangedEvent('origins'));
    }, done);
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = String(new FormData(form).get('origin') ?? '').trim();
    if (!value) {
      this.fields = { origin: msg('Indiquez une origine, par exemple https://www.ville.fr.') };
      return this.focusOn('#origin');
    }
    if (await this.change(() => addOrigin(value), msg('Modifications enregistrées : origine ajoutée.'))) form.reset();
    else await this.focusOn('#origin');
  }

  private async withdraw(origin: AllowedOrigin) {
    await this.change(() => removeOrigin(origin.id), msg(str`Modifications enregistrées : ${origin.origin} retirée.`));
    await this.focusOn('#origins-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-origins': PortailAdminOrigins;
  }
}
