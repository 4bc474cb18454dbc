import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { baskets, tenants } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { rowsOf } from '../../db/rows.js';
import { releaseBasketDay } from '../planning/basket-release.js';
import { loadScope, sendQueuedMails } from '../planning/scope.js';
import { basketLines } from './view.js';

const BATCH = 100;

/**
 * Empties the baskets whose delay passed: each line's booking is cancelled and its place given
 * back (the waiting list's first child gets it, as for a cancellation), the basket is `expired` and
 * the family is told by e-mail, all in one transaction per basket. A basket being settled at that
 * moment is skipped (SKIP LOCKED) and found paid next round; a payment that arrives after the
 * expiry is credited to the cagnotte (settle.ts). `scope` limits a run to one commune.
 */
export async function expireBaskets(deps: Pick<Deps, 'database' | 'onMailQueued'>, now: Date, scope: { tenantId?: string } = {}) {
  const { db } = deps.database;
  const due = await db
    .select({ id: baskets.id, tenantId: baskets.tenantId })
    .from(baskets)
    .where(and(scope.tenantId ? eq(baskets.tenantId, scope.tenantId) : undefined, inArray(baskets.status, ['open', 'paying']), lte(baskets.expiresAt, now)))
    .orderBy(asc(baskets.expiresAt))
    .limit(BATCH);
  let expired = 0;
  let mailed = false;
  for (const candidate of due) {
    const done = await transactionWithRetry(db, async (tx) => {
      const [basket] = await rowsOf<{ id: string; family_id: string; tenant_id: string }>(tx, sql`
        select id, family_id, tenant_id from baskets
         where tenant_id = ${candidate.tenantId} and id = ${candidate.id} and status in ('open', 'paying') and expires_at <= ${now.toISOString()}::timestamptz
           for update skip locked`);
      if (!basket) return { expired: false, mailed: false };
      const lines = await basketLines(tx, basket.tenant_id, basket.id);
      if (lines.length) {
        const planning = await loadScope(tx, basket.tenant_id, { kind: 'family', familyId: basket.family_id }, [...new Set(lines.map((l) => l.child_id))], lines.map((l) => l.day), now);
        for (const line of lines) {
          await releaseBasketDay(tx, planning, planning.services.get(line.service_id), { bookingId: line.booking_id, childId: line.child_id, schoolId: line.school_id, day: line.day }, 'expired');
        }
        planning.mails.push({
          familyId: basket.family_id,
          subject: 'votre panier a expiré',
          text:
            `Bonjour,\n\nVotre panier de réservations n’a pas été réglé à temps : il a été vidé et les places ont été libérées ` +
            `(${lines.length} jour${lines.length > 1 ? 's' : ''}).\nVous pouvez réserver à nouveau depuis le portail famille, dans la limite des places disponibles.`,
        });
        const [town] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, basket.tenant_id));
        await sendQueuedMails(tx, planning, town?.name ?? '');
      }
      await tx.update(baskets).set({ status: 'expired', closedAt: now, updatedAt: now }).where(and(eq(baskets.tenantId, basket.tenant_id), eq(baskets.id, basket.id)));
      return { expired: true, mailed: lines.length > 0 };
    });
    if (done.expired) expired++;
    mailed ||= done.mailed;
  }
  if (mailed) deps.onMailQueued?.();
  return { expired };
}
