import { call, type ApiClient } from './client.js';
import type {
  Conversation,
  ConversationList,
  HelpContent,
  MailPreferences,
  MyRequest,
  NewConversationBody,
  ReplyBody,
  UnreadCount,
} from '../../../server/src/contracts/index.js';

export type {
  AttachmentUpload,
  Conversation,
  ConversationList,
  ConversationSummary,
  HelpContent,
  HelpInline,
  MailPreferences,
  MessageAttachment,
  MessageView,
  MyRequest,
  ServiceContact,
} from '../../../server/src/contracts/index.js';

/** Calls of the "Messages, requests and help (parents)" section of docs/api.md. Writes are never retried. */

export function getConversations(client: ApiClient, signal?: AbortSignal): Promise<ConversationList> {
  return call(() => client.http.get('messages', { signal }).json<ConversationList>());
}

export function getConversation(client: ApiClient, id: string, signal?: AbortSignal): Promise<Conversation> {
  return call(() => client.http.get(`messages/${encodeURIComponent(id)}`, { signal }).json<Conversation>());
}

export function getUnread(client: ApiClient, signal?: AbortSignal): Promise<UnreadCount> {
  return call(() => client.http.get('messages/unread', { signal }).json<UnreadCount>());
}

export function startConversation(client: ApiClient, body: NewConversationBody, signal?: AbortSignal): Promise<Conversation> {
  return call(() => client.http.post('messages', { json: body, retry: 0, signal }).json<Conversation>());
}

export function reply(client: ApiClient, id: string, body: ReplyBody, signal?: AbortSignal): Promise<Conversation> {
  return call(() =>
    client.http.post(`messages/${encodeURIComponent(id)}/replies`, { json: body, retry: 0, signal }).json<Conversation>(),
  );
}

export function markRead(client: ApiClient, id: string, signal?: AbortSignal): Promise<UnreadCount> {
  return call(() =>
    client.http.post(`messages/${encodeURIComponent(id)}/read`, { json: {}, retry: 0, signal }).json<UnreadCount>(),
  );
}

export const attachmentPath = (conversationId: string, attachmentId: string): string =>
  `messages/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}`;

export function getRequests(client: ApiClient, signal?: AbortSignal): Promise<MyRequest[]> {
  return call(() => client.http.get('demandes', { signal }).json<MyRequest[]>());
}

/** The commune's contact, information message, help text and subjects: public, no session needed. */
export function getHelp(client: ApiClient, signal?: AbortSignal): Promise<HelpContent> {
  return call(() => client.http.get('aide', { signal }).json<HelpContent>());
}

export function getMailPreferences(client: ApiClient, signal?: AbortSignal): Promise<MailPreferences> {
  return call(() => client.http.get('mail-preferences', { signal }).json<MailPreferences>());
}

export function saveMailPreferences(client: ApiClient, body: MailPreferences, signal?: AbortSignal): Promise<MailPreferences> {
  return call(() => client.http.put('mail-preferences', { json: body, retry: 0, signal }).json<MailPreferences>());
}

/** The limits the server enforces too (docs/api.md): 3 files of 5 Mo, 150 characters of subject, 10 000 of text. */
export const ATTACHMENT_MIMES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_COUNT = 3;
export const BODY_MAX = 10_000;
export const SUBJECT_MAX = 150;
