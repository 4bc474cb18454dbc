import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { PortailApiError } from '../../api/errors.js';
import { formatDateTime } from '../../base/format.js';
import { getPaymentSettings, savePaymentSettings, type Environment, type PaymentSettings, type PaymentSettingsInput, type Provider } from '../api/payments.js';
import { AdminElement } from '../base/admin-element.js';
import { describedBy, fieldError, textField } from '../base/fields.js';
import { PROVIDERS, providerLabel } from './payment-labels.js';
import { configFields, secretField, type ConfigField } from './provider-fields.js';

const ENVIRONMENTS: Record<Environment, () => string> = {
  sandbox: () => msg('Bac à sable de démonstration'),
  test: () => msg('Test'),
  production: () => msg('Production'),
};

/**
 * @summary "Paiement en ligne": the provider of the commune (PayFiP, TIPI, Systempay, Paybox or
 * none), its platform, the town page where payers come back, and the provider's identifiers.
 * The secret key is typed, never shown: the server only says whether one is stored. Admins only.
 */
export class PortailAdminPaymentSettings extends AdminElement {
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private settings?: PaymentSettings;
  @state() private provider: Provider = 'none';
  @state() private environment: Environment = 'test';
  @state() private returnUrl = '';
  @state() private config: Record<string, string> = {};
  /** The key typed in this visit; empty keeps the stored one. */
  @state() private secret = '';

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

  /** Whether the server already holds a key for the provider shown. */
  private get secretStored() {
    return !!this.settings?.secretSet && this.settings.provider === this.provider;
  }

