import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { basketLines, baskets } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { ApiError } from '../../errors.js';
import { releaseBasketDay } from '../planning/basket-release.js';
import { loadScope, sendQueuedMails, type Town } from '../planning/scope.js';
import { paymentInProgress } from './checkout.js';
import { readPanier } from './view.js';
import type { Panier } from '../../contracts/index.js';

/**
 * DELETE /panier/lignes/{id}: the parent takes a day out of the basket before paying; its place is
 * given back (to the waiting list first). Another family's line, or one already gone, is a 404;
 * a basket being paid is a 409. Answers the basket as it now stands.
 */
export async function removeLine(deps: Deps, town: Town, familyId: string, lineId: string): Promise<Panier> {
  const { db } = deps.database;
  let mailed = false;
  const answer = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const [line] = await tx
      .select({ line: basketLines, status: baskets.status })
      .from(basketLines)
      .innerJoin(baskets, and(eq(baskets.tenantId, basketLines.tenantId), eq(baskets.id, basketLines.basketId)))
      .where(and(eq(basketLines.tenantId, town.id), eq(basketLines.id, lineId), eq(baskets.familyId, familyId)))
      .for('update', { of: baskets });
    if (!line || (line.status !== 'open' && line.status !== 'paying')) throw lineNotFound();
    if (line.status === 'paying') throw paymentInProgress();
    const scope = await loadScope(tx, town.id, { kind: 'family', familyId }, [line.line.childId], [line.line.day], now);
    const child = scope.children.get(line.line.childId)!;
    await releaseBasketDay(
      tx,
      scope,
      scope.services.get(line.line.serviceId),
      { bookingId: line.line.bookingId, childId: child.id, schoolId: child.schoolId, day: line.line.day },
      'cancelled',
      'internet',
    );
    await sendQueuedMails(tx, scope, town.name);
    mailed = scope.mails.length > 0;
    return readPanier(tx, town.id, familyId, now);
  });
  if (mailed) deps.onMailQueued?.();
  return answer;
}

export const lineNotFound = () => new ApiError(404, 'ligne_introuvable', 'Cette ligne n’est pas (ou plus) dans votre panier.');
