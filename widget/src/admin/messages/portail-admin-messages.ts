import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { formatDateTime } from '../../base/format.js';
import { attachmentProblem, filesOf, uploadsOf } from '../../base/message-files.js';
import {
  addNote,
  attachmentFile,
  changeConversation,
  getInbox,
  getTemplates,
  openConversation,
  replyToFamily,
  type MessageTemplate,
  type StaffConversation,
  type StaffConversationFilter,
  type StaffConversationPage,
} from '../api/messages.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { saveFile } from '../base/files.js';
import { conversationView } from './conversation-view.js';
import { filterLabel, stateLabel } from './labels.js';
import { portailAdminMessagesStyles } from './portail-admin-messages.styles.js';

const FILTERS: StaffConversationFilter[] = ['open', 'unread', 'waiting', 'answered', 'closed', 'all'];

/**
 * @summary "Messages": the conversations with families, by state (unread, waiting for an answer,
 * answered, closed), searchable and assignable to an agent; an agent answers (with a template),
 * attaches files, closes, and writes internal notes the family never sees.
 */
export class PortailAdminMessages extends AdminElement {
  static override styles = [adminStyles, portailAdminMessagesStyles];

  @state() private filter: StaffConversationFilter = 'open';
  @state() private search = '';
  @state() private assignee = '';
  @state() private page = 1;
  @state() private revision = 0;
  @state() private openId: string | null = null;
  @state() private conversation: StaffConversation | null = null;
  @state() private inbox: StaffConversationPage | null = null;
  @state() private templates: MessageTemplate[] = [];

  private readonly inboxTask = new Task(this, {
    task: async ([state, q, assignee, page]: readonly [StaffConversationFilter, string, string, number, number], { signal }) => {
      this.inbox = await getInbox({ state, q: q || undefined, assignee: assignee || undefined, page }, signal);
    },
    args: () => [this.filter, this.search, this.assignee, this.page, this.revision] as const,
  });

  private readonly conversationTask = new Task(this, {
    task: async ([id]: readonly [string | null], { signal }) => {
      if (!id) return;
      this.conversation = await openConversation(id, signal);
      // Opening it marked it read: the inbox's states and counts move.
      this.revision++;
      await this.focusOn('#conversation-title');
    },
    args: () => [this.openId] as const,
  });

  private readonly templatesTask = new Task(this, {
    task: async (_: readonly [], { signal }) => {
      this.templates = await getTemplates(signal);
    },
    args: () => [] as const,
  });

  /** Templates edited in their own section reach the answer form at once. */
  reloadTemplates(): void {
    void this.templatesTask.run();
  }

