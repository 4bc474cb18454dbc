import { and, isNotNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Deps } from '../deps.js';
import { familySessions, idempotencyKeys, oneTimeCodes, rateLimits, staffSessions } from '../db/schema/index.js';
import { purgeDeliveredMail } from '../mail/outbox.js';
import { deleteExpiredConversations } from '../modules/messages/retention.js';
import { every } from './every.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps only what is still needed (RGPD minimisation): ended sessions a day after their end,
 * spent throttling windows, used or expired single-use codes after 30 days, idempotency answers
 * after 30 days (a replay that late is a new request), delivered mail bodies after a week,
 * conversations with the town hall after the commune's retention period.
 */
export async function housekeeping(db: Db, now: Date) {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
  const sessions = await db
    .delete(familySessions)
    .where(or(lt(familySessions.expiresAt, dayAgo), lt(familySessions.lastSeenAt, dayAgo), and(isNotNull(familySessions.revokedAt), lt(familySessions.revokedAt, dayAgo))))
    .returning({ id: familySessions.id });
  const staff = await db
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, dayAgo), lt(staffSessions.lastSeenAt, dayAgo), and(isNotNull(staffSessions.revokedAt), lt(staffSessions.revokedAt, dayAgo))))
    .returning({ id: staffSessions.id });
  const limits = await db.delete(rateLimits).where(lte(rateLimits.windowEndsAt, now)).returning({ bucket: rateLimits.bucket });
  const codes = await db
    .delete(oneTimeCodes)
    .where(or(lt(oneTimeCodes.expiresAt, monthAgo), and(isNotNull(oneTimeCodes.usedAt), lt(oneTimeCodes.usedAt, monthAgo))))
    .returning({ id: oneTimeCodes.id });
  const keys = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, monthAgo)).returning({ id: idempotencyKeys.id });
  const mails = await purgeDeliveredMail(db, now);
  const conversations = await deleteExpiredConversations(db, now);
  return { sessions: sessions.length + staff.length, rateLimits: limits.length, codes: codes.length, idempotencyKeys: keys.length, mails, conversations };
}

const EVERY_MS = 60 * 60 * 1000;

/** At start and then once an hour, whether or not mail is configured: sessions, codes and answers must not outlive their use. */
export function startHousekeepingJob(deps: Pick<Deps, 'database' | 'clock' | 'log'>, intervalMs = EVERY_MS) {
  return every(
    intervalMs,
    () => housekeeping(deps.database.db, deps.clock.now()),
    (err) => deps.log({ event: 'menage_erreur', error: err.name }),
    { atStart: true },
  );
}
