import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { PortailApiError } from '../api/errors.js';
import { type Environment, getPaymentSettings, type PaymentSettings, type PaymentSettingsInput, type Provider, savePaymentSettings } from './api/payments.js';
import { staffErrorText } from './base/error-text.js';
import { PROVIDERS, providerLabel } from './payments/payment-labels.js';
import { describedBy, fieldError, focusFirstInvalid, textField } from './base/fields.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDateTime } from '../base/format.js';

const ENVIRONMENTS: [Environment, string][] = [
  ['sandbox', 'Bac à sable de démonstration'],
  ['test', 'Test'],
  ['production', 'Production'],
];

/** The public fields of each provider, with their French label and what the browser checks. */
interface ConfigField {
  key: string;
  label: string;
  hint?: string;
  kind: 'text' | 'select' | 'pem';
  options?: [string, string][];
  pattern?: RegExp;
  message?: string;
  fallback?: string;
}

const PAYFIP_SAISIE: [string, string][] = [
  ['T', 'T – test'],
  ['X', 'X – activation'],
  ['W', 'W – production'],
];

const TIPI_SAISIE: [string, string][] = [
  ['T', 'T – test'],
  ['X', 'X – activation'],
  ['A', 'A – production'],
];

const NUMCLI: ConfigField = {
  key: 'numcli',
  label: 'Numéro client (numcli)',
  hint: '6 chiffres fournis par la DGFiP. Le numéro d’une régie, s’il est renseigné, est prioritaire.',
  kind: 'text',
  pattern: /^\d{6}$/,
  message: 'Le numéro client compte exactement 6 chiffres.',
};

const CONFIG_FIELDS: Record<Exclude<Provider, 'none'>, ConfigField[]> = {
  payfip: [NUMCLI, { key: 'saisie', label: 'Mode de saisie', kind: 'select', options: PAYFIP_SAISIE, fallback: 'T' }],
  tipi: [NUMCLI, { key: 'saisie', label: 'Mode de saisie', kind: 'select', options: TIPI_SAISIE, fallback: 'T' }],
  systempay: [
    { key: 'siteId', label: 'Numéro de boutique', hint: '8 chiffres, dans le back-office Systempay.', kind: 'text', pattern: /^\d{8}$/, message: 'Le numéro de boutique compte exactement 8 chiffres.' },
    { key: 'algorithm', label: 'Algorithme de signature', kind: 'select', options: [['HMAC-SHA-256', 'HMAC-SHA-256'], ['SHA1', 'SHA-1 (ancien)']], fallback: 'HMAC-SHA-256' },
    { key: 'ctxMode', label: 'Mode', kind: 'select', options: [['TEST', 'TEST'], ['PRODUCTION', 'PRODUCTION']], fallback: 'TEST' },
  ],
  paybox: [
    { key: 'site', label: 'Numéro de site', hint: '7 chiffres.', kind: 'text', pattern: /^\d{7}$/, message: 'Le numéro de site compte exactement 7 chiffres.' },
    { key: 'rang', label: 'Rang', hint: '2 ou 3 chiffres.', kind: 'text', pattern: /^\d{2,3}$/, message: 'Le rang compte 2 ou 3 chiffres.' },
    { key: 'identifiant', label: 'Identifiant', hint: 'De 1 à 9 chiffres.', kind: 'text', pattern: /^\d{1,9}$/, message: 'L’identifiant compte de 1 à 9 chiffres.' },
    { key: 'publicKeyPem', label: 'Clé publique Paybox (PEM)', hint: 'Commence par « -----BEGIN PUBLIC KEY----- » ; elle sert à vérifier la signature des retours.', kind: 'pem', pattern: /-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, message: 'Collez la clé publique au format PEM, de « -----BEGIN PUBLIC KEY----- » à « -----END PUBLIC KEY----- ».' },
  ],
};

const SECRET_LABELS: Partial<Record<Provider, { label: string; pattern: RegExp; message: string }>> = {
  systempay: { label: 'Clé de la boutique', pattern: /^[A-Za-z0-9]{8,64}$/, message: 'La clé de la boutique (certificat du mode choisi) compte 8 à 64 lettres ou chiffres.' },
  paybox: { label: 'Clé HMAC', pattern: /^[0-9a-fA-F]{128}$/, message: 'La clé HMAC compte 128 caractères hexadécimaux.' },
};