  override render() {
    return html`<section class="card" aria-labelledby="payment-settings-title">
      <h2 id="payment-settings-title" tabindex="-1">${msg('Paiement en ligne')}</h2>
      <p class="hint">${msg('Le paiement se fait sur la page du prestataire : aucune donnée de carte ne passe par le portail.')}</p>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Vous consultez ce réglage en lecture seule : seul un administrateur peut le modifier.')}</p>`}
      ${this.renderMessages()} ${this.renderTask(this.loadTask, msg('Chargement du réglage…'), () => this.renderForm())}
    </section>`;
  }

  private renderForm() {
    const f = this.fields;
    const locked = this.busy || !this.canEdit;
    const environments = (Object.keys(ENVIRONMENTS) as Environment[]).filter(
      (value) => value !== 'sandbox' || this.settings?.sandboxAvailable || this.settings?.environment === 'sandbox',
    );
    return html`<form @submit=${this.submit} novalidate aria-labelledby="payment-settings-title">
      <fieldset ?disabled=${locked}>
        <legend>${msg('Prestataire')}</legend>
        <div class="grid-2">
          <div class="field">
            <label for="pay-provider">${msg('Prestataire de paiement')}</label>
            <select id="pay-provider" aria-invalid=${f.provider ? 'true' : 'false'} aria-describedby=${describedBy('pay-provider', false, !!f.provider)}
              @change=${(e: Event) => this.chooseProvider((e.target as HTMLSelectElement).value as Provider)}>
              ${PROVIDERS.map((value) => html`<option value=${value} ?selected=${this.provider === value}>${providerLabel(value)}</option>`)}
            </select>
            ${fieldError('pay-provider', f.provider)}
          </div>
          <div class="field">
            <label for="pay-environment">${msg('Environnement')}</label>
            <select id="pay-environment" aria-invalid=${f.environment ? 'true' : 'false'} aria-describedby=${describedBy('pay-environment', false, !!f.environment)}
              @change=${(e: Event) => (this.environment = (e.target as HTMLSelectElement).value as Environment)}>
              ${environments.map((value) => html`<option value=${value} ?selected=${this.environment === value}>${ENVIRONMENTS[value]()}</option>`)}
            </select>
            ${fieldError('pay-environment', f.environment)}
          </div>
        </div>
        ${textField({
          id: 'pay-return-url',
          label: msg('Page de retour'),
          type: 'url',
          inputmode: 'url',
          value: this.returnUrl,
          error: f.returnUrl,
          hint: msg('Adresse de la page du site de la commune qui contient <portail-factures>. Le payeur revient sur la page d’où il a payé ; celle-ci sert quand cette page n’est pas sur un site autorisé, et dans les e-mails de facture.'),
          onInput: (url) => (this.returnUrl = url),
        })}
      </fieldset>
      ${this.provider === 'none' ? html`<p>${msg('Aucun paiement en ligne n’est proposé aux familles.')}</p>` : this.renderProviderFields(this.provider, locked)}
      ${this.settings?.notificationUrl && this.settings.provider === this.provider
        ? html`<p class="hint">${msg('Adresse de notification à déclarer chez le prestataire si demandé :')} <code>${this.settings.notificationUrl}</code></p>`
        : ''}
      ${this.settings?.updatedAt ? html`<p class="hint">${msg(str`Dernière modification le ${formatDateTime(this.settings.updatedAt)}.`)}</p>` : ''}
      ${this.canEdit ? html`<div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer le paiement en ligne')}</button></div>` : ''}
    </form>`;
  }

  private renderProviderFields(provider: Exclude<Provider, 'none'>, locked: boolean) {
    const secret = secretField(provider);
    const fields = configFields(provider);
    const error = this.fields.secret;
    return html`<fieldset ?disabled=${locked}>
      <legend>${msg(str`Identifiants ${providerLabel(provider)}`)}</legend>
      <div class="grid-2">${fields.filter((c) => c.kind !== 'pem').map((c) => this.renderConfigField(c))}</div>
      ${fields.filter((c) => c.kind === 'pem').map((c) => this.renderConfigField(c))}
      ${secret
        ? html`<div class="field">
            <label for="pay-secret">${secret.label}</label>
            <p class="hint" id="pay-secret-hint">
              ${this.secretStored
                ? html`<span class="badge">${msg('Clé enregistrée')}</span> ${msg('Laisser vide pour conserver la clé enregistrée.')}`
                : msg('Aucune clé enregistrée : saisissez la clé fournie par le prestataire.')}
            </p>
            <input id="pay-secret" type="password" autocomplete="new-password" spellcheck="false" .value=${this.secret}
              aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy('pay-secret', true, !!error)}
              @input=${(e: Event) => (this.secret = (e.target as HTMLInputElement).value)} />
            ${fieldError('pay-secret', error)}
          </div>`
        : ''}
    </fieldset>`;
  }

  private renderConfigField(c: ConfigField) {
    const id = `pay-${c.key}`;
    const error = this.fields[c.key];
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
      for (const c of configFields(provider)) {
        const value = (this.config[c.key] ?? c.fallback ?? '').trim();
        if (c.pattern && !c.pattern.test(value)) fields[c.key] = c.message!;
        config[c.key] = value;
      }
      if (provider === 'paybox') config.hash = 'SHA512';
    }
    const returnUrl = this.returnUrl.trim();
    if (provider !== 'none' && !/^https?:\/\/\S+$/.test(returnUrl)) fields.returnUrl = msg('Indiquez l’adresse complète de la page, par exemple https://www.ville.fr/factures.');
    const secret = secretField(provider);
    if (secret && this.secret && !secret.pattern.test(this.secret)) fields.secret = secret.message;
    if (secret && !this.secret && !this.secretStored) fields.secret = msg('Saisissez la clé fournie par le prestataire.');
    this.fields = fields;
    if (Object.keys(fields).length) return null;
    return { provider, environment: this.environment, returnUrl, config, ...(secret && this.secret ? { secret: this.secret } : {}) };
  }

  /** The server names provider fields `config.<key>`; the form by their key. */
  protected override fieldsOf(error: PortailApiError): Record<string, string> {
    return Object.fromEntries(Object.entries(error.fields).map(([key, message]) => [key.replace(/^config\./, ''), message]));
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    return this.submitChecked(this.toInput(), async (input) => {
      this.adopt(await savePaymentSettings(input));
      this.fields = {};
      this.notice = input.provider === 'none' ? msg('Paiement en ligne désactivé.') : msg(str`Paiement en ligne enregistré : ${providerLabel(input.provider)}.`);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-payment-settings': PortailAdminPaymentSettings;
  }
}
