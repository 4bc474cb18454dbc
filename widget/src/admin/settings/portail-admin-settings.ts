import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { PortailSettingsChangedEvent } from '../../events/settings-changed.js';
import { contrastRatio } from '../../styles/tenant-theme.js';
import { getSettings, removeLogo, saveSettings, setLogoUrl, uploadLogo, type SettingsChange, type TenantSettings } from '../api/settings.js';
import { AdminElement } from '../base/admin-element.js';
import { staffErrorText } from '../base/error-text.js';
import { textField } from '../base/fields.js';
import { fileToBase64 } from '../base/files.js';

const HEX = /^#[0-9a-f]{6}$/i;
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

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

/** "4,62:1 (conforme)": a contrast ratio and whether it reaches WCAG AA. */
const ratioVerdict = (ratio: number) => `${ratioText(ratio)} ${ratio >= 4.5 ? msg('(conforme)') : msg('(insuffisant, minimum 4,5:1)')}`;

/**
 * @summary The commune's settings: name, colours (with their contrast), information message,
 * contact, portal address, banner logo, and a live preview. Agents see them read-only.
 * @event portail-settings-changed - Settings or logo were saved.
 */
export class PortailAdminSettings extends AdminElement {
  /** Only admins may change the settings. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private settings?: TenantSettings;
  @state() private draft?: Draft;
  /** The logo form speaks in its own regions, next to it. */
  @state() private logoError = '';
  @state() private logoFields: Record<string, string> = {};
  @state() private logoNotice = '';

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
    return this.renderTask(this.loadTask, msg('Chargement des réglages…'), () =>
      this.draft && this.settings ? html`${this.renderSettings(this.draft)} ${this.renderLogo(this.settings)} ${this.renderPreview(this.draft, this.settings)}` : '',
    );
  }

  private field(id: keyof Draft, label: string, options: { type?: 'text' | 'email' | 'url' | 'date'; hint?: string; autocomplete?: string; max?: number } = {}) {
    return textField({
      id,
      label,
      value: this.draft![id],
      error: this.fields[id],
      hint: options.hint,
      type: options.type,
      autocomplete: options.autocomplete,
      maxlength: options.max ?? 2000,
      onInput: (value) => this.edit(id, value),
    });
  }

  private renderSettings(draft: Draft) {
    const colorsValid = HEX.test(draft.primaryColor) && HEX.test(draft.primaryTextColor);
    const textRatio = colorsValid ? contrastRatio(draft.primaryColor, draft.primaryTextColor) : null;
    const uiRatio = HEX.test(draft.primaryColor) ? contrastRatio(draft.primaryColor, '#ffffff') : null;
    const locked = !this.canEdit || this.busy;
    return html`<section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title">${msg('Commune et bandeau')}</h2>
      ${this.canEdit ? '' : html`<p class="hint">${msg('Vous consultez ces réglages en lecture seule : seul un administrateur peut les modifier.')}</p>`}
      ${this.renderMessages()}
      <form @submit=${this.submit} novalidate>
        <fieldset ?disabled=${locked}>
          <legend>${msg('Identité et contact')}</legend>
          ${this.field('name', msg('Nom de la commune'), { max: 120, autocomplete: 'organization' })}
          ${this.field('contactEmail', msg('E-mail de contact affiché aux familles'), { type: 'email', autocomplete: 'email' })}
          ${this.field('portalUrl', msg('Adresse de la page du portail sur le site de la commune'), {
            type: 'url',
            hint: msg('Adresse https de la page qui contient <portail-login> ; elle sert à construire les liens de réinitialisation de mot de passe.'),
          })}
        </fieldset>
        <fieldset ?disabled=${locked}>
          <legend>${msg('Couleurs')}</legend>
          <div class="grid-2">
            ${this.field('primaryColor', msg('Couleur principale'), { max: 7, hint: msg('Code hexadécimal, par exemple #1d4f91. Contraste d’au moins 4,5:1 avec le fond blanc.') })}
            ${this.field('primaryTextColor', msg('Couleur du texte sur la couleur principale'), { max: 7, hint: msg('Contraste d’au moins 4,5:1 avec la couleur principale.') })}
          </div>
          <p class="hint" aria-live="polite">
            ${textRatio === null
              ? msg('Saisissez deux codes de la forme #rrggbb pour calculer le contraste.')
              : msg(str`Contraste texte / couleur principale : ${ratioVerdict(textRatio)}.`)}
            ${uiRatio === null ? '' : ` ${msg(str`Couleur principale / fond blanc : ${ratioVerdict(uiRatio)}.`)}`}
          </p>
        </fieldset>
        <fieldset ?disabled=${locked}>
          <legend>${msg('Message d’information')}</legend>
          <div class="field">
            <label for="infoMessage">${msg('Message affiché en haut du portail')}</label>
            <p class="hint" id="infoMessage-hint">${msg(str`1000 caractères au plus (${draft.infoMessage.length} / 1000). Laissez vide pour ne rien afficher.`)}</p>
            <textarea id="infoMessage" name="infoMessage" maxlength="1000" .value=${draft.infoMessage}
              aria-invalid=${this.fields.infoMessage ? 'true' : 'false'}
              aria-describedby=${this.fields.infoMessage ? 'infoMessage-hint infoMessage-error' : 'infoMessage-hint'}
              @input=${(e: Event) => this.edit('infoMessage', (e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.fields.infoMessage ? html`<p class="field-error" id="infoMessage-error">${this.fields.infoMessage}</p>` : ''}
          </div>
          ${this.field('infoDate', msg('Date du message'), { type: 'date' })}
        </fieldset>
        ${this.canEdit ? html`<div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${msg('Enregistrer les réglages')}</button></div>` : ''}
      </form>
    </section>`;
  }

  private renderLogo(settings: TenantSettings) {
    const logo = settings.logo;
    const urlError = this.logoFields.url;
    return html`<section class="card" aria-labelledby="logo-title">
      <h2 id="logo-title">${msg('Logo du bandeau')}</h2>
      <p>${logo
        ? logo.kind === 'image'
          ? msg(str`Logo actuel : image ${logo.mime === 'image/png' ? 'PNG' : 'JPEG'} de ${logo.width} × ${logo.height} pixels.`)
          : msg(str`Logo actuel : image à l’adresse ${logo.url}.`)
        : msg('Aucun logo pour le moment.')}</p>
      <div class="alert" role="alert">${this.logoError}</div>
      <div class="notice" role="status">${this.logoNotice}</div>
      ${this.canEdit
        ? html`
            <form @submit=${this.submitLogoFile} novalidate>
              <fieldset ?disabled=${this.busy}>
                <legend>${msg('Téléverser une image')}</legend>
                <div class="field">
                  <label for="logoFile">${msg('Fichier du logo')}</label>
                  <p class="hint" id="logoFile-hint">${msg('PNG ou JPEG, 2 Mo au plus, 1600 × 260 pixels au plus. Il est affiché au plus en 800 × 130 pixels.')}</p>
                  <input id="logoFile" name="logoFile" type="file" accept="image/png,image/jpeg" aria-describedby="logoFile-hint" />
                </div>
                <div class="actions"><button type="submit">${msg('Envoyer le logo')}</button></div>
              </fieldset>
            </form>
            <form @submit=${this.submitLogoUrl} novalidate>
              <fieldset ?disabled=${this.busy}>
                <legend>${msg('Ou utiliser une image déjà en ligne')}</legend>
                <div class="field">
                  <label for="logoUrl">${msg('Adresse https de l’image')}</label>
                  <input id="logoUrl" name="logoUrl" type="url" .value=${logo?.kind === 'url' ? logo.url : ''}
                    aria-invalid=${urlError ? 'true' : 'false'} aria-describedby=${urlError ? 'logoUrl-error' : nothing} />
                  ${urlError ? html`<p class="field-error" id="logoUrl-error">${urlError}</p>` : ''}
                </div>
                <div class="actions">
                  <button type="submit">${msg('Utiliser cette adresse')}</button>
                  ${logo ? html`<button class="danger" type="button" @click=${this.deleteLogo}>${msg('Supprimer le logo')}</button>` : ''}
                </div>
              </fieldset>
            </form>
          `
        : ''}
    </section>`;
  }

  private renderPreview(draft: Draft, settings: TenantSettings) {
    return html`<section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">${msg('Aperçu')}</h2>
      <p class="hint">${msg('L’aperçu suit les valeurs saisies, avant même de les enregistrer.')}</p>
      <portail-admin-preview
        .name=${draft.name}
        .logoUrl=${settings.logo?.url ?? ''}
        .primary=${draft.primaryColor}
        .primaryText=${draft.primaryTextColor}
        .infoMessage=${draft.infoMessage}
        .infoDate=${draft.infoDate}
      ></portail-admin-preview>
    </section>`;
  }

  private edit(id: keyof Draft, value: string) {
    this.draft = { ...this.draft!, [id]: value };
    this.notice = '';
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft!;
    const current = draftOf(this.settings!);
    const change: SettingsChange = {};
    for (const key of Object.keys(draft) as (keyof Draft)[]) {
      if (draft[key].trim() !== current[key]) change[key] = draft[key].trim();
    }
    this.fields = {};
    if (!Object.keys(change).length) {
      this.error = '';
      this.notice = msg('Aucune modification à enregistrer.');
      return;
    }
    await this.submitChecked(change, async (input) => {
      this.apply(await saveSettings(input));
      this.notice = msg('Modifications enregistrées.');
      this.dispatchEvent(new PortailSettingsChangedEvent('settings'));
    });
  }

  private async logoAction(action: () => Promise<TenantSettings>) {
    this.logoError = '';
    this.logoNotice = '';
    this.logoFields = {};
    this.busy = true;
    try {
      this.settings = await action();
      this.logoNotice = msg('Modifications enregistrées.');
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
      this.logoError = msg('Choisissez d’abord un fichier PNG ou JPEG.');
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      this.logoError = msg('Le logo ne doit pas dépasser 2 Mo.');
      return;
    }
    void this.logoAction(async () => uploadLogo(await fileToBase64(file)));
  }

  private submitLogoUrl(event: SubmitEvent) {
    event.preventDefault();
    const url = this.renderRoot.querySelector<HTMLInputElement>('#logoUrl')?.value.trim() ?? '';
    if (!url) {
      this.logoFields = { url: msg('Indiquez l’adresse https de l’image.') };
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
