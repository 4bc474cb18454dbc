import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { BODY_MAX, SUBJECT_MAX, type Conversation, type ConversationSummary, type MessageView } from '../../api/messages.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { formatDate, formatDateTime } from '../../base/format.js';
import { sizeText } from '../../base/message-files.js';

/** The templates of `<portail-messages>`: the inbox, a conversation, and the two forms. */

export type FieldErrors = Partial<Record<'topic' | 'subject' | 'body' | 'attachments', string>>;

const unreadText = (n: number) => (n === 1 ? msg('1 message non lu') : msg(str`${n} messages non lus`));

/** The inbox: one button per conversation with who, when, what, and whether it is read. */
export function inboxList(conversations: readonly ConversationSummary[], open: (id: string) => void) {
  if (conversations.length === 0) {
    return html`<p>${msg('Vous n’avez aucun message. Pour poser une question au service, écrivez un nouveau message.')}</p>`;
  }
  return html`<ul class="inbox" part="inbox" aria-label=${msg('Vos conversations')}>
    ${conversations.map(
      (c) => html`<li class=${c.unread > 0 ? 'unread' : ''}>
        <button type="button" data-conversation=${c.id} @click=${() => open(c.id)}>
          <span class="line">
            <span class="subject">${c.subject}</span>
            ${c.unread > 0 ? html`<span class="badge" part="badge">${unreadText(c.unread)}</span>` : nothing}
            ${c.status === 'closed' ? html`<span class="badge badge-muted">${msg('Close')}</span>` : nothing}
            ${c.awaitingAnswer ? html`<span class="badge badge-muted">${msg('En attente de réponse')}</span>` : nothing}
          </span>
          <span class="line">
            <span class="who">${c.startedBy === 'family' ? msg(str`À : ${c.correspondent}`) : msg(str`De : ${c.correspondent}`)}</span>
            <span class="when">${formatDate(c.lastMessageAt)}</span>
            <span class="topic">${c.topic}</span>
          </span>
          <span class="preview">${c.preview}</span>
        </button>
      </li>`,
    )}
  </ul>`;
}

/** One conversation, oldest message first; each text shown with its line breaks and never as HTML. */
export function conversationView(c: Conversation, download: (conversationId: string, attachmentId: string, name: string) => void) {
  return html`<p class="line">
      <span class="topic">${msg(str`Objet : ${c.topic}`)}</span>
      <span class="who">${msg(str`Avec : ${c.correspondent}`)}</span>
      ${c.status === 'closed' ? html`<span class="badge badge-muted">${msg('Conversation close')}</span>` : nothing}
    </p>
    <ol class="thread" part="thread">
      ${c.messages.map((m) => messageItem(c.id, m, download))}
    </ol>`;
}

function messageItem(conversationId: string, m: MessageView, download: (conversationId: string, attachmentId: string, name: string) => void) {
  return html`<li class=${m.author === 'family' ? 'mine' : 'theirs'} part="message">
    <h3 class="author">${m.authorName}</h3>
    <p class="when">${formatDateTime(m.sentAt)}</p>
    <p class="body">${m.body}</p>
    ${m.attachments.length
      ? html`<ul class="attachments" aria-label=${msg('Pièces jointes')}>
          ${m.attachments.map(
            (a) => html`<li>
              <button type="button" @click=${() => download(conversationId, a.id, a.name)}>
                ${msg(str`Télécharger « ${a.name} » (${sizeText(a.size)})`)}
              </button>
            </li>`,
          )}
        </ul>`
      : nothing}
  </li>`;
}

function textArea(id: string, label: string, hint: string, error: string | undefined) {
  const text = { id, label, hint, error };
  return fieldFrame(
    text,
    html`<textarea id=${id} name="body" rows="6" maxlength=${BODY_MAX} required aria-describedby=${describedBy(text)} aria-invalid=${error ? 'true' : nothing}></textarea>`,
  );
}

function filesField(id: string, error: string | undefined) {
  const text = { id, label: msg('Pièces jointes (facultatif)'), hint: msg('PDF, JPEG ou PNG, 3 fichiers de 5 Mo au plus.'), error };
  return fieldFrame(
    text,
    html`<input id=${id} name="attachments" type="file" multiple accept="application/pdf,image/jpeg,image/png" aria-describedby=${describedBy(text)} aria-invalid=${error ? 'true' : nothing} />`,
  );
}

/** The answer form under an open conversation. */
export function replyForm(errors: FieldErrors, busy: boolean, submit: (event: SubmitEvent) => void) {
  return html`<form part="form" novalidate @submit=${submit} aria-labelledby="reply-h">
    <h3 id="reply-h">${msg('Répondre')}</h3>
    ${textArea('reply-body', msg('Votre réponse'), msg(str`Texte simple, ${BODY_MAX.toLocaleString('fr-FR')} caractères au plus.`), errors.body)}
    ${filesField('reply-files', errors.attachments)}
    <div class="actions"><button class="primary" type="submit" ?disabled=${busy}>${msg('Envoyer la réponse')}</button></div>
  </form>`;
}

/** "Nouveau message": a subject from the commune's list, a title, the text and optional files. */
export function composeForm(topics: readonly string[], errors: FieldErrors, busy: boolean, submit: (event: SubmitEvent) => void, cancel: () => void) {
  const topic = { id: 'new-topic', label: msg('Sujet'), error: errors.topic };
  const subject = { id: 'new-subject', label: msg('Objet du message'), hint: msg(str`${SUBJECT_MAX} caractères au plus.`), error: errors.subject };
  return html`<form part="form" novalidate @submit=${submit}>
    ${fieldFrame(
      topic,
      html`<select id="new-topic" name="topic" required aria-describedby=${describedBy(topic)} aria-invalid=${errors.topic ? 'true' : nothing}>
        <option value="">${msg('Choisissez un sujet')}</option>
        ${topics.map((t) => html`<option value=${t}>${t}</option>`)}
      </select>`,
    )}
    ${fieldFrame(
      subject,
      html`<input id="new-subject" name="subject" type="text" autocomplete="off" maxlength=${SUBJECT_MAX} required aria-describedby=${describedBy(subject)} aria-invalid=${errors.subject ? 'true' : nothing} />`,
    )}
    ${textArea('new-body', msg('Message'), msg(str`Texte simple, ${BODY_MAX.toLocaleString('fr-FR')} caractères au plus.`), errors.body)}
    ${filesField('new-files', errors.attachments)}
    <div class="actions">
      <button class="primary" type="submit" ?disabled=${busy}>${msg('Envoyer le message')}</button>
      <button type="button" @click=${cancel}>${msg('Annuler')}</button>
    </div>
  </form>`;
}
