import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { adminStyles } from './admin.styles.js';
import { PortailApiError } from '../api/errors.js';
import { createKey, getKeys, type PublicKey, revokeKey } from './api/settings.js';
import { staffErrorText } from './base/error-text.js';
import { PortailSettingsChangedEvent } from '../events/settings-changed.js';
import { formatDateTime } from '../base/format.js';

/**
 * @summary Public keys of the commune: at most two active at once (rotation), revocation, and a
 * confirmation step before revoking the last active one.
 * @event portail-settings-changed - A key was created or revoked.
 */
export class PortailAdminKeys extends LitElement {
  static override styles = adminStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private keys?: PublicKey[];
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;
  /** The key whose revocation waits for "révoquer quand même". */
  @state() private confirming?: PublicKey;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.keys = await getKeys(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title" tabindex="-1">Clés publiques</h2>
        <p class="hint">La clé identifie la commune dans le code à coller sur le site ; elle n’est pas secrète. Pour en changer, créez une nouvelle clé, mettez le site à jour, puis révoquez l’ancienne. Deux clés au plus peuvent être actives.</p>
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.saved}</div>
        ${this.confirming
          ? html`<div class="actions">
              <button class="danger" type="button" @click=${() => this.revoke(this.confirming!, true)}>Révoquer quand même la dernière clé</button>
              <button type="button" @click=${this.cancel}>Annuler</button>
            </div>`
          : ''}
        ${this.loadTask.render({
          pending: () => html`<p role="status">Chargement…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: () => this.renderTable(),
        })}
        ${this.canEdit
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${this.create}>Créer une nouvelle clé</button></div>`
          : ''}
      </section>
    `;
  }

  private renderTable() {
    const keys = this.keys ?? [];
    return html`<div class="table-wrap">
      <table>
        <caption class="visually-hidden">Clés publiques de la commune</caption>
        <thead>
          <tr>
            <th scope="col">Clé</th>
            <th scope="col">Libellé</th>
            <th scope="col">Créée le</th>
            <th scope="col">État</th>
            ${this.canEdit ? html`<th scope="col"><span class="visually-hidden">Action</span></th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${keys.map(
            (k) => html`<tr>
              <td><code>${k.key}</code></td>
              <td>${k.label ?? ''}</td>
              <td>${formatDateTime(k.createdAt)}</td>
              <td>${k.active ? html`<span class="badge">Active</span>` : html`<span class="badge off">Révoquée le ${formatDateTime(k.revokedAt!)}</span>`}</td>
              ${this.canEdit
                ? html`<td>
                    ${k.active
                      ? html`<button class="danger" type="button" ?disabled=${this.busy} aria-label=${`Révoquer la clé ${k.key}`} @click=${() => this.revoke(k, false)}>Révoquer</button>`
                      : ''}
                  </td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async run(action: () => Promise<PublicKey[]>, done: string) {
    this.error = '';
    this.saved = '';
    this.busy = true;
    try {
      this.keys = await action();
      this.saved = done;
      this.confirming = undefined;
      this.dispatchEvent(new PortailSettingsChangedEvent('keys'));
    } catch (error) {
      this.error = staffErrorText(error);
      return error;
    } finally {
      this.busy = false;
    }
    return null;
  }

  private create() {
    void this.run(() => createKey(), 'Modifications enregistrées : nouvelle clé créée. Mettez à jour le code du site avec cette clé.');
  }

  private async revoke(key: PublicKey, confirmLast: boolean) {
    const error = await this.run(() => revokeKey(key.id, confirmLast), 'Modifications enregistrées : clé révoquée.');
    if (error instanceof PortailApiError && error.code === 'derniere_cle') this.confirming = key;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.confirming ? '.actions button.danger' : '#keys-title')?.focus();
  }

  private async cancel() {
    this.confirming = undefined;
    this.error = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#keys-title')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-keys': PortailAdminKeys;
  }
}
