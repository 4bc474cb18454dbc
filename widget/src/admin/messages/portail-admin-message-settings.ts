import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { Task } from '@lit/task';
import { helpParagraphs } from '../../base/help-text.js';
import { getMessageSettings, saveMessageSettings, type MessageSettings, type MessageSettingsAnswer } from '../api/messages.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';

type TextName = 'serviceName' | 'address' | 'openingHours' | 'phone' | 'email' | 'infoMessage' | 'helpText' | 'messagesPageUrl';

/**
 * @summary The commune's contact and help as `<portail-aide>` shows them (service, address,
 * opening hours, phone, e-mail, information message, help text), the subjects parents choose
 * from, how the e-mails read ("notification sans contenu") and how long messages are kept.
 */
export class PortailAdminMessageSettings extends AdminElement {
  static override styles = adminStyles;

  /** Admins change the settings; agents read them. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private settings?: MessageSettingsAnswer;

  private readonly loadTask = new Task(this, {
    task: async (_: readonly [], { signal }) => {
      this.settings = await getMessageSettings(signal);
    },
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="message-settings-title">
      <h2 id="message-settings-title" tabindex="-1">${msg('Contact, aide et réglages des messages')}</h2>
      ${this.renderMessages()}
      ${this.renderTask(this.loadTask, msg('Chargement des réglages…'), () => (this.settings ? this.renderForm(this.settings) : nothing))}
    </section>`;
  }

  private text(name: TextName, label: string, value: string | null, options: { area?: boolean; hint?: string; type?: string } = {}) {
    const id = `ms-${name}`;
    const error = this.fields[name];
    const described = [options.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : nothing}
      ${options.area
        ? html`<textarea id=${id} name=${name} rows=${name === 'helpText' ? 8 : 3} .value=${value ?? ''} ?disabled=${!this.canEdit} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described}></textarea>`
        : html`<input id=${id} name=${name} type=${options.type ?? 'text'} autocomplete="off" .value=${value ?? ''} ?disabled=${!this.canEdit} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described} />`}
      ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}
    </div>`;
  }

  private renderForm(s: MessageSettingsAnswer) {
    const retentionError = this.fields.retentionMonths;
    const topicsError = this.fields.topics;
    return html`<form novalidate @submit=${this.save}>
        <fieldset ?disabled=${!this.canEdit}>
          <legend>${msg('Contact du service (page « Aide et contact »)')}</legend>
          ${this.text('serviceName', msg('Nom du service'), s.serviceName)}
          ${this.text('address', msg('Adresse'), s.address, { area: true })}
          ${this.text('openingHours', msg('Horaires d’ouverture'), s.openingHours, { area: true })}
          <div class="grid-2">
            ${this.text('phone', msg('Téléphone'), s.phone, { type: 'tel' })} ${this.text('email', msg('E-mail'), s.email, { type: 'email' })}
          </div>
          ${this.text('infoMessage', msg('Message d’information'), s.infoMessage, { area: true })}
          ${this.text('helpText', msg('Texte d’aide'), s.helpText, {
            area: true,
            hint: msg('Texte simple : une ligne vide sépare deux paragraphes, les adresses en https:// deviennent des liens.'),
          })}
        </fieldset>
        ${s.help.length ? html`<div class="description" aria-label=${msg('Aperçu du texte d’aide enregistré')} role="region">${helpParagraphs(s.help)}</div>` : nothing}
        <fieldset ?disabled=${!this.canEdit}>
          <legend>${msg('Messages des familles')}</legend>
          <div class="field">
            <label for="ms-topics">${msg('Sujets proposés aux familles (un par ligne)')}</label>
            <textarea id="ms-topics" name="topics" rows="5" .value=${s.topics.join('\n')} aria-invalid=${topicsError ? 'true' : 'false'} aria-describedby=${topicsError ? 'ms-topics-error' : nothing}></textarea>
            ${topicsError ? html`<p class="field-error" id="ms-topics-error">${topicsError}</p>` : nothing}
          </div>
          <fieldset>
            <legend>${msg('Contenu des e-mails de nouveau message')}</legend>
            <label class="check"><input type="radio" name="mailContent" value="full" .checked=${s.mailContent === 'full'} /> ${msg('Le texte du message et le lien')}</label>
            <label class="check"><input type="radio" name="mailContent" value="notice" .checked=${s.mailContent === 'notice'} /> ${msg('Notification sans contenu : seulement le lien vers l’espace famille')}</label>
          </fieldset>
          ${this.text('messagesPageUrl', msg('Adresse de la page « Messages » du site de la commune'), s.messagesPageUrl, {
            type: 'url',
            hint: msg('Page qui contient <portail-messages> ; les e-mails y renvoient. Vide : l’adresse du portail.'),
          })}
          <div class="field">
            <label for="ms-retention">${msg('Durée de conservation des messages (en mois)')}</label>
            <p class="hint" id="ms-retention-hint">${msg("De 6 à 120 mois après le dernier message ; 24 mois par défaut.")}</p>
            <input id="ms-retention" name="retentionMonths" type="text" inputmode="numeric" .value=${String(s.retentionMonths)} aria-invalid=${retentionError ? 'true' : 'false'} aria-describedby=${retentionError ? 'ms-retention-hint ms-retention-error' : 'ms-retention-hint'} />
            ${retentionError ? html`<p class="field-error" id="ms-retention-error">${retentionError}</p>` : nothing}
          </div>
        </fieldset>
        ${this.canEdit ? html`<div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${msg('Enregistrer les réglages des messages')}</button></div>` : nothing}
      </form>`;
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim() || null;
    const retention = Number(String(data.get('retentionMonths') ?? '').trim());
    const topics = String(data.get('topics') ?? '').split('\n').map((t) => t.trim()).filter(Boolean);
    const fields: Record<string, string> = {};
    if (!Number.isInteger(retention) || retention < 6 || retention > 120) fields.retentionMonths = msg('Indiquez un nombre de mois entre 6 et 120.');
    if (topics.length === 0) fields.topics = msg('Proposez au moins un sujet.');
    this.fields = fields;
    const body: MessageSettings = {
      serviceName: text('serviceName') ?? '',
      address: text('address'),
      openingHours: text('openingHours'),
      phone: text('phone'),
      email: text('email'),
      infoMessage: text('infoMessage'),
      helpText: text('helpText'),
      topics,
      mailContent: data.get('mailContent') === 'notice' ? 'notice' : 'full',
      messagesPageUrl: text('messagesPageUrl'),
      retentionMonths: retention,
    };
    await this.submitChecked(Object.keys(fields).length ? null : body, async (input) => {
      this.settings = await saveMessageSettings(input);
      this.notice = msg('Réglages des messages enregistrés.');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-message-settings': PortailAdminMessageSettings;
  }
}
