import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { adminStyles } from './admin.styles.js';
import { getSnippet } from './api/settings.js';
import { staffErrorText } from './base/error-text.js';

/**
 * @summary The exact code the webmaster pastes into the town's pages: script tag pinned to the
 * current widget build with its SRI hash, this commune's key, and the elements.
 */
export class PortailAdminSnippet extends LitElement {
  static override styles = adminStyles;

  /** Bumped by the page after a change that affects the snippet (a new key). */
  @property({ type: Number }) revision = 0;

  @state() private copied = '';

  private readonly loadTask = new Task(this, {
    task: ([, ], { signal }) => getSnippet(signal),
    args: () => [this.revision] as const,
  });

  override render() {
    return html`
      <section class="card" aria-labelledby="snippet-title">
        <h2 id="snippet-title">Code d’intégration</h2>
        ${this.loadTask.render({
          pending: () => html`<p role="status">Chargement…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: (snippet) => html`
            ${snippet.html
              ? html`<p>Collez ce code dans les pages du site de la commune (le script une fois par page, puis les éléments là où ils doivent apparaître).</p>
                  <pre id="snippet-code" tabindex="0" aria-label="Code d’intégration à copier"><code>${snippet.html}</code></pre>
                  <div class="actions">
                    <button type="button" @click=${() => this.copy(snippet.html!)}>Copier le code</button>
                    <span role="status">${this.copied}</span>
                  </div>`
              : html`<p class="alert" role="alert">Aucune clé publique n’est active : créez-en une pour obtenir le code d’intégration.</p>`}
            <dl>
              <dt>Version du widget</dt>
              <dd>${snippet.version ?? 'non versionné (le widget n’est pas encore construit)'}</dd>
              <dt>Empreinte SRI (integrity)</dt>
              <dd>
                ${snippet.integrity
                  ? html`<code>${snippet.integrity}</code>`
                  : 'Indisponible : le widget n’est pas encore construit. Le code ci-dessus charge alors la dernière version, sans empreinte.'}
              </dd>
            </dl>
          `,
        })}
      </section>
    `;
  }

  private async copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = 'Code copié.';
    } catch {
      this.copied = 'La copie automatique n’est pas possible : sélectionnez le code et copiez-le.';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-snippet': PortailAdminSnippet;
  }
}
