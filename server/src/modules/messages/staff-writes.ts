import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import type { Staff } from '../../contracts/index.js';
import { invalidField, notFound } from '../../errors.js';
import { checkAttachments, storeAttachments, type CheckedFile } from './attachments.js';
import { queueNewMessageMail } from './mails.js';
import { mailSetup, readMessageSettings } from './settings.js';
import { familyOf, NOT_FOUND, staffConversation } from './staff-inbox.js';

/**
 * The town hall writes to a family: an answer in a conversation, or a new conversation. Each
 * message is e-mailed to the family (as the commune and the family chose) in the same transaction.
 */

interface TownMessage {
  conversationId: string;
  familyId: string;
  subject: string;
  body: string;
  files: CheckedFile[];
}

async function writeTownMessage(deps: Deps, tx: Tx, staff: StaffContext, input: TownMessage, status: 'open' | 'closed') {
  const now = deps.clock.now();
  const [message] = await tx
    .insert(messages)
    .values({ tenantId: staff.tenantId, conversationId: input.conversationId, author: 'town', staffUserId: staff.staffUserId, body: input.body, sentAt: now })
    .returning({ id: messages.id, seq: messages.seq });
  await storeAttachments(tx, staff.tenantId, input.conversationId, message.id, input.files);
  // The agent who writes has read everything before; the conversation waits for the family now.
  await tx
    .update(conversations)
    .set({ lastMessageAt: now, lastAuthor: 'town', lastMessageSeq: message.seq, staffReadSeq: message.seq, status })
    .where(and(eq(conversations.tenantId, staff.tenantId), eq(conversations.id, input.conversationId)));
  return queueNewMessageMail(tx, await mailSetup(tx, staff.tenantId), { tenantId: staff.tenantId, familyId: input.familyId, conversationId: input.conversationId, subject: input.subject, body: input.body }, now);
}

export async function replyAsTown(deps: Deps, staff: StaffContext, id: string, input: Staff.StaffReplyBody): Promise<Staff.StaffConversation> {
  const files = await checkAttachments(input.attachments);
  const { answer, mailed } = await deps.database.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ familyId: conversations.familyId, subject: conversations.subject })
      .from(conversations)
      .where(and(eq(conversations.tenantId, staff.tenantId), eq(conversations.id, id)))
      .for('update');
    if (!conversation) throw notFound(NOT_FOUND);
    const mailed = await writeTownMessage(deps, tx, staff, { conversationId: id, familyId: conversation.familyId, subject: conversation.subject, body: input.body, files }, input.close ? 'closed' : 'open');
    return { answer: await staffConversation(tx, staff.tenantId, id), mailed };
  });
  if (mailed) deps.onMailQueued?.();
  return answer;
}

export async function startAsTown(deps: Deps, staff: StaffContext, input: Staff.StaffNewConversationBody): Promise<Staff.StaffConversation> {
  const files = await checkAttachments(input.attachments);
  const { answer, mailed } = await deps.database.db.transaction(async (tx) => {
    await familyOf(tx, staff.tenantId, input.familyId);
    const { topics } = await readMessageSettings(tx, staff.tenantId);
    if (!topics.includes(input.topic)) throw invalidField('topic', 'Choisissez le sujet dans la liste.');
    const now = deps.clock.now();
    const [conversation] = await tx
      .insert(conversations)
      .values({ tenantId: staff.tenantId, familyId: input.familyId, topic: input.topic, subject: input.subject, startedBy: 'town', createdAt: now, lastMessageAt: now, lastAuthor: 'town' })
      .returning({ id: conversations.id });
    const mailed = await writeTownMessage(deps, tx, staff, { conversationId: conversation.id, familyId: input.familyId, subject: input.subject, body: input.body, files }, 'open');
    return { answer: await staffConversation(tx, staff.tenantId, conversation.id), mailed };
  });
  if (mailed) deps.onMailQueued?.();
  return answer;
}
