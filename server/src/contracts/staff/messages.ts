/**
 * The town hall's inbox: conversations with families, internal notes, answer templates, messages
 * to many families at once, and the commune's contact, help and message settings.
 */
import type { ConversationStatus, MessageAttachment, AttachmentUpload, HelpInline } from '../messages.js';

export type { ConversationStatus, MessageAttachment, AttachmentUpload, HelpInline };

/**
 * Where a conversation stands for the town hall: `unread` (the family wrote and no agent opened it
 * since), `waiting` (read, the family waits for an answer), `answered` (the town hall wrote last),
 * `closed`.
 */
export type StaffConversationState = 'unread' | 'waiting' | 'answered' | 'closed';

/** The `state` query of GET /messages. */
export type StaffConversationFilter = StaffConversationState | 'open' | 'all';

/** An agent or admin a conversation can be assigned to. */
export interface MessageAgent {
  id: string;
  name: string;
}

/** A line of the staff inbox. */
export interface StaffConversationSummary {
  id: string;
  familyId: string;
  familyName: string;
  familyNumber: string;
  topic: string;
  subject: string;
  startedBy: 'family' | 'town';
  state: StaffConversationState;
  status: ConversationStatus;
  assignee: MessageAgent | null;
  lastMessageAt: string;
  /** The start of the last message (internal notes excluded), at most 140 characters. */
  preview: string;
  /** Set when the conversation came from a message to many families. */
  bulkId: string | null;
}

/**
 * GET /messages?state=&q=&assignee=&familyId=&page=: 50 a page, the most recent activity first.
 * `q` searches the family's name and number, the subject and the messages' text; `assignee` is
 * `me`, `none` or an agent's id; `familyId` keeps one family's conversations.
 */
export interface StaffConversationPage {
  conversations: StaffConversationSummary[];
  total: number;
  page: number;
  pageSize: number;
  /** Conversations per state over the whole inbox, whatever the filter. */
  counts: Record<StaffConversationState, number>;
  /** Who a conversation can be assigned to. */
  agents: MessageAgent[];
}

/** A message or an internal note as the town hall reads it. */
export interface StaffMessage {
  id: string;
  author: 'family' | 'town';
  /** The family's name, or the agent's. */
  authorName: string;
  /** An internal note: never shown nor sent to the family. */
  internal: boolean;
  body: string;
  sentAt: string;
  attachments: MessageAttachment[];
  /** For the town hall's messages: when the family read it, if it did. */
  readByFamilyAt: string | null;
}

/** GET /messages/{id} (opening it marks it read for the town hall), and the answer of every write on it. */
export interface StaffConversation extends StaffConversationSummary {
  /** Oldest first, internal notes in their place. */
  messages: StaffMessage[];
}

/** POST /messages: the town hall begins a conversation with one family (sent by e-mail too, as the family chose). */
export interface StaffNewConversationBody {
  familyId: string;
  topic: string;
  subject: string;
  body: string;
  attachments?: AttachmentUpload[];
}

/** POST /messages/{id}/replies: an answer to the family (it reopens a closed conversation). */
export interface StaffReplyBody {
  body: string;
  attachments?: AttachmentUpload[];
  /** Close the conversation once answered. */
  close?: boolean;
}

/** POST /messages/{id}/notes: an internal note, 1 to 10 000 characters. */
export interface InternalNoteBody {
  body: string;
}

/** PATCH /messages/{id}: close or reopen, assign (`null` for nobody). */
export interface ConversationChange {
  status?: ConversationStatus;
  assigneeId?: string | null;
}

/** GET /message-templates; POST answers 201 with the list as it now stands, PUT and DELETE /message-templates/{id} too. */
export interface MessageTemplate {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** POST and PUT /message-templates: a title of at most 100 characters and a body of at most 10 000. */
export interface MessageTemplateBody {
  title: string;
  body: string;
}

/**
 * The families a message to many is for: every family, the families with a child at a school, with
 * a child enrolled in a service (on `day`, or today), or with a booking on a given day (of one
 * service, or any).
 */
export type BulkTarget =
  | { kind: 'all' }
  | { kind: 'school'; schoolId: string }
  | { kind: 'service'; serviceId: string }
  | { kind: 'bookings'; day: string; serviceId?: string | null };

/** POST /messages/bulk/preview. */
export interface BulkPreviewBody {
  target: BulkTarget;
}

/** How many families a target reaches, and its French description ("Familles de « École Jules Ferry »"). */
export interface BulkPreview {
  families: number;
  targetLabel: string;
}

/** POST /messages/bulk: one conversation per targeted family, queued with its e-mails in one transaction. */
export interface BulkMessageBody {
  target: BulkTarget;
  topic: string;
  subject: string;
  body: string;
}

/** The answer of POST /messages/bulk (201), and a line of GET /messages/bulk (the history, newest first). */
export interface BulkMessage {
  id: string;
  targetLabel: string;
  subject: string;
  families: number;
  mailsQueued: number;
  sentBy: string;
  sentAt: string;
}

/** How new-message e-mails read: with the message's text, or only a notice with the link ("notification sans contenu"). */
export type MessageMailContent = 'full' | 'notice';

/** PUT /message-settings (admins only, every field sent); GET and PUT answer `MessageSettingsAnswer`. */
export interface MessageSettings {
  serviceName: string;
  address: string | null;
  openingHours: string | null;
  phone: string | null;
  email: string | null;
  /** The information message shown on the help page. */
  infoMessage: string | null;
  /** Plain text: a blank line separates paragraphs, https:// addresses become links. At most 10 000 characters. */
  helpText: string | null;
  /** The subjects parents choose from (1 to 12, each 1 to 60 characters). */
  topics: string[];
  mailContent: MessageMailContent;
  /** The town page holding <portail-messages>, linked from the e-mails; empty → the portal address. */
  messagesPageUrl: string | null;
  /** How long conversations are kept after their last message, in months (6 to 120; 24 by default). */
  retentionMonths: number;
}

/** PUT /message-settings. */
export type MessageSettingsBody = MessageSettings;

/** GET and PUT /message-settings: the settings and the help text cut as parents will see it. */
export interface MessageSettingsAnswer extends MessageSettings {
  help: HelpInline[][];
}
