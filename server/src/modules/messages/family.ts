import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, families, messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type * as Contract from '../../contracts/index.js';
import { rowsOf } from '../../db/rows.js';
import { ApiError, invalidField, notFound } from '../../errors.js';
import { attachmentFile, attachmentsOf, checkAttachments, storeAttachments } from './attachments.js';
import { readMessageSettings } from './settings.js';

/**
 * A family's side of its conversations with the town hall. Every query names the family: a
 * conversation of another family or commune is "introuvable", like one that does not exist.
 * Internal notes are never read here.
 */

const NOT_FOUND = 'Cette conversation est introuvable.';
const CLOSED = 'Cette conversation a été close par la mairie : écrivez un nouveau message pour une nouvelle demande.';

/** The start of a message on one line, for the lists. */
export const previewOf = (body: string | null) => {
  const flat = (body ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
};

interface SummaryRow {
  id: string;
  topic: string;
  subject: string;
  started_by: Contract.MessageAuthor;
  status: Contract.ConversationStatus;
  last_message_at: string | Date;
  last_author: Contract.MessageAuthor;
  preview: string | null;
  unread: number;
}

const iso = (value: string | Date) => new Date(value).toISOString();

function summaryOf(row: SummaryRow, serviceName: string): Contract.ConversationSummary {
  return {
    id: row.id,
    topic: row.topic,
    subject: row.subject,
    startedBy: row.started_by,
    correspondent: serviceName,
    status: row.status,
    lastMessageAt: iso(row.last_message_at),
    lastAuthor: row.last_author,
    preview: previewOf(row.preview),
    unread: Number(row.unread),
    awaitingAnswer: row.status === 'open' && row.last_author === 'family',
  };
}

const summaries = (db: Deps['database']['db'] | Tx, tenantId: string, familyId: string, conversationId: string | null) =>
  rowsOf<SummaryRow>(
    db,
    sql`
    select c.id, c.topic, c.subject, c.started_by, c.status, c.last_message_at, c.last_author,
      (select m.body from messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and not m.internal order by m.seq desc limit 1) as preview,
      (select count(*)::int from messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and m.author = 'town' and not m.internal
         and m.seq > c.family_read_seq) as unread
    from conversations c
    where c.tenant_id = ${tenantId} and c.family_id = ${familyId} ${conversationId ? sql`and c.id = ${conversationId}` : sql``}
    order by c.last_message_at desc, c.id
    limit 200`,
  );

/** The unread town hall messages of a family, for the badge and the notice at login. */
export async function unreadCount(db: Deps['database']['db'] | Tx, tenantId: string, familyId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`
    select count(*)::int as n from messages m join conversations c on c.tenant_id = m.tenant_id and c.id = m.conversation_id
    where c.tenant_id = ${tenantId} and c.family_id = ${familyId} and m.author = 'town' and not m.internal
      and m.seq > c.family_read_seq`,
  );
  return Number(row?.n ?? 0);
}

export async function listConversations(deps: Deps, tenantId: string, familyId: string): Promise<Contract.ConversationList> {
  const { db } = deps.database;
  const { serviceName } = await readMessageSettings(db, tenantId);
  const rows = await summaries(db, tenantId, familyId, null);
  return { conversations: rows.map((row) => summaryOf(row, serviceName)), unread: await unreadCount(db, tenantId, familyId) };
}

export async function readConversation(deps: Deps, tenantId: string, familyId: string, id: string, db: Deps['database']['db'] | Tx = deps.database.db): Promise<Contract.Conversation> {
  const { serviceName } = await readMessageSettings(db, tenantId);
  const [row] = await summaries(db, tenantId, familyId, id);
  if (!row) throw notFound(NOT_FOUND);
  const list = await db
    .select({ id: messages.id, author: messages.author, body: messages.body, sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.conversationId, id), eq(messages.internal, false)))
    .orderBy(asc(messages.seq));
  const files = await attachmentsOf(db, tenantId, list.map((m) => m.id));
  return {
    ...summaryOf(row, serviceName),
    messages: list.map((m) => ({
      id: m.id,
      author: m.author,
      authorName: m.author === 'family' ? 'Vous' : serviceName,
      body: m.body,
      sentAt: m.sentAt.toISOString(),
      attachments: files.get(m.id) ?? [],
    })),
  };
}

