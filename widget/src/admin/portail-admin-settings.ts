import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { contrastRatio } from '../styles/tenant-theme.js';
import { adminStyles } from './admin.styles.js';
import { PortailApiError } from '../api/errors.js';
import { getSettings, removeLogo, saveSettings, setLogoUrl, type SettingsChange, type TenantSettings, uploadLogo } from './api/settings.js';
import { staffErrorText } from './base/error-text.js';
import { fileToBase64 } from './base/files.js';
import { PortailSettingsChangedEvent } from '../events/settings-changed.js';

const HEX = /^#[0-9a-f]{6}$/i;
const MAX_LOGO_BYTES = 2 * 1024 * 1024;
const SAVED = 'Modifications enregistrées.';

type Draft = Required<{ [K in keyof SettingsChange]: string }>;

const draftOf = (s: TenantSettings): Draft => ({
  name: s.name,
  primaryColor: s.primaryColor,
  primaryTextColor: s.primaryTextColor,
  infoMessage: s.infoMessage ?? '',
  infoDate: s.infoDate ?? '',
  contactEmail: s.contactEmail ?? '',
  portalUrl: s.portalUrl ?? '',
});

const ratioText = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2).replace('.', ',')}:1`;

/**
 * @summary The commune's settings: name, colours (with their contrast), information message,
 * contact, portal address, banner logo, and a live preview. Agents see them read-only.
 * @event portail-settings-changed - Settings or logo were saved.
 */
export class PortailAdminSettings extends LitElement {
  static override styles = adminStyles;

  /** Only admins may change the settings. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private settings?: TenantSettings;
  @state() private draft?: Draft;
  @state() private error = '';
  @state() private fields: Record<string, string> = {};
  @state() private saved = '';
  @state() private logoError = '';
  @state() private logoFields: Record<string, string> = {};
  @state() private logoSaved = '';
  @state() private busy = false;

  private readonly loadTask = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      const settings = await getSettings(signal);
      this.apply(settings);
      return settings;
    },
    args: () => [] as const,
  });

  private apply(settings: TenantSettings) {
    this.settings = settings;
    this.draft = draftOf(settings);
  }

  override render() {
    return this.loadTask.render({
      pending: () => html`<p role="status">Chargement des réglages…</p>`,
      error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
      complete: () => (this.draft && this.settings ? this.renderForms(this.draft, this.settings) : ''),
    });
  }

  private field(id: keyof Draft, label: string, input: TemplateResult, hint?: string) {
    const error = this.fields[id];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : ''} ${input}
      ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : ''}
    </div>`;
  }

  private describedBy(id: string, hint: boolean) {
    return [hint ? `${id}-hint` : '', this.fields[id] ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  private renderForms(draft: Draft, settings: TenantSettings) {
    const colorsValid = HEX.test(draft.primaryColor) && HEX.test(draft.primaryTextColor);
    const textRatio = colorsValid ? contrastRatio(draft.primaryColor, draft.primaryTextColor) : null;
    const uiRatio = HEX.test(draft.primaryColor) ? contrastRatio(draft.primaryColor, '#ffffff') : null;
    const input = (id: keyof Draft, type: string, extra: { hint?: boolean; autocomplete?: string; max?: number } = {}) =>
      html`<input id=${id} name=${id} type=${type} .value=${draft[id]} autocomplete=${extra.autocomplete ?? 'off'}
        maxlength=${extra.max ?? 2000} aria-invalid=${this.fields[id] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(id, extra.hint ?? false)} @input=${this.edit} />`;
    const logoUrl = settings.logo?.url ?? '';

    return html`
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Commune et bandeau</h2>
        ${this.canEdit ? '' : html`<p class="hint">Vous consultez ces réglages en lecture seule : seul un administrateur peut les modifier.</p>`}
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.saved}</div>
        <form @submit=${this.submit} novalidate>
          <fieldset ?disabled=${!this.canEdit || this.busy}>
            <legend>Identité et contact</legend>
            ${this.field('name', 'Nom de la commune', input('name', 'text', { max: 120, autocomplete: 'organization' }))}
            ${this.field('contactEmail', 'E-mail de contact affiché aux familles', input('contactEmail', 'email', { autocomplete: 'email' }))}
            ${this.field('portalUrl', 'Adresse de la page du portail sur le site de la commune', input('portalUrl', 'url', { hint: true }), 'Adresse https de la page qui contient <portail-login> ; elle sert à construire les liens de réinitialisation de mot de passe.')}
          </fieldset>
          <fieldset ?disabled=${!this.canEdit || this.busy}>
            <legend>Couleurs</legend>
            <div class="grid-2">
              ${this.field('primaryColor', 'Couleur principale', input('primaryColor', 'text', { hint: true, max: 7 }), 'Code hexadécimal, par exemple #1d4f91. Contraste d’au moins 4,5:1 avec le fond blanc.')}
              ${this.field('primaryTextColor', 'Couleur du texte sur la couleur principale', input('primaryTextColor', 'text', { hint: true, max: 7 }), 'Contraste d’au moins 4,5:1 avec la couleur principale.')}
            </div>
            <p class="hint" aria-live="polite">
              ${textRatio === null ? 'Saisissez deux codes de la forme #rrggbb pour calculer le contraste.' : `Contraste texte / couleur principale : ${ratioText(textRatio)} ${textRatio >= 4.5 ? '(conforme)' : '(insuffisant, minimum 4,5:1)'}.`}
              ${uiRatio === null ? '' : ` Couleur principale / fond blanc : ${ratioText(uiRatio)} ${uiRatio >= 4.5 ? '(conforme)' : '(insuffisant, minimum 4,5:1)'}.`}
            </p>
          </fieldset>
          <fieldset ?disabled=${!this.canEdit || this.busy}>
            <legend>Message d’information</legend>
            <div class="field">
              <label for="infoMessage">Message affiché en haut du portail</label>
              <p class="hint" id="infoMessage-hint">1000 caractères au plus (${draft.infoMessage.length} / 1000). Laissez vide pour ne rien afficher.</p>
              <textarea id="infoMessage" name="infoMessage" maxlength="1000" .value=${draft.infoMessage}
                aria-invalid=${this.fields.infoMessage ? 'true' : 'false'} aria-describedby=${this.describedBy('infoMessage', true)} @input=${this.edit}></textarea>
              ${this.fields.infoMessage ? html`<p class="field-error" id="infoMessage-error">${this.fields.infoMessage}</p>` : ''}
            </div>
            ${this.field('infoDate', 'Date du message', input('infoDate', 'date'))}
          </fieldset>
          ${this.canEdit ? html`<div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Enregistrer les réglages</button></div>` : ''}
        </form>
      </section>

      <section class="card" aria-labelledby="logo-title">
        <h2 id="logo-title">Logo du bandeau</h2>
        <p>${settings.logo
          ? settings.logo.kind === 'image'
            ? `Logo actuel : image ${settings.logo.mime === 'image/png' ? 'PNG' : 'JPEG'} de ${settings.logo.width} × ${settings.logo.height} pixels.`
            : `Logo actuel : image à l’adresse ${settings.logo.url}.`
          : 'Aucun logo pour le moment.'}</p>
        <div class="alert" role="alert">${this.logoError}</div>
        <div class="notice" role="status">${this.logoSaved}</div>
        ${this.canEdit
          ? html`
              <form @submit=${this.submitLogoFile} novalidate>
                <fieldset ?disabled=${this.busy}>
                  <legend>Téléverser une image</legend>
                  <div class="field">
                    <label for="logoFile">Fichier du logo</label>
                    <p class="hint" id="logoFile-hint">PNG ou JPEG, 2 Mo au plus, 1600 × 260 pixels au plus. Il est affiché au plus en 800 × 130 pixels.</p>
                    <input id="logoFile" name="logoFile" type="file" accept="image/png,image/jpeg" aria-describedby="logoFile-hint" />
                  </div>
                  <div class="actions"><button type="submit">Envoyer le logo</button></div>
                </fieldset>
              </form>
              <form @submit=${this.submitLogoUrl} novalidate>
                <fieldset ?disabled=${this.busy}>
                  <legend>Ou utiliser une image déjà en ligne</legend>
                  <div class="field">
                    <label for="logoUrl">Adresse https de l’image</label>
                    <input id="logoUrl" name="logoUrl" type="url" .value=${settings.logo?.kind === 'url' ? settings.logo.url : ''}
                      aria-invalid=${this.logoFields.url ? 'true' : 'false'} aria-describedby=${this.logoFields.url ? 'logoUrl-error' : nothing} />
                    ${this.logoFields.url ? html`<p class="field-error" id="logoUrl-error">${this.logoFields.url}</p>` : ''}
                  </div>
                  <div class="actions">
                    <button type="submit">Utiliser cette adresse</button>
                    ${settings.logo ? html`<button class="danger" type="button" @click=${this.deleteLogo}>Supprimer le logo</button>` : ''}
                  </div>
                </fieldset>
              </form>
            `
          : ''}
      </section>

      <section class="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Aperçu</h2>
        <p class="hint">L’aperçu suit les valeurs saisies, avant même de les enregistrer.</p>
        <portail-admin-preview
          .name=${draft.name}
          .logoUrl=${logoUrl}
          .primary=${draft.primaryColor}
          .primaryText=${draft.primaryTextColor}
          .infoMessage=${draft.infoMessage}
          .infoDate=${draft.infoDate}
        ></portail-admin-preview>
      </section>
    `;
  }

  private edit(event: InputEvent) {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement;
    this.draft = { ...this.draft!, [target.name]: target.value };
    this.saved = '';
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft!;
    const current = draftOf(this.settings!);
    const change: SettingsChange = {};
    for (const key of Object.keys(draft) as (keyof Draft)[]) {
      if (draft[key].trim() !== current[key]) change[key] = draft[key].trim();
    }
    this.error = '';
    this.saved = '';
    this.fields = {};
    if (!Object.keys(change).length) {
      this.saved = 'Aucune modification à enregistrer.';
      return;
    }
    this.busy = true;
    try {
      this.apply(await saveSettings(change));
      this.saved = SAVED;
      this.dispatchEvent(new PortailSettingsChangedEvent('settings'));
    } catch (error) {
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError) this.fields = { ...error.fields };
      await this.focusFirstInvalid();
    } finally {
      this.busy = false;
    }
  }

  private async focusFirstInvalid() {
    this.busy = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async logoAction(action: () => Promise<TenantSettings>) {
    this.logoError = '';
    this.logoSaved = '';
    this.logoFields = {};
    this.busy = true;
    try {
      this.settings = await action();
      this.logoSaved = SAVED;
      this.dispatchEvent(new PortailSettingsChangedEvent('logo'));
    } catch (error) {
      this.logoError = staffErrorText(error);
      if (error instanceof PortailApiError) this.logoFields = { ...error.fields };
    } finally {
      this.busy = false;
    }
  }

  private submitLogoFile(event: SubmitEvent) {
    event.preventDefault();
    const file = (this.renderRoot.querySelector<HTMLInputElement>('#logoFile')?.files ?? [])[0];
    if (!file) {
      this.logoError = 'Choisissez d’abord un fichier PNG ou JPEG.';
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      this.logoError = 'Le logo ne doit pas dépasser 2 Mo.';
      return;
    }
    void this.logoAction(async () => uploadLogo(await fileToBase64(file)));
  }

  private submitLogoUrl(event: SubmitEvent) {
    event.preventDefault();
    const url = this.renderRoot.querySelector<HTMLInputElement>('#logoUrl')?.value.trim() ?? '';
    if (!url) {
      this.logoFields = { url: 'Indiquez l’adresse https de l’image.' };
      return;
    }
    void this.logoAction(() => setLogoUrl(url));
  }

  private deleteLogo() {
    void this.logoAction(() => removeLogo());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-settings': PortailAdminSettings;
  }
}
