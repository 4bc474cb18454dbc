import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { adminStyles } from './admin.styles.js';
import { getAudit } from './api/settings.js';
import { staffErrorText } from './base/error-text.js';
import { formatDateTime } from '../base/format.js';

/** @summary "Historique des modifications": the latest audited changes of the commune. */
export class PortailAdminAudit extends LitElement {
  static override styles = adminStyles;

  /** Bumped by the page after each change so the list reloads. */
  @property({ type: Number }) revision = 0;

  private readonly loadTask = new Task(this, {
    task: ([, ], { signal }) => getAudit(signal),
    args: () => [this.revision] as const,
  });

  override render() {
    return html`
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">Historique des modifications</h2>
        ${this.loadTask.render({
          pending: () => html`<p role="status">Chargement…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: (entries) =>
            entries.length
              ? html`<div class="table-wrap">
                  <table>
                    <caption class="visually-hidden">Dernières modifications, de la plus récente à la plus ancienne</caption>
                    <thead>
                      <tr><th scope="col">Date</th><th scope="col">Modification</th><th scope="col">Détail</th><th scope="col">Par</th></tr>
                    </thead>
                    <tbody>
                      ${entries.map(
                        (e) => html`<tr><td>${formatDateTime(e.at)}</td><td>${e.label}</td><td>${e.description}</td><td>${e.by}</td></tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
              : html`<p>Aucune modification enregistrée.</p>`,
        })}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-audit': PortailAdminAudit;
  }
}
