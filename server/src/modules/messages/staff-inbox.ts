import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { conversations, families, messages, staffUsers } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import type { Staff } from '../../contracts/index.js';
import { rowsOf } from '../../db/rows.js';
import { containing } from '../../db/like.js';
import { invalidField, notFound } from '../../errors.js';
import { attachmentFile, attachmentsOf } from './attachments.js';
import { previewOf } from './family.js';

/** The town hall's inbox: every conversation of the commune, its state, who handles it, search. */

export const NOT_FOUND = 'Cette conversation est introuvable.';
export const PAGE_SIZE = 50;

/** Where a conversation stands, from its columns alone (indexable, the same in the list and the counts). */
const STATE = sql`case when c.status = 'closed' then 'closed' when c.last_author = 'town' then 'answered' when c.staff_read_seq < c.last_message_seq then 'unread' else 'waiting' end`;

interface SummaryRow {
  id: string;
  family_id: string;
  family_name: string;
  family_number: string;
  topic: string;
  subject: string;
  started_by: 'family' | 'town';
  state: Staff.StaffConversationState;
  status: Staff.ConversationStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  last_message_at: string | Date;
  preview: string | null;
  bulk_id: string | null;
}

const summaryOf = (row: SummaryRow): Staff.StaffConversationSummary => ({
  id: row.id,
  familyId: row.family_id,
  familyName: row.family_name,
  familyNumber: row.family_number,
  topic: row.topic,
  subject: row.subject,
  startedBy: row.started_by,
  state: row.state,
  status: row.status,
  assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
  lastMessageAt: new Date(row.last_message_at).toISOString(),
  preview: previewOf(row.preview),
  bulkId: row.bulk_id,
});

const summaryQuery = (tenantId: string, where: SQL, tail: SQL = sql``) => sql`
  select c.id, c.family_id, f.name as family_name, f.family_number, c.topic, c.subject, c.started_by, ${STATE} as state, c.status,
    c.assignee_id, s.display_name as assignee_name, c.last_message_at, c.bulk_id,
    (select m.body from messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and not m.internal order by m.seq desc limit 1) as preview
  from conversations c
  join families f on f.tenant_id = c.tenant_id and f.id = c.family_id
  left join staff_users s on s.tenant_id = c.tenant_id and s.id = c.assignee_id
  where c.tenant_id = ${tenantId} and ${where}
  ${tail}`;

export interface InboxQuery {
  state: Staff.StaffConversationFilter;
  q: string;
  assignee?: 'me' | 'none' | string;
  familyId?: string;
  page: number;
}

async function agentsOf(db: Db | Tx, tenantId: string): Promise<Staff.MessageAgent[]> {
  return db
    .select({ id: staffUsers.id, name: staffUsers.displayName })
    .from(staffUsers)
    .where(and(eq(staffUsers.tenantId, tenantId), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.displayName));
}

export async function listInbox(deps: Deps, staff: StaffContext, query: InboxQuery): Promise<Staff.StaffConversationPage> {
  const { db } = deps.database;
  const filters: SQL[] = [];
  if (query.state === 'open') filters.push(sql`c.status = 'open'`);
  else if (query.state !== 'all') filters.push(sql`${STATE} = ${query.state}`);
  if (query.assignee === 'me') filters.push(sql`c.assignee_id = ${staff.staffUserId}`);
  else if (query.assignee === 'none') filters.push(sql`c.assignee_id is null`);
  else if (query.assignee) filters.push(sql`c.assignee_id = ${query.assignee}`);
  if (query.familyId) filters.push(sql`c.family_id = ${query.familyId}`);
  if (query.q) {
    const like = containing(query.q);
    filters.push(sql`(f.name ilike ${like} or f.family_number ilike ${like} or c.subject ilike ${like} or exists (
      select 1 from messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and m.body ilike ${like}))`);
  }
  const where = filters.length ? sql.join(filters, sql` and `) : sql`true`;
  const rows = await rowsOf<SummaryRow>(db, summaryQuery(staff.tenantId, where, sql`order by c.last_message_at desc, c.id limit ${PAGE_SIZE} offset ${(query.page - 1) * PAGE_SIZE}`));
  const [{ total }] = await rowsOf<{ total: number }>(
    db,
    sql`select count(*)::int as total from conversations c join families f on f.tenant_id = c.tenant_id and f.id = c.family_id where c.tenant_id = ${staff.tenantId} and ${where}`,
  );
  const countRows = await rowsOf<{ state: Staff.StaffConversationState; n: number }>(
    db,
    sql`select ${STATE} as state, count(*)::int as n from conversations c where c.tenant_id = ${staff.tenantId} group by 1`,
  );
  const counts: Record<Staff.StaffConversationState, number> = { unread: 0, waiting: 0, answered: 0, closed: 0 };
  for (const row of countRows) counts[row.state] = Number(row.n);
  return { conversations: rows.map(summaryOf), total: Number(total), page: query.page, pageSize: PAGE_SIZE, counts, agents: await agentsOf(db, staff.tenantId) };
}

