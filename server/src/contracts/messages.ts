/**
 * Messages between a family and the town hall, "Mes demandes", the commune's contact and help, and
 * the e-mails a family chooses to receive (GET and POST /messages…, GET /demandes, GET /aide,
 * GET and PUT /mail-preferences).
 *
 * Every text is plain text: the widget shows it with its line breaks and never as HTML; only the
 * help text's https:// links, already cut out by the server (`HelpInline`), become links.
 *
 * The new-message e-mail links to the commune's messages page with the conversation in the
 * fragment: `{page}#portail-message={conversationId}`.
 */

/** Who wrote a message, as the family sees it: the family itself or the town hall. */
export type MessageAuthor = 'family' | 'town';

/** A conversation the town hall closed takes no more replies from the family. */
export type ConversationStatus = 'open' | 'closed';

/** A file joined to a message (PDF, JPEG or PNG, read from its bytes); its bytes come from GET /messages/{id}/attachments/{attachmentId}. */
export interface MessageAttachment {
  id: string;
  name: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  /** In bytes. */
  size: number;
}

/** One message of a conversation as the family reads it (the town hall's internal notes never appear). */
export interface MessageView {
  id: string;
  author: MessageAuthor;
  /** "Vous" for the family's own messages, the commune's service name (e.g. "Service enfance") for the town hall's. */
  authorName: string;
  /** Plain text, line breaks kept. */
  body: string;
  sentAt: string;
  attachments: MessageAttachment[];
}

/** A line of the inbox (GET /messages). */
export interface ConversationSummary {
  id: string;
  /** One of the commune's subjects ("Inscription", "Absence"…), as chosen when the conversation began. */
  topic: string;
  /** The conversation's title, plain text. */
  subject: string;
  /** Who began it: the family ("Nouveau message") or the town hall (a message to one or many families). */
  startedBy: MessageAuthor;
  /** The other party's name as shown in the list: the commune's service name. */
  correspondent: string;
  status: ConversationStatus;
  lastMessageAt: string;
  lastAuthor: MessageAuthor;
  /** The start of the last message, at most 140 characters, on one line. */
  preview: string;
  /** Town hall messages the family has not read yet. */
  unread: number;
  /** The family wrote last and the town hall has not answered yet. */
  awaitingAnswer: boolean;
}

/** GET /messages: the family's conversations, the most recent activity first. */
export interface ConversationList {
  conversations: ConversationSummary[];
  /** Unread town hall messages across every conversation ("Vous avez N nouveaux messages"). */
  unread: number;
}

/** GET /messages/{id}, and the answer of POST /messages and POST /messages/{id}/replies. Reading it does not mark it read. */
export interface Conversation extends ConversationSummary {
  /** Oldest first. */
  messages: MessageView[];
}

/** GET /messages/unread, and POST /messages/{id}/read: what the badge shows. */
export interface UnreadCount {
  unread: number;
}

/** A file sent with a message: its name (for display only) and its bytes in base64; at most 3 files, 5 Mo each. */
export interface AttachmentUpload {
  name: string;
  data: string;
}

/**
 * POST /messages: a new conversation with the town hall. `topic` is one of the commune's subjects
 * (`HelpContent.topics`); `subject` at most 150 characters; `body` 1 to 10 000 characters.
 */
export interface NewConversationBody {
  topic: string;
  subject: string;
  body: string;
  attachments?: AttachmentUpload[];
}

/** POST /messages/{id}/replies: answered 201 with the whole `Conversation`; a closed conversation answers 409. */
export interface ReplyBody {
  body: string;
  attachments?: AttachmentUpload[];
}

/** What a line of "Mes demandes" is about. */
export type RequestKind = 'family_change' | 'document' | 'booking_request' | 'waitlist' | 'message';

/** Where a request stands. */
export type RequestState = 'pending' | 'accepted' | 'refused' | 'waitlisted' | 'answered';

/** The element where a request is handled: the family file, documents, planning or messages. */
export type RequestTarget = 'famille' | 'documents' | 'planning' | 'messages';

/**
 * A line of "Mes demandes" (GET /demandes): requests still waiting, and those decided in the last
 * 30 days with their outcome, newest first.
 */
export interface MyRequest {
  /** `${kind}:${id}`, stable across reads. */
  key: string;
  kind: RequestKind;
  /** French name of the kind ("Modification du dossier", "Document", "Demande de réservation", "Liste d’attente", "Message"). */
  kindLabel: string;
  /** What it is about: "Coordonnées – Léa", "Attestation CAF", "Cantine – Léa – lundi 8 septembre 2026", the message subject. */
  label: string;
  state: RequestState;
  /** French name of the state ("En attente de validation", "Accepté"…). */
  stateLabel: string;
  /** When it was asked for (ISO instant). */
  requestedAt: string;
  /** When it was decided or answered, if it was. */
  decidedAt: string | null;
  /** The decision's reason or note when the town hall gave one (a document's refusal reason…). */
  outcome: string | null;
  /** Place on the waiting list (1 = next), for `waitlist` only. */
  position: number | null;
  /** The day concerned (YYYY-MM-DD), for bookings and waiting lists. */
  day: string | null;
  target: RequestTarget;
  /** The id to open there (conversation, document, child), if any. */
  targetId: string | null;
}

/** A piece of a help paragraph: text, or a link the server found (https:// only). */
export type HelpInline = { text: string } | { text: string; href: string };

/** The commune's children's service, as parents contact it. Every field may be empty. */
export interface ServiceContact {
  /** "Service enfance", by default. */
  name: string;
  /** Postal address, lines separated by line breaks. */
  address: string | null;
  /** Opening hours, plain text with line breaks. */
  openingHours: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * GET /aide (public, no session): the contact, the information message and the help text cut into
 * paragraphs (a blank line separates two), each paragraph a list of text and link pieces.
 */
export interface HelpContent {
  contact: ServiceContact;
  infoMessage: string | null;
  help: HelpInline[][];
  /** The subjects a parent chooses from for "Nouveau message". */
  topics: string[];
}

/** GET and PUT /mail-preferences: which e-mails the family receives (all on by default). */
export interface MailPreferences {
  /** A new message from the town hall. */
  messages: boolean;
  /** A new invoice (the same switch as the invoices page's "Me prévenir par mail"). */
  invoices: boolean;
  /** The town hall's answer to a booking request. */
  bookings: boolean;
  /** A place freed up for a child on a waiting list. */
  waitlist: boolean;
}
