import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { PortailApiError } from '../../api/errors.js';
import {
  attachmentPath,
  BODY_MAX,
  getConversation,
  getConversations,
  getHelp,
  markRead,
  reply,
  startConversation,
  SUBJECT_MAX,
  type Conversation,
} from '../../api/messages.js';
import { downloadFile } from '../../base/download.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import { PortailMessagesReadEvent } from '../../events/messages-read.js';
import type { SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import { attachmentProblem, filesOf, uploadsOf } from '../../base/message-files.js';
import { composeForm, conversationView, inboxList, replyForm, type FieldErrors } from './messages-views.js';
import { messagesStyles } from './portail-messages.styles.js';

type View = 'inbox' | 'conversation' | 'new';

/** The address fragment that opens one conversation (the e-mails' links carry it). */
const LINK = /^#portail-message=([\w-]{1,64})$/;

/**
 * @summary The family's messages with the town hall: the inbox, a conversation, "Nouveau
 * message" with a subject from the commune's list and optional files, and the answers.
 *
 * Texts are plain text, shown with their line breaks and never as HTML; addresses in them are
 * not made clickable. Opening a conversation marks the town hall's messages read and fires
 * `portail-messages-read`, which `<portail-notifications>` and `<portail-accueil>` follow. A link
 * ending in `#portail-message=<id>` (the e-mails' links) opens that conversation after sign-in.
 *
 * @event portail-messages-read - The count of unread messages changed; `detail.unread` is the new count.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart inbox - The list of conversations.
 * @csspart badge - The "non lu" badges.
 * @csspart thread - The messages of a conversation.
 * @csspart message - Each message.
 * @csspart form - The new message and answer forms.
 * @csspart help-link - The "Aide et contact" link.
 *
 * @cssproperty --portail-color-primary - Buttons, links, badges and the town hall's messages (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons and badges (default #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - Dates, subjects and the family's own messages (default #4d5562).
 * @cssproperty --portail-color-error - Errors (default #b3261e).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-radius - Corner radius (default 0.25em).
 */
@localized()
export class PortailMessages extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, messagesStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  @state() private view: View = 'inbox';
  @state() private openId: string | null = LINK.exec(location.hash)?.[1] ?? null;
  @state() private conversation: Conversation | null = null;
  @state() private revision = 0;
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  @state() private fieldErrors: FieldErrors = {};

  private readonly listTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) =>
      client ? getConversations(client, signal) : undefined,
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.revision] as const,
  });

  private readonly topicsTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined], { signal }) => (client ? (await getHelp(client, signal)).topics : []),
    args: () => [this.view === 'new' ? this.client : undefined] as const,
  });

  private readonly conversationTask = new Task(this, {
    task: async ([client, id]: readonly [ApiClient | undefined, string | null, string | undefined], { signal }) => {
      if (!client || !id) return null;
      const conversation = await getConversation(client, id, signal);
      this.conversation = conversation;
      this.view = 'conversation';
      if (conversation.unread > 0) void this.markRead(client, conversation);
      return conversation;
    },
    args: () => [this.session.state ? this.client : undefined, this.openId, this.session.state?.token] as const,
  });

  /** A link to another conversation followed on this same page (the address only changes its fragment). */
  private readonly followHash = () => {
    const id = LINK.exec(location.hash)?.[1];
    if (id && id !== this.openId) void this.show('conversation', id);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.followHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.followHash);
    for (const task of [this.listTask, this.topicsTask, this.conversationTask]) task.abort();
  }

  protected override sessionChanged(state: SessionState | null): void {
    if (state) return;
    this.conversation = null;
    this.openId = null;
    this.view = 'inbox';
  }

  private async markRead(client: ApiClient, conversation: Conversation) {
    try {
      const { unread } = await markRead(client, conversation.id);
      this.conversation = { ...conversation, unread: 0 };
      this.revision++;
      this.dispatchEvent(new PortailMessagesReadEvent(unread));
    } catch {
      // Still unread on the server: the badge keeps counting it, the parent can read it again.
    }
  }

  private clearMessages() {
    this.error = '';
    this.notice = '';
    this.fieldErrors = {};
  }

  private async show(view: View, id: string | null = null) {
    this.clearMessages();
    this.view = view;
    if (view !== 'conversation') this.conversation = null;
    const previous = this.openId;
    this.openId = id;
    if (view === 'inbox' && previous) history.replaceState(null, '', location.pathname + location.search);
    await this.updateComplete;
    if (view === 'inbox' && previous) {
      this.renderRoot.querySelector<HTMLElement>(`[data-conversation="${CSS.escape(previous)}"]`)?.focus();
    } else {
      await this.focusHeading();
    }
  }

  override render() {
    if (!this.client) return this.renderMissingKey();
    return html`<div part="base">
      ${this.session.state
        ? this.renderSignedIn()
        : signedOutView(msg('Messages'), msg('Connectez-vous pour échanger des messages avec le service enfance.'), this.loginHref)}
      ${this.helpLink()}
    </div>`;
  }

  private renderSignedIn() {
    const messages = html`<div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>`;
    if (this.openId && this.view !== 'new') {
      return html`${mainHeading(this.conversation?.subject ?? msg('Conversation'))} ${messages}
        <div class="actions"><button type="button" @click=${() => this.show('inbox')}>${msg('Retour aux messages')}</button></div>
        ${this.conversationTask.render({
          pending: () => (this.conversation ? this.renderConversation(this.conversation) : loadingLine(msg('Chargement de la conversation…'))),
          complete: (c) => (c ? this.renderConversation(this.conversation ?? c) : nothing),
          error: failureLine,
        })}`;
    }
    if (this.view === 'new') {
      return html`${mainHeading(msg('Nouveau message'))}
        <p>${msg('Votre message est adressé au service enfance de la commune. Vous recevrez la réponse ici et par e-mail.')}</p>
        ${messages}
        ${this.topicsTask.render({
          pending: () => loadingLine(msg('Chargement du formulaire…')),
          complete: (topics) => composeForm(topics, this.fieldErrors, this.busy, (e) => void this.send(e), () => void this.show('inbox')),
          error: failureLine,
        })}`;
    }
    return html`${mainHeading(msg('Messages'))} ${messages}
      <div class="actions"><button class="primary" type="button" @click=${() => this.show('new')}>${msg('Nouveau message')}</button></div>
      ${this.listTask.render({
        pending: () => (this.listTask.value ? this.renderInbox() : loadingLine(msg('Chargement de vos messages…'))),
        complete: () => this.renderInbox(),
        error: failureLine,
      })}`;
  }

  private renderInbox() {
    const list = this.listTask.value;
    if (!list) return nothing;
    return html`<p>
        ${list.unread === 0
          ? msg('Aucun nouveau message.')
          : list.unread === 1
            ? msg('Vous avez un nouveau message.')
            : msg(str`Vous avez ${list.unread} nouveaux messages.`)}
      </p>
      ${inboxList(list.conversations, (id) => void this.show('conversation', id))}`;
  }

  private renderConversation(c: Conversation) {
    return html`${conversationView(c, (conversationId, attachmentId, name) => void this.download(conversationId, attachmentId, name))}
      ${c.status === 'closed'
        ? html`<p>${msg('Cette conversation est close. Pour une nouvelle question, écrivez un nouveau message.')}</p>`
        : replyForm(this.fieldErrors, this.busy, (e) => void this.answer(e, c))}`;
  }

  private async download(conversationId: string, attachmentId: string, name: string) {
    this.clearMessages();
    try {
      await downloadFile(this.client!, attachmentPath(conversationId, attachmentId), name, this.renderRoot);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** The form's own checks; the server checks everything again. */
  private check(form: HTMLFormElement, withSubject: boolean): FieldErrors {
    const data = new FormData(form);
    const errors: FieldErrors = {};
    const body = String(data.get('body') ?? '').trim();
    if (!body) errors.body = msg('Écrivez votre message.');
    else if (body.length > BODY_MAX) errors.body = msg(str`Votre message dépasse ${BODY_MAX} caractères.`);
    if (withSubject) {
      if (!data.get('topic')) errors.topic = msg('Choisissez un sujet.');
      const subject = String(data.get('subject') ?? '').trim();
      if (!subject) errors.subject = msg('Donnez un objet à votre message.');
      else if (subject.length > SUBJECT_MAX) errors.subject = msg(str`L’objet dépasse ${SUBJECT_MAX} caractères.`);
    }
    const problem = attachmentProblem(filesOf(form));
    if (problem) errors.attachments = problem;
    return errors;
  }

  private async submit(form: HTMLFormElement, withSubject: boolean, sendIt: (data: FormData, signal: AbortSignal) => Promise<Conversation>, done: string) {
    if (this.busy) return;
    this.clearMessages();
    this.fieldErrors = this.check(form, withSubject);
    if (Object.keys(this.fieldErrors).length) {
      this.error = msg('Le message n’a pas été envoyé : corrigez les champs signalés.');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      const conversation = await sendIt(new FormData(form), new AbortController().signal);
      form.reset();
      this.conversation = conversation;
      this.view = 'conversation';
      this.openId = conversation.id;
      this.revision++;
      this.notice = done;
      await this.focusHeading();
    } catch (error) {
      const fields: FieldErrors = {};
      for (const name of ['topic', 'subject', 'body', 'attachments'] as const) {
        const text = fieldErrorText(error, name);
        if (text) fields[name] = text;
      }
      this.fieldErrors = fields;
      this.error = errorText(error);
      if (error instanceof PortailApiError && error.status === 409) void this.conversationTask.run();
    } finally {
      this.busy = false;
    }
  }

  private send(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    return this.submit(
      form,
      true,
      async (data, signal) => {
        const attachments = await uploadsOf(filesOf(form));
        return startConversation(
          this.client!,
          {
            topic: String(data.get('topic')),
            subject: String(data.get('subject')).trim(),
            body: String(data.get('body')).trim(),
            ...(attachments.length ? { attachments } : {}),
          },
          signal,
        );
      },
      msg('Message envoyé au service enfance.'),
    );
  }

  private answer(event: SubmitEvent, c: Conversation) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    return this.submit(
      form,
      false,
      async (data, signal) => {
        const attachments = await uploadsOf(filesOf(form));
        return reply(this.client!, c.id, { body: String(data.get('body')).trim(), ...(attachments.length ? { attachments } : {}) }, signal);
      },
      msg('Réponse envoyée.'),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-messages': PortailMessages;
  }
}
