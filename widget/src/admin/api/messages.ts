/** The town hall's inbox, answer templates, messages to many families and the commune's message settings. */
import { download, query, request, segment } from './client.js';
import type {
  AttachmentUpload,
  BulkMessage,
  BulkMessageBody,
  BulkPreview,
  BulkPreviewBody,
  BulkTarget,
  ConversationChange,
  HelpInline,
  InternalNoteBody,
  MessageAgent,
  MessageSettings,
  MessageSettingsAnswer,
  MessageTemplate,
  MessageTemplateBody,
  StaffConversation,
  StaffConversationFilter,
  StaffConversationPage,
  StaffConversationState,
  StaffConversationSummary,
  StaffMessage,
  StaffReplyBody,
} from '../../../../server/src/contracts/staff/index.js';

export type {
  AttachmentUpload,
  BulkMessage,
  BulkTarget,
  HelpInline,
  MessageAgent,
  MessageSettings,
  MessageSettingsAnswer,
  MessageTemplate,
  StaffConversation,
  StaffConversationFilter,
  StaffConversationPage,
  StaffConversationState,
  StaffConversationSummary,
  StaffMessage,
};

export interface InboxQuery {
  state: StaffConversationFilter;
  q?: string;
  assignee?: string;
  page?: number;
}

export const getInbox = ({ state, q, assignee, page }: InboxQuery, signal?: AbortSignal) =>
  request<StaffConversationPage>('get', `messages${query({ state, q, assignee, page: page && page > 1 ? String(page) : undefined })}`, { signal });
export const openConversation = (id: string, signal?: AbortSignal) => request<StaffConversation>('get', `messages/${segment(id)}`, { signal });
export const changeConversation = (id: string, change: ConversationChange) =>
  request<StaffConversation>('patch', `messages/${segment(id)}`, { body: change });
export const replyToFamily = (id: string, body: StaffReplyBody) =>
  request<StaffConversation>('post', `messages/${segment(id)}/replies`, { body });
export const addNote = (id: string, body: InternalNoteBody) => request<StaffConversation>('post', `messages/${segment(id)}/notes`, { body });
export const attachmentFile = (conversationId: string, attachmentId: string, name: string) =>
  download(`messages/${segment(conversationId)}/attachments/${segment(attachmentId)}`, name);

export const getTemplates = (signal?: AbortSignal) => request<MessageTemplate[]>('get', 'message-templates', { signal });
export const createTemplate = (body: MessageTemplateBody) => request<MessageTemplate[]>('post', 'message-templates', { body });
export const updateTemplate = (id: string, body: MessageTemplateBody) => request<MessageTemplate[]>('put', `message-templates/${segment(id)}`, { body });
export const deleteTemplate = (id: string) => request<MessageTemplate[]>('delete', `message-templates/${segment(id)}`);

export const previewBulk = (target: BulkTarget) => request<BulkPreview>('post', 'messages/bulk/preview', { body: { target } satisfies BulkPreviewBody });
export const sendBulk = (body: BulkMessageBody) => request<BulkMessage>('post', 'messages/bulk', { body });
export const getBulks = (signal?: AbortSignal) => request<BulkMessage[]>('get', 'messages/bulk', { signal });

export const getMessageSettings = (signal?: AbortSignal) => request<MessageSettingsAnswer>('get', 'message-settings', { signal });
export const saveMessageSettings = (body: MessageSettings) => request<MessageSettingsAnswer>('put', 'message-settings', { body });
