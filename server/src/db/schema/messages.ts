import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, foreignKey, index, integer, boolean, jsonb, check, bigint, bigserial } from 'drizzle-orm/pg-core';
import { tenants, bytea } from './tenants.js';
import { families } from './families.js';
import { staffUsers } from './accounts.js';

export const DEFAULT_MESSAGE_TOPICS = ['Inscription', 'Absence', 'Facture', 'Changement de situation', 'Autre'];

/** The commune's service contact, help text and message settings; one row per tenant, written on first change. */
export const messageSettings = pgTable(
  'message_settings',
  {
    tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
    serviceName: text('service_name').notNull().default('Service enfance'),
    address: text('address'),
    openingHours: text('opening_hours'),
    phone: text('phone'),
    email: text('email'),
    infoMessage: text('info_message'),
    /** Plain text: a blank line between paragraphs, https:// addresses become links when shown. */
    helpText: text('help_text'),
    topics: text('topics').array().$type<string[]>().notNull().default(sql`'{"Inscription","Absence","Facture","Changement de situation","Autre"}'::text[]`),
    /** 'notice': the new-message e-mail carries only a link, never the message. */
    mailContent: text('mail_content', { enum: ['full', 'notice'] }).notNull().default('full'),
    messagesPageUrl: text('messages_page_url'),
    retentionMonths: integer('retention_months').notNull().default(24),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('message_settings_mail_content', sql`${t.mailContent} in ('full', 'notice')`),
    check('message_settings_retention', sql`${t.retentionMonths} between 6 and 120`),
  ],
);

/** A message to many families: who sent what to whom, one conversation per family. */
export const messageBulks = pgTable(
  'message_bulks',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    staffUserId: uuid('staff_user_id').notNull(),
    target: jsonb('target').$type<Record<string, unknown>>().notNull(),
    targetLabel: text('target_label').notNull(),
    topic: text('topic').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    families: integer('families').notNull(),
    mailsQueued: integer('mails_queued').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('message_bulks_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'message_bulks_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('message_bulks_sent').on(t.tenantId, t.sentAt),
  ],
);

/** A conversation between one family and the town hall. */
export const conversations = pgTable(
  'conversations',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    topic: text('topic').notNull(),
    subject: text('subject').notNull(),
    startedBy: text('started_by', { enum: ['family', 'town'] }).notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    assigneeId: uuid('assignee_id'),
    bulkId: uuid('bulk_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Last message to or from the family (internal notes excluded): orders the inboxes, drives retention. */
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    lastAuthor: text('last_author', { enum: ['family', 'town'] }).notNull(),
    /** `messages.seq` of the last message to or from the family. */
    lastMessageSeq: bigint('last_message_seq', { mode: 'number' }).notNull().default(0),
    /** How far the family has read (the `seq` of the last message then), and when it marked it read. */
    familyReadSeq: bigint('family_read_seq', { mode: 'number' }).notNull().default(0),
    familyReadAt: timestamp('family_read_at', { withTimezone: true }),
    /** How far an agent has read, when one last opened it. */
    staffReadSeq: bigint('staff_read_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    unique('conversations_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'conversations_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'conversations_assignee_fk', columns: [t.tenantId, t.assigneeId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    foreignKey({ name: 'conversations_bulk_fk', columns: [t.tenantId, t.bulkId], foreignColumns: [messageBulks.tenantId, messageBulks.id] }),
    index('conversations_family').on(t.tenantId, t.familyId, t.lastMessageAt),
    index('conversations_inbox').on(t.tenantId, t.lastMessageAt),
    index('conversations_bulk').on(t.tenantId, t.bulkId),
    check('conversations_started_by', sql`${t.startedBy} in ('family', 'town')`),
    check('conversations_status', sql`${t.status} in ('open', 'closed')`),
    check('conversations_last_author', sql`${t.lastAuthor} in ('family', 'town')`),
  ],
);

/** A message of a conversation, or an internal note of the town hall (never shown to the family). */
export const messages = pgTable(
  'messages',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    conversationId: uuid('conversation_id').notNull(),
    author: text('author', { enum: ['family', 'town'] }).notNull(),
    staffUserId: uuid('staff_user_id'),
    internal: boolean('internal').notNull().default(false),
    body: text('body').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    /** Order of writing, for messages of the same instant and for what a reader has seen. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('messages_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'messages_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
    foreignKey({ name: 'messages_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('messages_conversation').on(t.tenantId, t.conversationId, t.seq),
    check('messages_author', sql`${t.author} in ('family', 'town')`),
    check('messages_internal_by_town', sql`not ${t.internal} or ${t.author} = 'town'`),
  ],
);

/** A file joined to a message, stored after its type was read from its bytes. */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    messageId: uuid('message_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    name: text('name').notNull(),
    mime: text('mime', { enum: ['application/pdf', 'image/jpeg', 'image/png'] }).notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [
    unique('message_attachments_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'message_attachments_message_fk', columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete('cascade'),
    foreignKey({ name: 'message_attachments_conversation_fk', columns: [t.tenantId, t.conversationId], foreignColumns: [conversations.tenantId, conversations.id] }).onDelete('cascade'),
    index('message_attachments_message').on(t.tenantId, t.messageId),
  ],
);

/** Answers the town hall reuses. */
export const messageTemplates = pgTable(
  'message_templates',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('message_templates_tenant_id_id').on(t.tenantId, t.id)],
);
