import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { adminStyles } from './admin.styles.js';
import { PortailApiError } from '../api/errors.js';
import { addOrigin, type AllowedOrigin, getOrigins, removeOrigin } from './api/settings.js';
import { staffErrorText } from './base/error-text.js';
import { PortailSettingsChangedEvent } from '../events/settings-changed.js';

/**
 * @summary The town sites allowed to use the portal (exact origins, https).
 * @event portail-settings-changed - An origin was added or removed.
 */
export class PortailAdminOrigins extends LitElement {
  static override styles = adminStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private origins?: AllowedOrigin[];
  @state() private error = '';
  @state() private fieldError = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.origins = await getOrigins(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`
      <section class="card" aria-labelledby="origins-title">
        <h2 id="origins-title">Sites autorisés</h2>
        <p class="hint">Seules ces origines (adresse du site, sans chemin) peuvent afficher le portail. Exemple : https://www.ville.fr</p>
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.saved}</div>
        ${this.loadTask.render({
          pending: () => html`<p role="status">Chargement…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: () => this.renderList(),
        })}
        ${this.canEdit
          ? html`<form @submit=${this.add} novalidate>
              <div class="field">
                <label for="origin">Origine à autoriser</label>
                <input id="origin" name="origin" type="url" placeholder="https://www.ville.fr" autocomplete="off" spellcheck="false"
                  aria-invalid=${this.fieldError ? 'true' : 'false'} aria-describedby=${this.fieldError ? 'origin-error' : nothing} />
                ${this.fieldError ? html`<p class="field-error" id="origin-error">${this.fieldError}</p>` : ''}
              </div>
              <div class="actions"><button type="submit" ?disabled=${this.busy}>Ajouter l’origine</button></div>
            </form>`
          : ''}
      </section>
    `;
  }

  private renderList() {
    const origins = this.origins ?? [];
    if (!origins.length) return html`<p>Aucun site n’est autorisé : le portail ne fonctionne encore sur aucune page.</p>`;
    return html`<ul class="plain" aria-label="Origines autorisées">
      ${origins.map(
        (o) => html`<li>
          <code>${o.origin}</code>
          ${this.canEdit
            ? html`<button class="danger" type="button" ?disabled=${this.busy} aria-label=${`Retirer ${o.origin}`} @click=${() => this.withdraw(o)}>Retirer</button>`
            : ''}
        </li>`,
      )}
    </ul>`;
  }

  private async run(action: () => Promise<AllowedOrigin[]>, done: string) {
    this.error = '';
    this.saved = '';
    this.fieldError = '';
    this.busy = true;
    try {
      this.origins = await action();
      this.saved = done;
      this.dispatchEvent(new PortailSettingsChangedEvent('origins'));
      return true;
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fieldError = error.fields.origin ?? '';
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = String(new FormData(form).get('origin') ?? '').trim();
    if (!value) {
      this.fieldError = 'Indiquez une origine, par exemple https://www.ville.fr.';
      await this.updateComplete;
      form.querySelector<HTMLInputElement>('#origin')?.focus();
      return;
    }
    if (await this.run(() => addOrigin(value), 'Modifications enregistrées : origine ajoutée.')) form.reset();
    else {
      await this.updateComplete;
      form.querySelector<HTMLInputElement>('#origin')?.focus();
    }
  }

  private async withdraw(origin: AllowedOrigin) {
    await this.run(() => removeOrigin(origin.id), `Modifications enregistrées : ${origin.origin} retirée.`);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#origins-title')?.setAttribute('tabindex', '-1');
    this.renderRoot.querySelector<HTMLElement>('#origins-title')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-origins': PortailAdminOrigins;
  }
}
