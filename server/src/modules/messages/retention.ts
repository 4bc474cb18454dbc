import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';

/**
 * Conversations are kept for the commune's chosen number of months (24 when it never chose) after
 * their last message, then deleted with their messages, notes and files. A message to many
 * families keeps its record (who sent what to whom) for the audit history.
 */
export async function deleteExpiredConversations(db: Db, now: Date): Promise<number> {
  const deleted = await rowsOf<{ id: string }>(
    db,
    sql`delete from conversations c
      where c.last_message_at < ${now.toISOString()}::timestamptz - make_interval(months => coalesce(
        (select s.retention_months from message_settings s where s.tenant_id = c.tenant_id), 24))
      returning c.id`,
  );
  return deleted.length;
}
