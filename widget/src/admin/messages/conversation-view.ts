import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { formatDateTime } from '../../base/format.js';
import type { MessageAgent, MessageTemplate, StaffConversation, StaffMessage } from '../api/messages.js';
import { stateLabel } from './labels.js';

/** What the conversation's templates need from `<portail-admin-messages>`. */
export interface ConversationActions {
  busy: boolean;
  agents: readonly MessageAgent[];
  templates: readonly MessageTemplate[];
  errors: Record<string, string>;
  assign(assigneeId: string | null): void;
  setStatus(status: 'open' | 'closed'): void;
  reply(event: SubmitEvent): void;
  note(event: SubmitEvent): void;
  download(attachmentId: string, name: string): void;
}

const fieldError = (id: string, error: string | undefined) => (error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing);

/** One conversation for the town hall: its thread with the internal notes in their place, and what an agent can do. */
export function conversationView(c: StaffConversation, a: ConversationActions) {
  return html`<section class="card conversation" aria-labelledby="conversation-title">
    <h3 id="conversation-title" tabindex="-1">${c.subject}</h3>
    <p>
      ${c.familyName} <span class="hint">${msg(str`(n° ${c.familyNumber})`)}</span> – ${c.topic} –
      <span class="badge state-${c.state}">${stateLabel(c.state)}</span>
    </p>
    <div class="inline-form">
      <div class="field">
        <label for="conversation-assignee">${msg('Attribuée à')}</label>
        <select id="conversation-assignee" ?disabled=${a.busy} @change=${(e: Event) => a.assign((e.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${!c.assignee}>${msg('Personne')}</option>
          ${a.agents.map((agent) => html`<option value=${agent.id} ?selected=${c.assignee?.id === agent.id}>${agent.name}</option>`)}
        </select>
      </div>
      ${c.status === 'closed'
        ? html`<button type="button" ?disabled=${a.busy} @click=${() => a.setStatus('open')}>${msg('Rouvrir la conversation')}</button>`
        : html`<button type="button" ?disabled=${a.busy} @click=${() => a.setStatus('closed')}>${msg('Clore la conversation')}</button>`}
    </div>
    <ol class="thread">
      ${c.messages.map((m) => messageItem(m, a))}
    </ol>
    ${replyForm(a)} ${noteForm(a)}
  </section>`;
}

function messageItem(m: StaffMessage, a: ConversationActions) {
  const who = m.internal ? 'note' : m.author === 'family' ? 'family' : 'town';
  return html`<li class=${who}>
    <p class="meta">
      <strong>${m.authorName}</strong> – ${formatDateTime(m.sentAt)}
      ${m.internal ? html`<span class="note-label">${msg('Note interne – non visible par la famille')}</span>` : nothing}
      ${!m.internal && m.author === 'town'
        ? html`<span class="hint">${m.readByFamilyAt ? msg(str`Lu par la famille le ${formatDateTime(m.readByFamilyAt)}`) : msg('Pas encore lu par la famille')}</span>`
        : nothing}
    </p>
    <p class="body">${m.body}</p>
    ${m.attachments.length
      ? html`<ul class="plain">
          ${m.attachments.map(
            (f) => html`<li><button type="button" class="link" @click=${() => a.download(f.id, f.name)}>${msg(str`Ouvrir « ${f.name} »`)}</button></li>`,
          )}
        </ul>`
      : nothing}
  </li>`;
}

function replyForm(a: ConversationActions) {
  const error = a.errors.body;
  const fileError = a.errors.attachments;
  return html`<form class="reply" aria-labelledby="reply-title" novalidate @submit=${a.reply}>
    <h4 id="reply-title">${msg('Répondre à la famille')}</h4>
    ${a.templates.length
      ? html`<div class="field">
          <label for="reply-template">${msg('Insérer un modèle de réponse')}</label>
          <select
            id="reply-template"
            @change=${(e: Event) => {
              const select = e.target as HTMLSelectElement;
              const template = a.templates.find((t) => t.id === select.value);
              const area = select.form?.elements.namedItem('body') as HTMLTextAreaElement | null;
              if (template && area) area.value = area.value.trim() ? `${area.value.trimEnd()}\n\n${template.body}` : template.body;
              select.value = '';
            }}
          >
            <option value="">${msg('Choisir un modèle…')}</option>
            ${a.templates.map((t) => html`<option value=${t.id}>${t.title}</option>`)}
          </select>
        </div>`
      : nothing}
    <div class="field">
      <label for="reply-body">${msg('Réponse (envoyée à la famille, par e-mail aussi selon ses choix)')}</label>
      <textarea id="reply-body" name="body" rows="6" maxlength="10000" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'reply-body-error' : nothing}></textarea>
      ${fieldError('reply-body', error)}
    </div>
    <div class="field">
      <label for="reply-files">${msg('Pièces jointes (PDF, JPEG ou PNG, 3 au plus)')}</label>
      <input id="reply-files" name="attachments" type="file" multiple accept="application/pdf,image/jpeg,image/png" aria-invalid=${fileError ? 'true' : 'false'} aria-describedby=${fileError ? 'reply-files-error' : nothing} />
      ${fieldError('reply-files', fileError)}
    </div>
    <label class="check"><input type="checkbox" name="close" /> ${msg('Clore la conversation après l’envoi')}</label>
    <div class="actions"><button type="submit" class="primary" ?disabled=${a.busy}>${msg('Envoyer la réponse')}</button></div>
  </form>
  `;
}

function noteForm(a: ConversationActions) {
  const error = a.errors.note;
  return html`<form class="note-form" aria-labelledby="note-title" novalidate @submit=${a.note}>
    <h4 id="note-title">${msg('Note interne')}</h4>
    <div class="field">
      <label for="note-body">${msg('Note pour les agents (non visible par la famille)')}</label>
      <textarea id="note-body" name="body" rows="3" maxlength="10000" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'note-body-error' : nothing}></textarea>
      ${fieldError('note-body', error)}
    </div>
    <div class="actions"><button type="submit" ?disabled=${a.busy}>${msg('Ajouter la note')}</button></div>
  </form>`;
}
