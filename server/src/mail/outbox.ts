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

/**
 * Delivers the mail that is due. Each row is claimed under FOR UPDATE SKIP LOCKED so that several
 * API instances never send the same mail twice; a failure leaves the row pending for a later try.
 */
export async function deliverDueMail(deps: Pick<Deps, 'database' | 'clock' | 'mail' | 'log'>, batch = 20): Promise<number> {
  const { db } = deps.database;
  let delivered = 0;
  for (let i = 0; i < batch; i++) {
    const sent = await db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [row] = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
        .orderBy(asc(outbox.nextAttemptAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row) return null;
      try {
        await deps.mail.send({ to: row.recipient, subject: row.subject, text: row.text, html: row.html });
        await tx
          .update(outbox)
          .set({ status: 'sent', sentAt: now, attempts: row.attempts + 1, transport: deps.mail.name, lastError: null })
          .where(eq(outbox.id, row.id));
        return true;
      } catch (err) {
        const attempts = row.attempts + 1;
        await tx
          .update(outbox)
          .set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), lastError: String((err as Error).name ?? 'Error').slice(0, 100) })
          .where(eq(outbox.id, row.id));
        deps.log({ event: 'mail_echec', tenant: row.tenantId, error: (err as Error).name });
        return false;
      }
    });
    if (sent === null) break;
    if (sent) delivered++;
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