/** A conversation with its messages and internal notes; `markRead` when an agent opens it. */
export async function staffConversation(db: Db | Tx, tenantId: string, id: string): Promise<Staff.StaffConversation> {
  const [row] = await rowsOf<SummaryRow>(db, summaryQuery(tenantId, sql`c.id = ${id}`));
  if (!row) throw notFound(NOT_FOUND);
  const list = await rowsOf<{ id: string; author: 'family' | 'town'; internal: boolean; body: string; sent_at: string | Date; agent: string | null; read_at: string | Date | null }>(
    db,
    sql`
    select m.id, m.author, m.internal, m.body, m.sent_at, s.display_name as agent,
      case when m.author = 'town' and not m.internal and m.seq <= c.family_read_seq then c.family_read_at end as read_at
    from messages m
    join conversations c on c.tenant_id = m.tenant_id and c.id = m.conversation_id
    left join staff_users s on s.tenant_id = m.tenant_id and s.id = m.staff_user_id
    where m.tenant_id = ${tenantId} and m.conversation_id = ${id}
    order by m.seq`,
  );
  const files = await attachmentsOf(db, tenantId, list.map((m) => m.id));
  return {
    ...summaryOf(row),
    messages: list.map((m) => ({
      id: m.id,
      author: m.author,
      authorName: m.author === 'family' ? row.family_name : (m.agent ?? 'Mairie'),
      internal: m.internal,
      body: m.body,
      sentAt: new Date(m.sent_at).toISOString(),
      attachments: files.get(m.id) ?? [],
      readByFamilyAt: m.read_at ? new Date(m.read_at).toISOString() : null,
    })),
  };
}

/** Opening a conversation marks it read for the town hall: it leaves "non lus" for "en attente". */
export async function openConversation(deps: Deps, staff: StaffContext, id: string): Promise<Staff.StaffConversation> {
  const { db } = deps.database;
  const updated = await db
    .update(conversations)
    .set({ staffReadSeq: sql`${conversations.lastMessageSeq}` })
    .where(and(eq(conversations.tenantId, staff.tenantId), eq(conversations.id, id)))
    .returning({ id: conversations.id });
  if (updated.length === 0) throw notFound(NOT_FOUND);
  return staffConversation(db, staff.tenantId, id);
}

/** Close or reopen, assign to an active agent of the commune or to nobody. */
export async function changeConversation(deps: Deps, staff: StaffContext, id: string, change: Staff.ConversationChange): Promise<Staff.StaffConversation> {
  return deps.database.db.transaction(async (tx) => {
    if (change.assigneeId) {
      const [agent] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.tenantId, staff.tenantId), eq(staffUsers.id, change.assigneeId), isNull(staffUsers.disabledAt)));
      if (!agent) throw invalidField('assigneeId', 'Cet agent est introuvable : choisissez un agent de la liste.');
    }
    const updated = await tx
      .update(conversations)
      .set({ ...(change.status ? { status: change.status } : {}), ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}) })
      .where(and(eq(conversations.tenantId, staff.tenantId), eq(conversations.id, id)))
      .returning({ id: conversations.id });
    if (updated.length === 0) throw notFound(NOT_FOUND);
    return staffConversation(tx, staff.tenantId, id);
  });
}

/**
 * An internal note: written in the conversation for the town hall only. It moves neither the order
 * nor what the family sees; the agent who writes it has read the conversation.
 */
export async function addNote(deps: Deps, staff: StaffContext, id: string, body: string): Promise<Staff.StaffConversation> {
  return deps.database.db.transaction(async (tx) => {
    const [conversation] = await tx
      .update(conversations)
      .set({ staffReadSeq: sql`${conversations.lastMessageSeq}` })
      .where(and(eq(conversations.tenantId, staff.tenantId), eq(conversations.id, id)))
      .returning({ id: conversations.id });
    if (!conversation) throw notFound(NOT_FOUND);
    await tx.insert(messages).values({ tenantId: staff.tenantId, conversationId: id, author: 'town', staffUserId: staff.staffUserId, internal: true, body, sentAt: deps.clock.now() });
    return staffConversation(tx, staff.tenantId, id);
  });
}

export async function staffAttachment(deps: Deps, staff: StaffContext, conversationId: string, id: string) {
  const file = await attachmentFile(deps.database.db, staff.tenantId, conversationId, id);
  if (!file) throw notFound('Cette pièce jointe est introuvable.');
  return file;
}

/** The family a new conversation is for, in the agent's commune. */
export async function familyOf(tx: Tx, tenantId: string, familyId: string) {
  const [family] = await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family) throw invalidField('familyId', 'Cette famille est introuvable : choisissez-la dans la liste.');
  return family;
}
