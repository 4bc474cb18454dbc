import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { PortailSettingsChangedEvent } from '../../events/settings-changed.js';
import { formatDateTime } from '../../base/format.js';
import { createKey, getKeys, revokeKey, type PublicKey } from '../api/settings.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary Public keys of the commune: at most two active at once (rotation), revocation, and a
 * confirmation step before revoking the last active one.
 * @event portail-settings-changed - A key was created or revoked.
 */
export class PortailAdminKeys extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private keys?: PublicKey[];
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
        <h2 id="keys-title" tabindex="-1">${msg('Clés publiques')}</h2>
        <p class="hint">${msg('La clé identifie la commune dans le code à coller sur le site ; elle n’est pas secrète. Pour en changer, créez une nouvelle clé, mettez le site à jour, puis révoquez l’ancienne. Deux clés au plus peuvent être actives.')}</p>
        ${this.renderMessages()}
        ${this.confirming
          ? html`<div class="actions">
              <button class="danger" type="button" @click=${() => this.revoke(this.confirming!, true)}>${msg('Révoquer quand même la dernière clé')}</button>
              <button type="button" @click=${this.cancel}>${msg('Annuler')}</button>
            </div>`
          : ''}
        ${this.renderTask(this.loadTask, msg('Chargement…'), () => this.renderTable())}
        ${this.canEdit
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${this.create}>${msg('Créer une nouvelle clé')}</button></div>`
          : ''}
      </section>
    `;
  }

  private renderTable() {
    return html`<div class="table-wrap">
      <table>
        <caption class="visually-hidden">${msg('Clés publiques de la commune')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Clé')}</th>
            <th scope="col">${msg('Libellé')}</th>
            <th scope="col">${msg('Créée le')}</th>
            <th scope="col">${msg('État')}</th>
            ${this.canEdit ? html`<th scope="col"><span class="visually-hidden">${msg('Action')}</span></th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${(this.keys ?? []).map(
            (k) => html`<tr>
              <td><code>${k.key}</code></td>
              <td>${k.label ?? ''}</td>
              <td>${formatDateTime(k.createdAt)}</td>
              <td>${k.active ? html`<span class="badge">${msg('Active')}</span>` : html`<span class="badge off">${msg(str`Révoquée le ${formatDateTime(k.revokedAt!)}`)}</span>`}</td>
              ${this.canEdit
                ? html`<td>
                    ${k.active
                      ? html`<button class="danger" type="button" ?disabled=${this.busy} aria-label=${msg(str`Révoquer la clé ${k.key}`)} @click=${() => this.revoke(k, false)}>${msg('Révoquer')}</button>`
                      : ''}
                  </td>`
                : ''}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private change(action: () => Promise<PublicKey[]>, done: string) {
    return this.run(async () => {
      this.keys = await action();
      this.confirming = undefined;
      this.dispatchEvent(new PortailSettingsChangedEvent('keys'));
    }, done);
  }

  private create() {
    void this.change(() => createKey(), msg('Modifications enregistrées : nouvelle clé créée. Mettez à jour le code du site avec cette clé.'));
  }

  private async revoke(key: PublicKey, confirmLast: boolean) {
    await this.change(async () => {
      try {
        return await revokeKey(key.id, confirmLast);
      } catch (error) {
        // The server wants an explicit confirmation before the commune is left without a key.
        if (error instanceof PortailApiError && error.code === 'derniere_cle') this.confirming = key;
        throw error;
      }
    }, msg('Modifications enregistrées : clé révoquée.'));
    await this.focusOn(this.confirming ? '.actions button.danger' : '#keys-title');
  }

  private async cancel() {
    this.confirming = undefined;
    this.error = '';
    await this.focusOn('#keys-title');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-keys': PortailAdminKeys;
  }
}