/** A family may not open conversations faster than a town hall reads them. */
export const MAX_NEW_PER_DAY = 20;

export async function startConversation(deps: Deps, tenantId: string, familyId: string, input: Contract.NewConversationBody): Promise<Contract.Conversation> {
  const files = await checkAttachments(input.attachments);
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    // The family row is locked so that two messages at once cannot both pass the daily cap.
    await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId))).for('update');
    const { topics } = await readMessageSettings(tx, tenantId);
    if (!topics.includes(input.topic)) throw invalidField('topic', 'Choisissez le sujet dans la liste.');
    const [{ today }] = await rowsOf<{ today: number }>(
      tx,
      sql`select count(*)::int as today from conversations where tenant_id = ${tenantId} and family_id = ${familyId} and started_by = 'family' and created_at > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz`,
    );
    if (Number(today) >= MAX_NEW_PER_DAY) throw new ApiError(429, 'trop_de_messages', `Vous avez déjà écrit ${MAX_NEW_PER_DAY} nouveaux messages aujourd’hui : répondez dans une conversation existante ou réessayez demain.`);
    const [conversation] = await tx
      .insert(conversations)
      .values({ tenantId, familyId, topic: input.topic, subject: input.subject, startedBy: 'family', createdAt: now, lastMessageAt: now, lastAuthor: 'family' })
      .returning({ id: conversations.id });
    const [message] = await tx.insert(messages).values({ tenantId, conversationId: conversation.id, author: 'family', body: input.body, sentAt: now }).returning({ id: messages.id, seq: messages.seq });
    await storeAttachments(tx, tenantId, conversation.id, message.id, files);
    await tx.update(conversations).set({ lastMessageSeq: message.seq }).where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversation.id)));
    return readConversation(deps, tenantId, familyId, conversation.id, tx);
  });
}

export async function replyAsFamily(deps: Deps, tenantId: string, familyId: string, id: string, input: Contract.ReplyBody): Promise<Contract.Conversation> {
  const files = await checkAttachments(input.attachments);
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ status: conversations.status })
      .from(conversations)
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id), eq(conversations.familyId, familyId)))
      .for('update');
    if (!conversation) throw notFound(NOT_FOUND);
    if (conversation.status === 'closed') throw new ApiError(409, 'conversation_close', CLOSED);
    const [message] = await tx.insert(messages).values({ tenantId, conversationId: id, author: 'family', body: input.body, sentAt: now }).returning({ id: messages.id, seq: messages.seq });
    await storeAttachments(tx, tenantId, id, message.id, files);
    await tx
      .update(conversations)
      .set({ lastMessageAt: now, lastAuthor: 'family', lastMessageSeq: message.seq })
      .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)));
    return readConversation(deps, tenantId, familyId, id, tx);
  });
}

/** Marks every message of the conversation read; answers what is left unread across the inbox. */
export async function markRead(deps: Deps, tenantId: string, familyId: string, id: string): Promise<Contract.UnreadCount> {
  const { db } = deps.database;
  const updated = await db
    .update(conversations)
    .set({ familyReadSeq: sql`${conversations.lastMessageSeq}`, familyReadAt: deps.clock.now() })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id), eq(conversations.familyId, familyId)))
    .returning({ id: conversations.id });
  if (updated.length === 0) throw notFound(NOT_FOUND);
  return { unread: await unreadCount(db, tenantId, familyId) };
}

/** A file of one of the family's conversations; an internal note's file is never one (notes carry none). */
export async function familyAttachment(deps: Deps, tenantId: string, familyId: string, conversationId: string, id: string) {
  const { db } = deps.database;
  const [owned] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId), eq(conversations.familyId, familyId)));
  const file = owned ? await attachmentFile(db, tenantId, conversationId, id) : null;
  if (!file) throw notFound('Cette pièce jointe est introuvable.');
  return file;
}
