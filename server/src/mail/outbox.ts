import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import type { Deps } from '../deps.js';

export interface QueuedMail {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Writes a mail in the caller's transaction: it is sent only if the action commits. `now` is the injected clock's. */
export async function queueMail(tx: Tx | Db, mail: QueuedMail, now: Date) {
  await tx
    .insert(outbox)
    .values({ tenantId: mail.tenantId, recipient: mail.to, subject: mail.subject, text: mail.text, html: mail.html, createdAt: now, nextAttemptAt: now });
}

/** Back-off after the n-th failed attempt: 30 s, 1 min, 2 min … capped at one hour; never given up. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** How long a claimed mail is left to its worker before another one may send it again. */
export const MAIL_LEASE_MS = 15 * 60 * 1000;

type OutboxRow = typeof outbox.$inferSelect;

/**
 * Claims the next mail that is due, in a transaction of its own that ends before anything is sent:
 * the row is locked under FOR UPDATE SKIP LOCKED (two instances never claim the same mail), counted
 * as an attempt and leased for 15 minutes by moving its next attempt past the lease. The lease's end
 * identifies the claim when its result is written.
 */
export async function claimDueMail(db: Db, now: Date): Promise<OutboxRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!row) return null;
    const [claimed] = await tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + MAIL_LEASE_MS) })
      .where(eq(outbox.id, row.id))
      .returning();
    return claimed;
  });
}

/** The claim still holds: the mail is pending and its lease is the one this worker took. */
const stillClaimed = (row: OutboxRow) => and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.nextAttemptAt, row.nextAttemptAt));

/**
 * Delivers the mail that is due. No transaction is open while the SMTP server answers (a slow relay
 * would hold the embedded database's only connection, and every request with it): each mail is
 * claimed, then sent, then marked sent or given its back-off in one short statement. A worker
 * stopped between sending and marking leaves the mail to be sent again once its lease is over:
 * delivery is at least once, never lost.
 */
export async function deliverDueMail(deps: Pick<Deps, 'database' | 'clock' | 'mail' | 'log'>, batch = 20): Promise<number> {
  const { db } = deps.database;
  let delivered = 0;
  for (let i = 0; i < batch; i++) {
    const row = await claimDueMail(db, deps.clock.now());
    if (!row) break;
    try {
      await deps.mail.send({ to: row.recipient, subject: row.subject, text: row.text, html: row.html });
    } catch (err) {
      await db
        .update(outbox)
        .set({ nextAttemptAt: new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts)), lastError: String((err as Error).name ?? 'Error').slice(0, 100) })
        .where(stillClaimed(row));
      deps.log({ event: 'mail_echec', tenant: row.tenantId, error: (err as Error).name });
      continue;
    }
    await db.update(outbox).set({ status: 'sent', sentAt: deps.clock.now(), transport: deps.mail.name, lastError: null }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));
    delivered++;
  }
  return delivered;
}

/** How long a delivered mail keeps its body (reset links, first names) before it is wiped. */
export const DELIVERED_BODY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Wipes the body of mail delivered more than a week ago: the row stays (who was written to, when,
 * about what), the text with its links and personal details does not.
 */
export async function purgeDeliveredMail(db: Db, now: Date): Promise<number> {
  const wiped = await db
    .update(outbox)
    .set({ text: 'Contenu effacé une semaine après l’envoi.', html: null })
    .where(and(eq(outbox.status, 'sent'), lte(outbox.sentAt, new Date(now.getTime() - DELIVERED_BODY_RETENTION_MS)), sql`(${outbox.html} is not null or ${outbox.text} <> 'Contenu effacé une semaine après l’envoi.')`))
    .returning({ id: outbox.id });
  return wiped.length;
}

/** Polls the outbox; `kick()` starts a round at once after a commit that queued mail. */
export function startMailWorker(deps: Pick<Deps, 'database' | 'clock' | 'mail' | 'log'>, intervalMs = 2000) {
  let running = false;
  let again = false;
  const round = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await deliverDueMail(deps);
      } while (again);
    } catch (err) {
      deps.log({ event: 'mail_worker_erreur', error: (err as Error).name });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    kick: () => void round(),
    async stop() {
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

export const pendingMailCount = async (db: Db) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'pending')))[0].n;
