import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { msg } from '@lit/localize';
import { apiClientFor, type ApiClient } from '../api/client.js';
import { getConfig, type TenantConfig } from '../api/config.js';
import { PortailApiError } from '../api/errors.js';
import { readScriptConfig } from '../config.js';
import { SessionController } from '../session/session-controller.js';
import type { SessionChangeReason, SessionState } from '../session/session-store.js';
import { adoptTenantTheme } from '../styles/tenant-theme.js';
import { baseStyles } from '../styles/base.styles.js';
import { guardFocusColour } from '../styles/focus-guard.js';
import { applyLocale } from './localization.js';

/** Refusals of GET /config meaning this page cannot use the portal at all (ADR 3). */
const UNAVAILABLE = new Set(['origine_refusee', 'cle_inconnue', 'cle_revoquee']);
const told = new Set<string>();

/** Tells the webmaster, once per page and key, why the portal refuses this page and where to fix it. */
function tellWebmaster(client: ApiClient, error: unknown): void {
  if (!(error instanceof PortailApiError) || !UNAVAILABLE.has(error.code) || told.has(client.key)) return;
  told.add(client.key);
  const settings = `${client.apiBase}/admin`;
  const origin = location.origin;
  if (error.code === 'origine_refusee') {
    console.error(
      `Portail Famille : ce site (${origin}) n’est pas autorisé à utiliser ce portail. ` +
        `Ajoutez l’origine « ${origin} » dans la page de paramètres du portail (${settings}) : Paramètres → Sites autorisés.`,
    );
  } else {
    const why = error.code === 'cle_revoquee' ? 'a été révoquée' : 'est inconnue';
    console.error(
      `Portail Famille : la clé publique « ${client.publicKey} » ${why}. ` +
        `Recopiez le code d’intégration depuis la page de paramètres du portail (${settings}) : Paramètres → Code d’intégration.`,
    );
  }
}

/** An element's main heading, where `focusHeading()` moves the focus. */
export const mainHeading = (text: string) => html`<h2 tabindex="-1" data-focus-target>${text}</h2>`;

/**
 * What every parent element shares: where the API is, the shared session, the tenant
 * configuration (and its colours), and the page language.
 */
export class PortailElement extends LitElement {
  static override styles = [baseStyles];

  /** API origin; defaults to `data-portail-api` on the script tag, then the script's origin. */
  @property({ attribute: 'api-base' }) apiBase?: string;

  /** Public key `pk_…`; defaults to `data-portail-key` on the script tag. */
  @property({ attribute: 'public-key' }) publicKey?: string;

  /** Address of the town page holding `<portail-aide>`; defaults to `data-portail-aide` on the script tag. */
  @property({ attribute: 'aide-href' }) aideHref?: string;

  protected client?: ApiClient;

  protected readonly session = new SessionController(this, (state, reason) =>
    this.sessionChanged(state, reason),
  );

  protected readonly configTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined]): Promise<TenantConfig | undefined> => {
      if (!client) return undefined;
      let config: TenantConfig;
      try {
        config = await getConfig(client);
      } catch (error) {
        tellWebmaster(client, error);
        throw error;
      }
      if (this.shadowRoot) adoptTenantTheme(this.shadowRoot, config.colors);
      guardFocusColour(this);
      return config;
    },
    args: () => [this.client] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    applyLocale(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.client || changed.has('apiBase') || changed.has('publicKey')) {
      const fromScript = readScriptConfig();
      const publicKey = this.publicKey ?? fromScript?.publicKey;
      const apiBase = (this.apiBase ?? fromScript?.apiBase ?? location.origin).replace(/\/+$/, '');
      this.client = publicKey ? apiClientFor(apiBase, publicKey) : undefined;
      this.session.store = this.client?.session;
      if (!publicKey) {
        console.error(
          `Portail Famille : clé publique introuvable pour <${this.localName}>. ` +
            'Ajoutez data-portail-key="pk_…" sur la balise script du portail.',
        );
      }
    }
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    guardFocusColour(this);
  }

  /** Called when the shared session changes, whichever element changed it. */
  protected sessionChanged(_state: SessionState | null, _reason: SessionChangeReason): void {}

  /** The "Aide et contact" link, shown when the page names where help is (`aide-href` or the script's `data-portail-aide`). */
  protected helpLink() {
    const href = this.aideHref ?? readScriptConfig()?.helpHref;
    return href
      ? html`<p class="help-link" part="help-link"><a href=${href}>${msg('Aide et contact')}</a></p>`
      : nothing;
  }

  /**
   * True when the element cannot show anything useful: no key on the page, or the portal refuses
   * this page (origin not allowed, key unknown or revoked).
   */
  protected get blocked(): boolean {
    if (!this.client) return true;
    const { status, error } = this.configTask;
    return status === TaskStatus.ERROR && error instanceof PortailApiError && UNAVAILABLE.has(error.code);
  }

  /** What a blocked element shows parents; the webmaster's explanation is in the console. */
  protected renderBlocked() {
    if (!this.client) return this.renderMissingKey();
    return html`<p class="alert" role="alert">${msg('Le portail n’est pas disponible sur cette page.')}</p>`;
  }

  protected renderMissingKey() {
    return html`<p class="alert" role="alert">
      ${msg('Le portail famille n’est pas correctement installé sur cette page (clé publique manquante).')}
    </p>`;
  }

  /** Moves focus to the element's main heading once the next render is done. */
  protected async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-focus-target]')?.focus();
  }
}
