import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort, PortailApiError } from '../../api/errors.js';
import {
  changeLoginEmail,
  getFamilyFile,
  getFileHistory,
  saveGroup,
  uploadPhoto,
  writePickupPerson,
  type FamilyChild,
  type FamilyFile,
  type FamilyGroup,
  type PickupPerson,
  type PickupPersonInput,
  type WriteAnswer,
} from '../../api/famille.js';
import {
  DOCUMENT_TYPES,
  fileToBase64,
  getDocuments,
  getFile,
  uploadDocument,
  type DocumentList,
  type FamilyDocument,
} from '../../api/documents.js';
import { downloadFile } from '../../base/download.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import { familyLabel, formatDate } from '../../base/format.js';
import { intlLocale } from '../../base/localization.js';
import { PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import type { SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import {
  documentTypeLabel,
  fieldsOf,
  flatten,
  groupTitle,
  historyActionLabel,
  nest,
  policyOf,
  readForm,
  summaryDefs,
  type FieldDef,
} from './famille-fields.js';
import { control, errorSummary, heading, idOf, pendingView, readView } from './famille-form.js';
import { familleStyles } from './portail-famille.styles.js';

const PHOTO_MAX = 2 * 1024 * 1024;
const DOCUMENT_MAX = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/png', 'image/jpeg'];
const DOCUMENT_MIME = ['application/pdf', ...PHOTO_TYPES];

interface GroupOptions {
  /** Form and message key, unique in the element (`child_health:<childId>`). */
  key: string;
  group: FamilyGroup;
  level: 3 | 4;
  values: Record<string, unknown>;
  /** Values the form starts from, when they differ from the read view (the IBAN is never prefilled). */
  formValues?: Record<string, unknown>;
  defs?: FieldDef[];
  childId?: string;
  /** Whose group it is, for the hidden part of the "Modifier" button's name. */
  owner?: string;
  /** Read-only lines shown in both modes (school and class). */
  fixed?: TemplateResult;
  empty?: string;
  toBody?: (body: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * @summary The family file: guardians, contact details, tax and bank data, household, each
 * child's identity, health, pickup persons and extra data, documents and the file's history.
 *
 * Each group of fields has a read view and a "Modifier" form. Depending on the commune's
 * policy a change is applied at once or waits for the town hall's validation; waiting changes
 * show a badge with their old and new values. Files behind the session (PDF and JSON exports,
 * child files, documents, photos) are fetched with the session token and handed over as
 * downloads. Shows an invitation to sign in while no parent is signed in.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart nav - The "Sur cette page" navigation.
 * @csspart section - Each section (guardian, contact, tax, bank, household, child, documents, history).
 * @csspart form - Each edit form.
 * @csspart input - Each text field.
 * @csspart pending - Each change waiting for validation.
 * @csspart badge - Each status badge (pending change, document status).
 *
 * @cssproperty --portail-color-primary - Buttons and links (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons (default: the town's, else #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - Labels of the read view and hints (default #4d5562).
 * @cssproperty --portail-color-surface - Field and button background (default #ffffff).
 * @cssproperty --portail-color-border - Field borders and separators (default #6b7280).
 * @cssproperty --portail-color-error - Errors and refused documents (default #b3261e).
 * @cssproperty --portail-color-success - Confirmations and accepted documents (default #1e6b34).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-color-pending - Background of the "waiting for validation" badge (default #fff1c2).
 * @cssproperty --portail-radius - Corner radius of fields, buttons and badges (default 0.25em).
 */
@localized()
export class PortailFamille extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, familleStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  @state() private file: FamilyFile | null = null;
  @state() private docs: DocumentList | null = null;
  /** Key of the open form, if any. */
  @state() private editing: string | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private alert: { key: string; text: string } | null = null;
  @state() private notice: { key: string; text: string } | null = null;
  @state() private busy: { key: string; text: string } | null = null;
  @state() private removing: string | null = null;
  @state() private preview: { childId: string; url: string; file: File } | null = null;
  @state() private historyOpen = false;
  @state() private revision = 0;

  #writes?: AbortController;
  #photoUrls: string[] = [];

  private readonly fileTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined], { signal }) => {
      this.file = client ? await getFamilyFile(client, signal) : null;
      return this.file;
    },
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token] as const,
  });

  private readonly docsTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined], { signal }) => {
      this.docs = client ? await getDocuments(client, signal) : null;
      return this.docs;
    },
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token] as const,
  });

  private readonly photosTask = new Task(this, {
    task: async ([client, ids]: readonly [ApiClient | undefined, string, number], { signal }) => {
      this.#revokePhotos();
      const urls = new Map<string, string>();
      if (!client) return urls;
      await Promise.all(
        ids.split(' ').filter(Boolean).map(async (id) => {
          try {
            const { blob } = await getFile(client, `famille/children/${encodeURIComponent(id)}/photo`, signal);
            const url = URL.createObjectURL(blob);
            this.#photoUrls.push(url);
            urls.set(id, url);
          } catch {
            // Without its photo the child is still shown; the parent can send a new one.
          }
        }),
      );
      return urls;
    },
    args: () =>
      [
        this.session.state ? this.client : undefined,
        this.file?.children.filter((c) => c.hasPhoto).map((c) => c.id).join(' ') ?? '',
        this.revision,
      ] as const,
  });

  private readonly historyTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, number], { signal }) =>
      client ? getFileHistory(client, signal) : undefined,
    args: () => [this.historyOpen && this.session.state ? this.client : undefined, this.revision] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const task of [this.fileTask, this.docsTask, this.photosTask, this.historyTask]) task.abort();
    this.#writes?.abort();
    this.#revokePhotos();
    this.#setPreview(null);
  }

  protected override sessionChanged(state: SessionState | null): void {
    if (state) return;
    this.file = null;
    this.docs = null;
    this.editing = null;
    this.alert = this.notice = null;
    this.historyOpen = false;
    this.#setPreview(null);
  }

  #revokePhotos(): void {
    for (const url of this.#photoUrls.splice(0)) URL.revokeObjectURL(url);
  }

  #setPreview(preview: PortailFamille['preview']): void {
    if (this.preview) URL.revokeObjectURL(this.preview.url);
    this.preview = preview;
  }

  #focus(id: string | null, selector?: string): void {
    void this.updateComplete.then(() => {
      const target = id ? this.shadowRoot?.getElementById(id) : this.shadowRoot;
      (selector ? target?.querySelector<HTMLElement>(selector) : (target as HTMLElement | null))?.focus();
    });
  }

  /** Moves focus to a section's heading, scrolled into view ("Sur cette page"). */
  private goTo(key: string): void {
    const target = this.shadowRoot?.getElementById(`${idOf(key)}-h`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  }

  private edit(key: string): void {
    this.editing = key;
    this.errors = {};
    this.alert = this.notice = null;
    this.removing = null;
    this.#focus(`${idOf(key)}-form`, 'input, select, textarea');
  }

  private cancel(focusKey: string): void {
    this.editing = null;
    this.errors = {};
    this.alert = null;
    this.#focus(`${idOf(focusKey)}-h`);
  }

  private showErrors(key: string, errors: Record<string, string>, text: string): void {
    this.errors = errors;
    this.alert = { key, text };
    // Only the form of `key` shows field errors, so the first invalid control is its own.
    this.#focus(null, '[aria-invalid="true"]');
  }

  /** Client-side checks failed: nothing is sent. */
  private invalid(key: string, errors: Record<string, string>): boolean {
    if (Object.keys(errors).length === 0) return false;
    this.showErrors(key, errors, msg('Le formulaire contient des erreurs. Veuillez les corriger.'));
    return true;
  }

  /**
   * Runs one write at a time. Success closes the form, shows `action`'s sentence in the
   * section's status region and moves focus to the section heading; failure keeps the form,
   * marks the fields the server names and summarises them in the section's alert region.
   */
  private async write(key: string, busyText: string, action: (signal: AbortSignal) => Promise<string>): Promise<void> {
    if (this.busy || !this.client) return;
    this.#writes = new AbortController();
    this.busy = { key, text: busyText };
    this.alert = this.notice = null;
    this.errors = {};
    try {
      const text = await action(this.#writes.signal);
      this.editing = this.removing = null;
      this.notice = { key, text };
      this.#focus(`${idOf(key)}-h`);
    } catch (error) {
      if (isAbort(error)) return;
      const fields: Record<string, string> = {};
      if (error instanceof PortailApiError) {
        for (const name of Object.keys(error.fields)) fields[name] = fieldErrorText(error, name) ?? '';
        if (error.code === 'mot_de_passe_incorrect') fields.password = errorText(error);
      }
      this.showErrors(key, fields, errorText(error));
    } finally {
      this.busy = null;
    }
  }

  private applied(answer: WriteAnswer): string {
    this.file = answer.file;
    this.revision++;
    return answer.status === 'pending'
      ? msg('Votre demande a été transmise à la mairie : elle sera appliquée après validation.')
      : msg('Modifications enregistrées');
  }

  private async download(key: string, path: string, fallbackName: string): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = { key, text: msg('Préparation du téléchargement…') };
    this.alert = this.notice = null;
    try {
      await downloadFile(this.client, path, fallbackName, this.renderRoot);
    } catch (error) {
      this.alert = { key, text: errorText(error) };
    } finally {
      this.busy = null;
    }
  }

  override render() {
    if (!this.client) return html`<p class="alert" role="alert">${this.renderMissingKey()}</p>`;
    return html`<div part="base">
      ${this.session.state
        ? this.fileTask.render({
            pending: () => html`<p role="status">${msg('Chargement de votre fiche famille…')}</p>`,
            complete: () => (this.file ? this.renderFile(this.file) : nothing),
            error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
          })
        : signedOutView(
            msg('Votre fiche famille'),
            msg('Connectez-vous pour consulter et mettre à jour votre fiche famille.'),
            this.loginHref,
          )}
    </div>`;
  }

  /** The section's status and alert regions; they stay in the DOM so that changes are announced. */
  private messages(key: string, defs: FieldDef[] = []) {
    const status = this.busy?.key === key ? this.busy.text : this.notice?.key === key ? this.notice.text : '';
    return html`<div role="status" class="status">${status
        ? html`<p class=${this.busy ? '' : 'notice'}>${status}</p>`
        : nothing}</div><div class="alert" role="alert">${this.alert?.key === key
        ? errorSummary(this.alert.text, this.errors, defs)
        : nothing}</div>`;
  }

  private errorOf(key: string, name: string): string | undefined {
    return this.alert?.key === key ? this.errors[name] || undefined : undefined;
  }

  private formActions(focusKey: string, submit = msg('Enregistrer')) {
    return html`<div class="actions">
      <button part="button button-primary" type="submit" class="primary">${submit}</button>
      <button part="button" type="button" @click=${() => this.cancel(focusKey)}>${msg('Annuler')}</button>
    </div>`;
  }

  private editButton(key: string, title: string, label = msg('Modifier')) {
    return html`<button part="button" type="button" @click=${() => this.edit(key)}>
      ${label}<span class="visually-hidden"> : ${title}</span>
    </button>`;
  }

  private policyText(group: FamilyGroup) {
    return html`<p class="policy">
      ${policyOf(this.file!.policy, group) === 'direct'
        ? msg('Modifiable directement')
        : msg('Soumis à validation de la mairie')}
    </p>`;
  }

  private pendingOf(group: FamilyGroup, childId: string | undefined, defs: FieldDef[]) {
    return pendingView(
      this.file!.pending.filter((p) => p.group === group && (p.childId ?? undefined) === childId),
      [...defs, ...summaryDefs()],
    );
  }

  private renderGroup(o: GroupOptions) {
    const defs = o.defs ?? fieldsOf(o.group);
    const id = idOf(o.key);
    const title = groupTitle(o.group);
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
      if (this.invalid(o.key, errors)) return;
      void this.write(o.key, msg('Enregistrement…'), async (signal) =>
        this.applied(
          await saveGroup(
            this.client!,
            o.group,
            { ...(o.childId ? { childId: o.childId } : {}), ...(o.toBody ? o.toBody(body) : body) },
            signal,
          ),
        ),
      );
    };
    // Only top-level sections are named regions: a child's "Santé" would repeat for every child.
    return html`<section class="group" part="section" aria-labelledby=${o.level === 3 ? `${id}-h` : nothing}>
      ${heading(o.level, `${id}-h`, title)} ${this.policyText(o.group)} ${this.pendingOf(o.group, o.childId, defs)}
      ${this.messages(o.key, defs)}
      ${this.editing === o.key
        ? html`<form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
            ${defs.map((d) => control(id, d, (o.formValues ?? o.values)[d.name], this.errorOf(o.key, d.name)))}
            ${this.formActions(o.key)}
          </form>`
        : defs.length === 0
          ? html`<p>${o.empty}</p>`
          : html`${o.empty ? html`<p>${o.empty}</p>` : readView(defs, o.values)}
              ${this.editButton(o.key, o.owner ? `${title} – ${o.owner}` : title)}`}
      ${o.fixed ?? nothing}
    </section>`;
  }

  private sectionHeading(key: string, title: string) {
    return heading(3, `${idOf(key)}-h`, title);
  }

  private renderFile(file: FamilyFile) {
    const { family, guardians } = file;
    const conjoint = guardians.conjoint;
    const toc: Array<[string, string]> = [
      ['responsable', groupTitle('responsable')],
      ['conjoint', groupTitle('conjoint')],
      ['coordonnees', msg('Coordonnées et notifications')],
      ['fiscal', groupTitle('fiscal')],
      ['bank', groupTitle('bank')],
      ['household', groupTitle('household')],
      ...file.children.map((c): [string, string] => [`child:${c.id}`, `${c.firstName} ${c.lastName}`]),
      ['documents', msg('Documents')],
      ['history', msg('Historique de ma fiche')],
    ];
    const emails = family.notificationEmails;
    return html`<h2 tabindex="-1" data-focus-target>${msg('Votre fiche famille')}</h2>
      <p>${familyLabel(family.name)} – ${msg(str`dossier n° ${family.number}`)}</p>
      ${this.messages('top')}
      <div class="actions">
        <button part="button" type="button" @click=${() => this.download('top', 'famille/export.pdf', 'fiche-famille.pdf')}>
          ${msg('Télécharger ma fiche (PDF)')}
        </button>
        <button part="button" type="button" @click=${() => this.download('top', 'famille/export.json', 'mes-donnees.json')}>
          ${msg('Télécharger mes données (JSON)')}
        </button>
      </div>
      <nav part="nav" class="toc" aria-labelledby="toc-title">
        <p id="toc-title" class="toc-title">${msg('Sur cette page')}</p>
        <ul>
          ${toc.map(
            ([key, label]) =>
              html`<li><button type="button" class="link" @click=${() => this.goTo(key)}>${label}</button></li>`,
          )}
        </ul>
      </nav>
      ${this.renderGroup({ key: 'responsable', group: 'responsable', level: 3, values: { ...guardians.responsable } })}
      ${this.renderGroup({
        key: 'conjoint',
        group: 'conjoint',
        level: 3,
        values: { ...conjoint },
        empty: conjoint ? undefined : msg('Aucun conjoint renseigné.'),
      })}
      <section part="section" aria-labelledby="coordonnees-h">
        ${this.sectionHeading('coordonnees', msg('Coordonnées et notifications'))}
        ${this.renderGroup({
          key: 'contact',
          group: 'contact',
          level: 4,
          defs: fieldsOf('contact', conjoint !== null),
          values: flatten({ responsable: guardians.responsable, conjoint }),
          toBody: nest,
        })}
        ${this.renderLoginEmail(family.email)}
        ${this.renderGroup({
          key: 'notifications',
          group: 'notifications',
          level: 4,
          values: { email1: emails[0], email2: emails[1], email3: emails[2] },
          toBody: (body) => ({ emails: Object.values(body).filter(Boolean) }),
        })}
      </section>
      ${this.renderGroup({ key: 'fiscal', group: 'fiscal', level: 3, values: family })}
      ${this.renderGroup({
        key: 'bank',
        group: 'bank',
        level: 3,
        values: family,
        formValues: { bic: family.bic, accountHolder: family.accountHolder },
        toBody: (body) => ({ ...body, iban: String(body.iban ?? '').replace(/\s+/g, '').toUpperCase() }),
      })}
      ${this.renderHousehold(file)} ${file.children.map((child) => this.renderChild(child))}
      ${this.renderDocuments(file)} ${this.renderHistory()}`;
  }

  private renderLoginEmail(email: string) {
    const key = 'login-email';
    const defs: FieldDef[] = [
      { name: 'email', label: msg('Nouvelle adresse de connexion'), kind: 'email', autocomplete: 'email', required: true },
      {
        name: 'password',
        label: msg('Mot de passe actuel'),
        kind: 'password',
        autocomplete: 'current-password',
        required: true,
        hint: msg('Un e-mail de confirmation sera envoyé à votre adresse actuelle.'),
      },
    ];
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
      if (this.invalid(key, errors)) return;
      void this.write(key, msg('Enregistrement…'), async (signal) => {
        this.applied(
          await changeLoginEmail(this.client!, { email: String(body.email), password: String(body.password) }, signal),
        );
        return msg("Demande enregistrée : un e-mail de confirmation a été envoyé à l'ancienne adresse.");
      });
    };
    return html`<section class="group" part="section">
      ${heading(4, 'login-email-h', msg('Adresse de connexion'))} ${this.messages(key, defs)}
      <p class="login-email">${email}</p>
      ${this.editing === key
        ? html`<form id="login-email-form" part="form" novalidate @submit=${onSubmit}>
            ${defs.map((d) => control('login-email', d, '', this.errorOf(key, d.name)))} ${this.formActions(key)}
          </form>`
        : this.editButton(key, '', msg("Changer l'adresse de connexion"))}
    </section>`;
  }

  private renderHousehold(file: FamilyFile) {
    const key = 'household';
    const memberDefs = (prefix: string, required: boolean): FieldDef[] => [
      { name: `${prefix}firstName`, label: msg('Prénom'), autocomplete: 'off', required },
      { name: `${prefix}lastName`, label: msg('Nom'), autocomplete: 'off', required },
      { name: `${prefix}relation`, label: msg('Lien de parenté'), autocomplete: 'off', required },
      { name: `${prefix}birthDate`, label: msg('Date de naissance'), kind: 'date', autocomplete: 'off' },
    ];
    const members = file.household;
    const allDefs = [...members.flatMap((_, i) => memberDefs(`${i}.`, true)), ...memberDefs('new.', false)];
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const { body, errors } = readForm(form, allDefs);
      const member = (prefix: string) =>
        Object.fromEntries(memberDefs(prefix, false).map((d) => [d.name.slice(prefix.length), body[d.name]]));
      const kept = members.flatMap((_, i) =>
        (form.elements.namedItem(`${i}.remove`) as HTMLInputElement).checked ? [] : [member(`${i}.`)],
      );
      const added = member('new.');
      if (added.firstName || added.lastName || added.relation) {
        for (const d of memberDefs('new.', true)) if (d.required && !body[d.name]) errors[d.name] = msg('Veuillez remplir ce champ.');
        kept.push(added);
      }
      if (this.invalid(key, errors)) return;
      void this.write(key, msg('Enregistrement…'), async (signal) =>
        this.applied(await saveGroup(this.client!, 'household', { members: kept }, signal)),
      );
    };
    return html`<section class="group" part="section" aria-labelledby="household-h">
      ${this.sectionHeading(key, groupTitle(key))} ${this.policyText(key)}
      ${this.pendingOf(key, undefined, allDefs)} ${this.messages(key, allDefs)}
      ${this.editing === key
        ? html`<form id="household-form" part="form" novalidate @submit=${onSubmit}>
            ${members.map(
              (m, i) => html`<fieldset>
                <legend>${m.firstName} ${m.lastName}</legend>
                ${memberDefs(`${i}.`, true).map((d) =>
                  control(`household-${i}`, d, m[d.name.slice(2) as keyof typeof m], this.errorOf(key, d.name)),
                )}
                <div class="check">
                  <input type="checkbox" id="household-${i}-remove" name="${i}.remove" />
                  <label for="household-${i}-remove">${msg('Retirer du foyer')}</label>
                </div>
              </fieldset>`,
            )}
            <fieldset>
              <legend>${msg('Ajouter un membre (facultatif)')}</legend>
              ${memberDefs('new.', false).map((d) => control('household-new', d, '', this.errorOf(key, d.name)))}
            </fieldset>
            ${this.formActions(key)}
          </form>`
        : html`${members.length
              ? html`<ul class="list">
                  ${members.map(
                    (m) => html`<li>
                      <strong>${m.firstName} ${m.lastName}</strong> – ${m.relation}${m.birthDate
                        ? msg(str`, né(e) le ${formatDate(m.birthDate)}`)
                        : ''}
                    </li>`,
                  )}
                </ul>`
              : html`<p>${msg('Aucun autre membre du foyer.')}</p>`}
            ${this.editButton(key, groupTitle(key))}`}
    </section>`;
  }

  private renderChild(child: FamilyChild) {
    const key = `child:${child.id}`;
    const name = `${child.firstName} ${child.lastName}`;
    const fiche = (edition: 'simple' | 'complete', label: string) =>
      html`<button
        part="button"
        type="button"
        @click=${() =>
          this.download(key, `famille/children/${encodeURIComponent(child.id)}/fiche.pdf?edition=${edition}`, `fiche-${child.firstName}-${edition}.pdf`)}
      >
        ${label}
      </button>`;
    const complementaryDefs = Object.keys(child.complementary).map((k): FieldDef => ({ name: k, label: k, autocomplete: 'off' }));
    return html`<section class="child" part="section" aria-labelledby="${idOf(key)}-h">
      ${this.sectionHeading(key, name)} ${this.messages(key)}
      <div class="actions">
        ${fiche('simple', msg('Fiche enfant (PDF) simple'))} ${fiche('complete', msg('Fiche enfant (PDF) complète'))}
      </div>
      ${this.renderGroup({
        key: `child_identity:${child.id}`,
        group: 'child_identity',
        level: 4,
        childId: child.id,
        owner: child.firstName,
        values: { ...child },
        fixed: html`<dl class="read">
            <div><dt>${msg('École')}</dt><dd>${child.school ?? msg('Non renseigné')}</dd></div>
            <div><dt>${msg('Classe')}</dt><dd>${child.className ?? msg('Non renseigné')}</dd></div>
          </dl>
          <p class="hint">${msg("L'école et la classe sont tenues à jour par la mairie.")}</p>
          ${this.renderPhoto(child)}`,
      })}
      ${this.renderGroup({
        key: `child_health:${child.id}`,
        group: 'child_health',
        level: 4,
        childId: child.id,
        owner: child.firstName,
        values: flatten({ ...child.health }),
        toBody: nest,
      })}
      ${this.renderPickup(child)}
      ${this.renderGroup({
        key: `child_complementary:${child.id}`,
        group: 'child_complementary',
        level: 4,
        childId: child.id,
        owner: child.firstName,
        defs: complementaryDefs,
        values: child.complementary,
        empty: complementaryDefs.length ? undefined : msg("La commune ne demande pas d'autre information."),
        toBody: (body) => ({ complementary: body }),
      })}
    </section>`;
  }

  private renderPhoto(child: FamilyChild) {
    const key = `photo:${child.id}`;
    const id = idOf(key);
    const url = this.photosTask.value?.get(child.id);
    const preview = this.preview?.childId === child.id ? this.preview : null;
    const error = this.errorOf(key, 'photo');
    const onChange = (event: Event) => {
      const input = event.currentTarget as HTMLInputElement;
      const file = input.files?.[0];
      this.#setPreview(null);
      this.alert = this.notice = null;
      if (!file) return;
      if (!PHOTO_TYPES.includes(file.type)) {
        this.showErrors(key, { photo: msg('Choisissez une image PNG ou JPEG.') }, msg('Cette photo ne peut pas être envoyée.'));
      } else if (file.size > PHOTO_MAX) {
        this.showErrors(key, { photo: msg('Cette photo dépasse 2 Mo : choisissez une image plus légère.') }, msg('Cette photo ne peut pas être envoyée.'));
      } else {
        this.#setPreview({ childId: child.id, url: URL.createObjectURL(file), file });
      }
    };
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      if (!preview) {
        if (!error) this.invalid(key, { photo: msg('Choisissez une photo.') });
        return;
      }
      void this.write(key, msg('Envoi de la photo…'), async (signal) => {
        await uploadPhoto(this.client!, child.id, await fileToBase64(preview.file), signal);
        form.reset();
        this.#setPreview(null);
        this.file = {
          ...this.file!,
          children: this.file!.children.map((c) => (c.id === child.id ? { ...c, hasPhoto: true } : c)),
        };
        this.revision++;
        return msg('Photo enregistrée.');
      });
    };
    return html`<div class="photo">
      <h5 id="${id}-h" tabindex="-1">${msg('Photo')}</h5>
      ${url
        ? html`<img class="thumb" src=${url} alt=${msg(str`Photo de ${child.firstName}`)} />`
        : html`<p>${msg('Aucune photo.')}</p>`}
      ${this.messages(key, [{ name: 'photo', label: msg('Nouvelle photo') }])}
      <form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
        <div class="field">
          <label for="${id}-photo">${msg('Nouvelle photo')}</label>
          <p class="hint" id="${id}-hint">${msg('Image PNG ou JPEG, 2 Mo au maximum.')}</p>
          ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}
          <input
            id="${id}-photo"
            name="photo"
            type="file"
            accept="image/png,image/jpeg"
            aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"
            aria-invalid=${error ? 'true' : nothing}
            @change=${onChange}
          />
        </div>
        ${preview ? html`<img class="thumb" src=${preview.url} alt=${msg('Aperçu de la nouvelle photo')} />` : nothing}
        <div class="actions">
          <button part="button" type="submit">${msg('Envoyer la photo')}</button>
        </div>
      </form>
    </div>`;
  }

  private renderPickup(child: FamilyChild) {
    const key = `child_pickup:${child.id}`;
    const defs = fieldsOf('child_pickup');
    const form = (formKey: string, person?: PickupPerson) => {
      const id = idOf(formKey);
      const onSubmit = (event: SubmitEvent) => {
        event.preventDefault();
        const { body, errors } = readForm(event.currentTarget as HTMLFormElement, defs);
        if (this.invalid(key, errors)) return;
        void this.write(key, msg('Enregistrement…'), async (signal) =>
          this.applied(await writePickupPerson(this.client!, child.id, person?.id, body as unknown as PickupPersonInput, signal)),
        );
      };
      return html`<form id="${id}-form" part="form" novalidate @submit=${onSubmit}>
        ${defs.map((d) => control(id, d, person?.[d.name as keyof PickupPerson], this.errorOf(key, d.name)))}
        ${this.formActions(key)}
      </form>`;
    };
    const remove = (person: PickupPerson) =>
      this.write(key, msg('Suppression…'), async (signal) =>
        this.applied(await writePickupPerson(this.client!, child.id, person.id, null, signal)),
      );
    return html`<section class="group" part="section">
      ${heading(4, `${idOf(key)}-h`, groupTitle('child_pickup'))} ${this.policyText('child_pickup')}
      ${this.pendingOf('child_pickup', child.id, defs)} ${this.messages(key, defs)}
      ${child.pickupPersons.length
        ? html`<ul class="list">
            ${child.pickupPersons.map((p) => {
              const personName = `${p.firstName} ${p.lastName}`;
              const formKey = `pickup:${child.id}:${p.id}`;
              if (this.editing === formKey) return html`<li>${form(formKey, p)}</li>`;
              return html`<li>
                <strong>${personName}</strong> – ${p.relation} – ${p.phone}
                <span class="badge ${p.allowed ? 'badge-ok' : 'badge-ko'}" part="badge">
                  ${p.allowed ? msg('Autorisée') : msg('Interdite')}
                </span>
                <div class="actions">
                  ${this.removing === formKey
                    ? html`<p>${msg(str`Retirer ${personName} de la liste ?`)}</p>
                        <button part="button" type="button" @click=${() => remove(p)}>${msg('Retirer')}</button>
                        <button part="button" type="button" @click=${() => (this.removing = null)}>${msg('Annuler')}</button>`
                    : html`${this.editButton(formKey, personName)}
                        <button part="button" type="button" @click=${() => (this.removing = formKey)}>
                          ${msg('Supprimer')}<span class="visually-hidden"> : ${personName}</span>
                        </button>`}
                </div>
              </li>`;
            })}
          </ul>`
        : html`<p>${msg('Aucune personne enregistrée.')}</p>`}
      ${this.editing === `pickup:${child.id}:new`
        ? form(`pickup:${child.id}:new`)
        : this.editButton(`pickup:${child.id}:new`, child.firstName, msg('Ajouter une personne'))}
    </section>`;
  }

  private renderDocuments(file: FamilyFile) {
    const key = 'documents';
    const defs: FieldDef[] = [
      {
        name: 'type',
        label: msg('Type de document'),
        required: true,
        options: [['', msg('Choisissez un type')], ...DOCUMENT_TYPES.map((t): [string, string] => [t, documentTypeLabel(t)])],
      },
      { name: 'title', label: msg('Titre'), required: true, autocomplete: 'off' },
      {
        name: 'childId',
        label: msg('Enfant concerné (facultatif)'),
        options: [['', msg('Aucun en particulier')], ...file.children.map((c): [string, string] => [c.id, c.firstName])],
      },
    ];
    const fileError = this.errorOf(key, 'data');
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const { body, errors } = readForm(form, defs);
      const chosen = (form.elements.namedItem('data') as HTMLInputElement).files?.[0];
      if (!chosen) errors.data = msg('Choisissez un fichier.');
      else if (!DOCUMENT_MIME.includes(chosen.type)) errors.data = msg('Formats acceptés : PDF, JPEG ou PNG.');
      else if (chosen.size > DOCUMENT_MAX) errors.data = msg('Ce fichier dépasse 5 Mo.');
      if (this.invalid(key, errors)) return;
      void this.write(key, msg('Envoi du document…'), async (signal) => {
        const document = await uploadDocument(
          this.client!,
          {
            type: String(body.type),
            title: String(body.title),
            ...(body.childId ? { childId: String(body.childId) } : {}),
            data: await fileToBase64(chosen!),
          },
          signal,
        );
        form.reset();
        this.docs = { mine: [document, ...(this.docs?.mine ?? [])], published: this.docs?.published ?? [] };
        return msg('Document envoyé : la mairie va le vérifier.');
      });
    };
    const childName = (id: string | null) => file.children.find((c) => c.id === id)?.firstName;
    return html`<section class="documents" part="section" aria-labelledby="documents-h">
      ${this.sectionHeading(key, msg('Documents'))}
      ${this.docsTask.render({
        pending: () => html`<p role="status">${msg('Chargement des documents…')}</p>`,
        error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
        complete: () => html`<h4>${msg('Mes documents')}</h4>
          ${this.docs?.mine.length
            ? html`<ul class="list">
                ${this.docs.mine.map(
                  (d) => html`<li>
                    <strong>${d.title}</strong> – ${documentTypeLabel(d.type)}${childName(d.childId) ? ` – ${childName(d.childId)}` : ''}
                    – ${formatDate(d.uploadedAt)} ${this.documentStatus(d)}
                  </li>`,
                )}
              </ul>`
            : html`<p>${msg("Vous n'avez envoyé aucun document.")}</p>`}
          <h4>${msg('Documents de la commune')}</h4>
          ${this.docs?.published.length
            ? html`<ul class="list">
                ${this.docs.published.map(
                  (d) => html`<li>
                    <button
                      part="button"
                      type="button"
                      class="link"
                      @click=${() => this.download(key, `documents/${encodeURIComponent(d.id)}/file`, d.title)}
                    >
                      ${msg(str`Télécharger « ${d.title} »`)}
                    </button>
                  </li>`,
                )}
              </ul>`
            : html`<p>${msg("La commune n'a publié aucun document.")}</p>`}`,
      })}
      <h4>${msg('Envoyer un document')}</h4>
      ${this.messages(key, [...defs, { name: 'data', label: msg('Fichier') }])}
      <form id="documents-form" part="form" novalidate @submit=${onSubmit}>
        ${defs.map((d) => control('documents', d, '', this.errorOf(key, d.name)))}
        <div class="field">
          <label for="documents-data">${msg('Fichier')}</label>
          <p class="hint" id="documents-data-hint">${msg('PDF, JPEG ou PNG, 5 Mo au maximum.')}</p>
          ${fileError ? html`<p class="field-error" id="documents-data-error">${fileError}</p>` : nothing}
          <input
            id="documents-data"
            name="data"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            required
            aria-describedby="documents-data-hint${fileError ? ' documents-data-error' : ''}"
            aria-invalid=${fileError ? 'true' : nothing}
          />
        </div>
        <div class="actions">
          <button part="button button-primary" type="submit" class="primary">${msg('Envoyer le document')}</button>
        </div>
      </form>
    </section>`;
  }

  private documentStatus(d: FamilyDocument) {
    if (d.status === 'accepted') return html`<span class="badge badge-ok" part="badge">${msg('Accepté')}</span>`;
    if (d.status === 'rejected') {
      return html`<span class="badge badge-ko" part="badge">${msg('Refusé')}</span>
        ${d.rejectionReason ? html`<span class="reason">${msg(str`Motif : ${d.rejectionReason}`)}</span>` : nothing}`;
    }
    return html`<span class="badge badge-pending" part="badge">${msg('En attente')}</span>`;
  }

  private renderHistory() {
    const when = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
    return html`<section part="section" aria-labelledby="history-h">
      ${this.sectionHeading('history', msg('Historique de ma fiche'))}
      <button
        part="button"
        type="button"
        aria-expanded=${this.historyOpen ? 'true' : 'false'}
        aria-controls="history-panel"
        @click=${() => (this.historyOpen = !this.historyOpen)}
      >
        ${this.historyOpen ? msg("Masquer l'historique") : msg("Afficher l'historique")}
      </button>
      <div id="history-panel">
        ${this.historyOpen
          ? this.historyTask.render({
              pending: () => html`<p role="status">${msg("Chargement de l'historique…")}</p>`,
              error: (error) => html`<p class="alert" role="alert">${errorText(error)}</p>`,
              complete: (entries) =>
                entries?.length
                  ? html`<ul class="list">
                      ${entries.map((e) => {
                        const defs = [...fieldsOf(e.group as FamilyGroup), ...summaryDefs()];
                        const fields = e.fields.map((f) => defs.find((d) => d.name === f)?.label ?? f).join(', ');
                        return html`<li>
                          <strong>${when.format(new Date(e.at))}</strong> – ${historyActionLabel(e.action)} :
                          ${groupTitle(e.group)}${e.childName ? ` (${e.childName})` : ''}${fields ? ` – ${fields}` : ''}
                          – ${e.channel === 'mairie' ? msg('par la mairie') : msg('par internet')}
                        </li>`;
                      })}
                    </ul>`
                  : html`<p>${msg('Aucune modification pour le moment.')}</p>`,
            })
          : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-famille': PortailFamille;
  }
}
