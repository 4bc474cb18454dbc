import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getCalendarFeeds, type CalendarFeed } from '../../api/agenda.js';
import { getDocuments, getFile, type DocumentList } from '../../api/documents.js';
import { getFamilyFile, getFileHistory, type FamilyFile, type WriteAnswer } from '../../api/famille.js';
import { getMailPreferences, type MailPreferences } from '../../api/messages.js';
import { familyLabel } from '../../base/format.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import type { SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import { agendaSection } from './famille-agenda.js';
import { childSection } from './famille-children.js';
import { documentLists, documentsSection } from './famille-documents.js';
import { FamilleEditing } from './famille-editing.js';
import { groupTitle } from './famille-fields.js';
import { idOf } from './famille-form.js';
import { groupSection, type FamilleHost } from './famille-group.js';
import { guardianSections } from './famille-guardians.js';
import { historyList, historySection } from './famille-history.js';
import { householdSection } from './famille-household.js';
import { mailPreferencesSection } from './famille-mail-preferences.js';
import { photoForm, type PhotoPreview } from './famille-photo.js';
import { familleStyles } from './portail-famille.styles.js';

/**
 * @summary The family file: guardians, contact details, tax and bank data, household, each
 * child's identity, health, pickup persons and extra data, documents and the file's history.
 *
 * Each section folds under its heading; on a narrow screen (a phone) every section starts folded,
 * so that the file is a list of headings to open rather than a page of many screens.
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
  @state() private preview: PhotoPreview | null = null;
  @state() private historyOpen = false;
  @state() private revision = 0;
  @state() private mailPreferences?: MailPreferences;
  @state() private feeds: CalendarFeed[] = [];

  readonly #editing = new FamilleEditing(this, () => this.client);
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

  private readonly feedsTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined], { signal }) => {
      this.feeds = client ? await getCalendarFeeds(client, signal) : [];
    },
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token] as const,
  });
  private readonly mailPreferencesTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined], { signal }) => {
      this.mailPreferences = client ? await getMailPreferences(client, signal) : undefined;
    },
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token] as const,
  });

  private readonly historyTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, number], { signal }) =>
      client ? getFileHistory(client, signal) : undefined,
    args: () => [this.historyOpen && this.session.state ? this.client : undefined, this.revision] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#editing.foldAll(matchMedia('(max-width: 40em)').matches);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const task of [this.fileTask, this.docsTask, this.photosTask, this.feedsTask, this.mailPreferencesTask, this.historyTask]) task.abort();
    this.#revokePhotos();
    this.#setPreview(null);
  }

  protected override sessionChanged(state: SessionState | null): void {
    if (state) return;
    this.file = null;
    this.docs = null;
    this.feeds = [];
    this.#editing.closeAll();
    this.historyOpen = false;
    this.#setPreview(null);
  }

  #revokePhotos(): void {
    for (const url of this.#photoUrls.splice(0)) URL.revokeObjectURL(url);
  }

  #setPreview(preview: PhotoPreview | null): void {
    if (this.preview) URL.revokeObjectURL(this.preview.url);
    this.preview = preview;
  }

  /** Moves focus to a section's heading, scrolled into view ("Sur cette page"). */
  private goTo(key: string): void {
    this.#editing.unfold(key);
    // Unfolded synchronously by Lit's next render; the heading exists folded or not.
    const target = this.shadowRoot?.getElementById(`${idOf(key)}-h`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  }

  private applied(answer: WriteAnswer): string {
    this.file = answer.file;
    this.revision++;
    return answer.status === 'pending'
      ? msg('Votre demande a été transmise à la mairie : elle sera appliquée après validation.')
      : msg('Modifications enregistrées');
  }

  private photoSaved(childId: string): void {
    this.#setPreview(null);
    this.file = {
      ...this.file!,
      children: this.file!.children.map((c) => (c.id === childId ? { ...c, hasPhoto: true } : c)),
    };
    this.revision++;
  }

  override render() {
    if (this.blocked) return this.renderBlocked();
    return html`<div part="base">
      ${this.session.state
        ? this.fileTask.render({
            pending: () => loadingLine(msg('Chargement de votre fiche famille…')),
            complete: () => (this.file ? this.renderFile(this.file) : nothing),
            error: failureLine,
          })
        : signedOutView(
            msg('Votre fiche famille'),
            msg('Connectez-vous pour consulter et mettre à jour votre fiche famille.'),
            this.loginHref,
          )}
      ${this.helpLink()}
    </div>`;
  }

  private renderFile(file: FamilyFile) {
    const editing = this.#editing;
    const host: FamilleHost = { editing, client: this.client!, file, applied: (answer) => this.applied(answer) };
    const { family } = file;
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
    return html`${mainHeading(msg('Votre fiche famille'))}
      <p>${familyLabel(family.name)} – ${msg(str`dossier n° ${family.number}`)}</p>
      ${editing.messages('top')}
      <div class="actions">
        <button part="button" type="button" @click=${() => editing.download('top', 'famille/export.pdf', 'fiche-famille.pdf')}>
          ${msg('Télécharger ma fiche (PDF)')}
        </button>
        <button part="button" type="button" @click=${() => editing.download('top', 'famille/export.json', 'mes-donnees.json')}>
          ${msg('Télécharger mes données (JSON)')}
        </button>
      </div>
      <nav part="nav" class="toc" aria-labelledby="toc-title">
        <p id="toc-title" class="toc-title">${msg('Sur cette page')}</p>
        <p class="fold-all">
          <button part="button" type="button" @click=${() => editing.foldAll(false)}>${msg('Tout déplier')}</button>
          <button part="button" type="button" @click=${() => editing.foldAll(true)}>${msg('Tout replier')}</button>
        </p>
        <ul>
          ${toc.map(
            ([key, label]) =>
              html`<li><button type="button" class="link" @click=${() => this.goTo(key)}>${label}</button></li>`,
          )}
        </ul>
      </nav>
      ${guardianSections(host, mailPreferencesSection(host, this.mailPreferences, (prefs) => (this.mailPreferences = prefs)))}
      ${groupSection(host, { key: 'fiscal', group: 'fiscal', level: 3, values: family })}
      ${groupSection(host, {
        key: 'bank',
        group: 'bank',
        level: 3,
        values: family,
        formValues: { bic: family.bic, accountHolder: family.accountHolder },
        toBody: (body) => ({ ...body, iban: String(body.iban ?? '').replace(/\s+/g, '').toUpperCase() }),
      })}
      ${householdSection(host)}
      ${file.children.map((child) =>
        childSection(
          host,
          child,
          photoForm(host, child, {
            url: this.photosTask.value?.get(child.id),
            preview: this.preview?.childId === child.id ? this.preview : null,
            choose: (preview) => this.#setPreview(preview),
            saved: () => this.photoSaved(child.id),
          }),
          agendaSection(host, child, {
            feed: this.feeds.find((f) => f.childId === child.id),
            feeds: this.feeds,
            changed: (feeds) => (this.feeds = feeds),
          }),
        ),
      )}
      ${documentsSection(
        host,
        this.docsTask.render({
          pending: () => loadingLine(msg('Chargement des documents…')),
          error: failureLine,
          complete: () => documentLists(host, this.docs),
        }),
        (document) => (this.docs = { mine: [document, ...(this.docs?.mine ?? [])], published: this.docs?.published ?? [] }),
      )}
      ${historySection(
        this.historyOpen,
        () => (this.historyOpen = !this.historyOpen),
        () =>
          this.historyTask.render({
            pending: () => loadingLine(msg('Chargement de l’historique…')),
            error: failureLine,
            complete: (entries) => historyList(entries),
          }),
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-famille': PortailFamille;
  }
}
