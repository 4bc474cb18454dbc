import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDateTime } from '../../base/format.js';
import { getAudit, type AuditEntry } from '../api/settings.js';
import { AdminElement } from '../base/admin-element.js';

/** @summary "Historique des modifications": the latest audited changes of the commune. */
export class PortailAdminAudit extends AdminElement {
  /** Bumped by the page after each change so the list reloads. */
  @property({ type: Number }) revision = 0;

  private readonly loadTask = new Task(this, {
    task: ([, ], { signal }) => getAudit(signal),
    args: () => [this.revision] as const,
  });

  override render() {
    return html`
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">${msg('Historique des modifications')}</h2>
        ${this.renderTask(this.loadTask, msg('Chargement…'), (entries) => this.renderEntries(entries))}
      </section>
    `;
  }

  private renderEntries(entries: AuditEntry[]) {
    if (!entries.length) return html`<p>${msg('Aucune modification enregistrée.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption class="visually-hidden">${msg('Dernières modifications, de la plus récente à la plus ancienne')}</caption>
        <thead>
          <tr><th scope="col">${msg('Date')}</th><th scope="col">${msg('Modification')}</th><th scope="col">${msg('Détail')}</th><th scope="col">${msg('Par')}</th></tr>
        </thead>
        <tbody>
          ${entries.map((e) => html`<tr><td>${formatDateTime(e.at)}</td><td>${e.label}</td><td>${e.description}</td><td>${e.by}</td></tr>`)}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-audit': PortailAdminAudit;
  }
}
