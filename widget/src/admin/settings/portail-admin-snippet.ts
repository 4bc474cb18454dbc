import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { Task } from '@lit/task';
import { getSnippet, type IntegrationSnippet } from '../api/settings.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary The exact code the webmaster pastes into the town's pages: script tag pinned to the
 * current widget build with its SRI hash, this commune's key, and the elements.
 */
export class PortailAdminSnippet extends AdminElement {
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
        <h2 id="snippet-title">${msg('Code d’intégration')}</h2>
        ${this.renderTask(this.loadTask, msg('Chargement…'), (snippet) => this.renderSnippet(snippet))}
      </section>
    `;
  }

  private renderSnippet(snippet: IntegrationSnippet) {
    return html`
      ${snippet.html
        ? html`<p>${msg('Collez ce code dans les pages du site de la commune (le script une fois par page, puis les éléments là où ils doivent apparaître).')}</p>
            <pre id="snippet-code" tabindex="0" aria-label=${msg('Code d’intégration à copier')}><code>${snippet.html}</code></pre>
            <div class="actions">
              <button type="button" @click=${() => this.copy(snippet.html!)}>${msg('Copier le code')}</button>
              <span role="status">${this.copied}</span>
            </div>`
        : html`<p class="alert" role="alert">${msg('Aucune clé publique n’est active : créez-en une pour obtenir le code d’intégration.')}</p>`}
      <dl>
        <dt>${msg('Version du widget')}</dt>
        <dd>${snippet.version ?? msg('non versionné (le widget n’est pas encore construit)')}</dd>
        <dt>${msg('Empreinte SRI (integrity)')}</dt>
        <dd>
          ${snippet.integrity
            ? html`<code>${snippet.integrity}</code>`
            : msg('Indisponible : le widget n’est pas encore construit. Le code ci-dessus charge alors la dernière version, sans empreinte.')}
        </dd>
      </dl>
    `;
  }

  private async copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = msg('Code copié.');
    } catch {
      this.copied = msg('La copie automatique n’est pas possible : sélectionnez le code et copiez-le.');
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-snippet': PortailAdminSnippet;
  }
}