/**
 * @summary "Paiement en ligne": the provider of the commune (PayFiP, TIPI, Systempay, Paybox or
 * none), its platform, the town page where payers come back, and the provider's identifiers.
 * The secret key is typed, never shown: the server only says whether one is stored. Admins only.
 */
export class PortailAdminPaymentSettings extends LitElement {
  static override styles = planningStyles;

  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private settings?: PaymentSettings;
  @state() private provider: Provider = 'none';
  @state() private environment: Environment = 'test';
  @state() private returnUrl = '';
  @state() private config: Record<string, string> = {};
  /** The key typed in this visit; empty keeps the stored one. */
  @state() private secret = '';
  @state() private fields: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      this.adopt(await getPaymentSettings(signal));
    },
    args: () => [] as const,
  });

  private adopt(settings: PaymentSettings) {
    this.settings = settings;
    this.provider = settings.provider;
    this.environment = settings.environment;
    this.returnUrl = settings.returnUrl ?? '';
    this.config = { ...settings.config };
    this.secret = '';
  }

  override render() {
    return html`<section class="card" aria-labelledby="payment-settings-title">
      <h2 id="payment-settings-title" tabindex="-1">Paiement en ligne</h2>
      <p class="hint">Le paiement se fait sur la page du prestataire : aucune donnée de carte ne passe par le portail.</p>
      ${this.canEdit ? '' : html`<p class="hint">Vous consultez ce réglage en lecture seule : seul un administrateur peut le modifier.</p>`}
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.saved}</div>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement du réglage…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: () => this.renderForm(),
      })}
    </section>`;
  }

  private renderForm() {
    const f = this.fields;
    const locked = this.busy || !this.canEdit;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="payment-settings-title">
      <fieldset ?disabled=${locked}>
        <legend>Prestataire</legend>
        <div class="grid-2">
          <div class="field">
            <label for="pay-provider">Prestataire de paiement</label>
            <select id="pay-provider" aria-invalid=${f.provider ? 'true' : 'false'} aria-describedby=${describedBy('pay-provider', false, !!f.provider)}
              @change=${(e: Event) => this.chooseProvider((e.target as HTMLSelectElement).value as Provider)}>
              ${PROVIDERS.map((value) => html`<option value=${value} ?selected=${this.provider === value}>${providerLabel(value)}</option>`)}
            </select>
            ${fieldError('pay-provider', f.provider)}
          </div>
          <div class="field">
            <label for="pay-environment">Environnement</label>
            <select id="pay-environment" aria-invalid=${f.environment ? 'true' : 'false'} aria-describedby=${describedBy('pay-environment', false, !!f.environment)}
              @change=${(e: Event) => (this.environment = (e.target as HTMLSelectElement).value as Environment)}>
              ${ENVIRONMENTS.filter(([value]) => value !== 'sandbox' || this.settings?.sandboxAvailable || this.settings?.environment === 'sandbox').map(
                ([value, label]) => html`<option value=${value} ?selected=${this.environment === value}>${label}</option>`,
              )}
            </select>
            ${fieldError('pay-environment', f.environment)}
          </div>
        </div>
        ${textField({ id: 'pay-return-url', label: 'Page de retour', type: 'url', inputmode: 'url', value: this.returnUrl, error: f.returnUrl, hint: 'Adresse de la page du site de la commune qui contient <portail-factures> : le payeur y revient après le paiement.', onInput: (url) => (this.returnUrl = url) })}
      </fieldset>
      ${this.provider === 'none' ? html`<p>Aucun paiement en ligne n’est proposé aux familles.</p>` : this.renderProviderFields(this.provider, locked)}
      ${this.settings?.notificationUrl && this.settings.provider === this.provider
        ? html`<p class="hint">Adresse de notification à déclarer chez le prestataire si demandé : <code>${this.settings.notificationUrl}</code></p>`
        : ''}
      ${this.settings?.updatedAt ? html`<p class="hint">Dernière modification le ${formatDateTime(this.settings.updatedAt)}.</p>` : ''}
      ${this.canEdit ? html`<div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>Enregistrer le paiement en ligne</button></div>` : ''}
    </form>`;
  }

  private renderProviderFields(provider: Exclude<Provider, 'none'>, locked: boolean) {
    const secret = SECRET_LABELS[provider];
    const f = this.fields;
    return html`<fieldset ?disabled=${locked}>
      <legend>Identifiants ${providerLabel(provider)}</legend>
      <div class="grid-2">
        ${CONFIG_FIELDS[provider].filter((c) => c.kind !== 'pem').map((c) => this.renderConfigField(c))}
      </div>
      ${CONFIG_FIELDS[provider].filter((c) => c.kind === 'pem').map((c) => this.renderConfigField(c))}
      ${secret
        ? html`<div class="field">
            <label for="pay-secret">${secret.label}</label>
            <p class="hint" id="pay-secret-hint">${this.settings?.secretSet && this.settings.provider === provider
              ? html`<span class="badge">Clé enregistrée</span> Laisser vide pour conserver la clé enregistrée.`
              : 'Aucune clé enregistrée : saisissez la clé fournie par le prestataire.'}</p>
            <input id="pay-secret" type="password" autocomplete="new-password" spellcheck="false" .value=${this.secret}
              aria-invalid=${f.secret ? 'true' : 'false'} aria-describedby=${describedBy('pay-secret', true, !!f.secret)}
              @input=${(e: Event) => (this.secret = (e.target as HTMLInputElement).value)} />
            ${fieldError('pay-secret', f.secret)}
          </div>`
        : ''}
    </fieldset>`;
  }

  private renderConfigField(c: ConfigField) {
    const id = `pay-${c.key}`;
    const error = this.fields[c.key] ?? this.fields[`config.${c.key}`];
    const value = this.config[c.key] ?? c.fallback ?? '';
    const set = (v: string) => (this.config = { ...this.config, [c.key]: v });
    if (c.kind === 'select') {
      return html`<div class="field">
        <label for=${id}>${c.label}</label>
        <select id=${id} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, false, !!error)} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
          ${c.options!.map(([v, label]) => html`<option value=${v} ?selected=${value === v}>${label}</option>`)}
        </select>
        ${fieldError(id, error)}
      </div>`;
    }
    if (c.kind === 'pem') {
      return html`<div class="field">
        <label for=${id}>${c.label}</label>
        ${c.hint ? html`<p class="hint" id=${`${id}-hint`}>${c.hint}</p>` : ''}
        <textarea id=${id} spellcheck="false" rows="6" .value=${value} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, !!c.hint, !!error)}
          @input=${(e: Event) => set((e.target as HTMLTextAreaElement).value)}></textarea>
        ${fieldError(id, error)}
      </div>`;
    }
    return textField({ id, label: c.label, value, error, hint: c.hint, inputmode: 'numeric', onInput: set });
  }

  private chooseProvider(provider: Provider) {
    this.provider = provider;
    this.secret = '';
    this.fields = {};
  }

  /** The chosen provider's fields only, each select at its shown value; checked in French before sending. */
  private toInput(): PaymentSettingsInput | null {
    const fields: Record<string, string> = {};
    const provider = this.provider;
    const config: Record<string, string> = {};
    if (provider !== 'none') {
      for (const c of CONFIG_FIELDS[provider]) {
        const value = (this.config[c.key] ?? c.fallback ?? '').trim();
        if (c.pattern && !c.pattern.test(value)) fields[c.key] = c.message!;
        config[c.key] = value;
      }
      if (provider === 'paybox') config.hash = 'SHA512';
    }
    const returnUrl = this.returnUrl.trim();
    if (provider !== 'none' && !/^https?:\/\/\S+$/.test(returnUrl)) fields.returnUrl = 'Indiquez l’adresse complète de la page, par exemple https://www.ville.fr/factures.';
    const secret = SECRET_LABELS[provider];
    const stored = this.settings?.secretSet && this.settings.provider === provider;
    if (secret && this.secret && !secret.pattern.test(this.secret)) fields.secret = secret.message;
    if (secret && !this.secret && !stored) fields.secret = 'Saisissez la clé fournie par le prestataire.';
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { provider, environment: this.environment, returnUrl, config, ...(secret && this.secret ? { secret: this.secret } : {}) };
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    this.error = '';
    this.saved = '';
    const input = this.toInput();
    if (!input) {
      this.error = 'Certaines informations sont manquantes ou invalides.';
      return focusFirstInvalid(this);
    }
    this.busy = true;
    try {
      this.adopt(await savePaymentSettings(input));
      this.fields = {};
      this.saved = input.provider === 'none' ? 'Paiement en ligne désactivé.' : `Paiement en ligne enregistré : ${providerLabel(input.provider)}.`;
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) {
        this.fields = Object.fromEntries(Object.entries(error.fields).map(([key, message]) => [key.replace(/^config\./, ''), message]));
      }
      this.busy = false;
      await focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-payment-settings': PortailAdminPaymentSettings;
  }
}