  override render() {
    return html`<section class="card" aria-labelledby="messages-title">
        <h2 id="messages-title" tabindex="-1">${msg('Messages des familles')}</h2>
        ${this.renderMessages()}
        <form class="inline-form" aria-label=${msg('Filtrer les conversations')} novalidate @submit=${this.applyFilter}>
          <div class="field">
            <label for="messages-state">${msg('Afficher')}</label>
            <select id="messages-state" name="state">
              ${FILTERS.map((f) => html`<option value=${f} ?selected=${f === this.filter}>${filterLabel(f)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="messages-assignee">${msg('Attribuées à')}</label>
            <select id="messages-assignee" name="assignee">
              <option value="" ?selected=${!this.assignee}>${msg('Tout le monde')}</option>
              <option value="me" ?selected=${this.assignee === 'me'}>${msg('Moi')}</option>
              <option value="none" ?selected=${this.assignee === 'none'}>${msg('Personne')}</option>
              ${(this.inbox?.agents ?? []).map((a) => html`<option value=${a.id} ?selected=${this.assignee === a.id}>${a.name}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="messages-search">${msg('Rechercher (famille, n° de dossier, objet, texte)')}</label>
            <input id="messages-search" name="q" type="search" autocomplete="off" .value=${this.search} />
          </div>
          <button type="submit">${msg('Afficher')}</button>
        </form>
        ${this.inbox ? this.renderInbox(this.inbox) : this.renderTask(this.inboxTask, msg('Chargement des conversations…'), () => nothing)}
      </section>
      ${this.openId
        ? this.conversation
          ? conversationView(this.conversation, this.actions())
          : this.renderTask(this.conversationTask, msg('Chargement de la conversation…'), () => nothing)
        : nothing}`;
  }

  private renderInbox(inbox: StaffConversationPage) {
    const { counts } = inbox;
    const pages = Math.max(1, Math.ceil(inbox.total / inbox.pageSize));
    return html`<p class="counts">
        ${msg(str`Non lues : ${counts.unread} – en attente de réponse : ${counts.waiting} – répondues : ${counts.answered} – closes : ${counts.closed}`)}
      </p>
      ${inbox.conversations.length === 0
        ? html`<p>${msg('Aucune conversation dans cette liste.')}</p>`
        : html`<div class="table-wrap">
            <table>
              <caption>${msg(str`Conversations – ${filterLabel(this.filter)} (${inbox.total})`)}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Objet')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('État')}</th>
                  <th scope="col">${msg('Attribuée à')}</th><th scope="col">${msg('Dernier message')}</th>
                </tr>
              </thead>
              <tbody>
                ${inbox.conversations.map(
                  (c) => html`<tr class=${c.state === 'unread' ? 'unread' : ''}>
                    <th scope="row">
                      <button type="button" class="link" data-open=${c.id} aria-current=${this.openId === c.id ? 'true' : 'false'} @click=${() => this.open(c.id)}>${c.subject}</button>
                      <br /><span class="hint">${c.topic} – ${c.preview}</span>
                    </th>
                    <td>${c.familyName} <span class="hint">${msg(str`(n° ${c.familyNumber})`)}</span></td>
                    <td><span class="badge state-${c.state}">${stateLabel(c.state)}</span></td>
                    <td>${c.assignee?.name ?? '–'}</td>
                    <td>${formatDateTime(c.lastMessageAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${pages > 1
        ? html`<div class="actions">
            <button type="button" ?disabled=${this.page <= 1} @click=${() => (this.page -= 1)}>${msg('Page précédente')}</button>
            <span>${msg(str`Page ${this.page} sur ${pages}`)}</span>
            <button type="button" ?disabled=${this.page >= pages} @click=${() => (this.page += 1)}>${msg('Page suivante')}</button>
          </div>`
        : nothing}`;
  }

  private applyFilter(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.filter = String(data.get('state') ?? 'open') as StaffConversationFilter;
    this.assignee = String(data.get('assignee') ?? '');
    this.search = String(data.get('q') ?? '').trim();
    this.page = 1;
    this.revision++;
  }

  private open(id: string) {
    this.error = '';
    this.notice = '';
    this.fields = {};
    this.conversation = null;
    if (this.openId === id) void this.conversationTask.run();
    else this.openId = id;
  }

  private actions() {
    return {
      busy: this.busy,
      agents: this.inbox?.agents ?? [],
      templates: this.templates,
      errors: this.fields,
      assign: (assigneeId: string | null) => void this.change({ assigneeId }, msg('Attribution enregistrée.')),
      setStatus: (status: 'open' | 'closed') =>
        void this.change({ status }, status === 'closed' ? msg('Conversation close.') : msg('Conversation rouverte.')),
      reply: (event: SubmitEvent) => void this.reply(event),
      note: (event: SubmitEvent) => void this.note(event),
      download: (attachmentId: string, name: string) =>
        void this.run(async () => saveFile(await attachmentFile(this.conversation!.id, attachmentId, name))),
    };
  }

  private async change(change: { status?: 'open' | 'closed'; assigneeId?: string | null }, done: string) {
    const id = this.conversation!.id;
    if (await this.run(async () => (this.conversation = await changeConversation(id, change)), done)) this.revision++;
  }

  private async reply(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    const files = filesOf(form);
    const fields: Record<string, string> = {};
    if (!body) fields.body = msg('Écrivez la réponse.');
    const problem = attachmentProblem(files);
    if (problem) fields.attachments = problem;
    const close = (form.elements.namedItem('close') as HTMLInputElement).checked;
    const id = this.conversation!.id;
    this.fields = fields;
    await this.submitChecked(Object.keys(fields).length ? null : { body, files, close }, async (input) => {
      const attachments = await uploadsOf(input.files);
      this.conversation = await replyToFamily(id, { body: input.body, close: input.close, ...(attachments.length ? { attachments } : {}) });
      form.reset();
      this.notice = msg('Réponse envoyée à la famille.');
      this.revision++;
    });
  }

  private async note(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    this.fields = body ? {} : { note: msg('Écrivez la note.') };
    const id = this.conversation!.id;
    await this.submitChecked(body ? body : null, async (text) => {
      this.conversation = await addNote(id, { body: text });
      form.reset();
      this.notice = msg('Note interne ajoutée : la famille ne la voit pas.');
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-messages': PortailAdminMessages;
  }
}
