import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { basketLines, baskets, payments, regies } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { storeAnswer, storedAnswer, type Idempotent } from '../../db/idempotency.js';
import { ApiError } from '../../errors.js';
import { basketOrderNumber, basketRefdet, PAYMENT_IN_PROGRESS_MS } from '../../domain/online-payment.js';
import { parisDay } from '../../domain/dates.js';
import { planCheckout } from '../basket/checkout.js';
import type { Town } from '../planning/scope.js';
import { activeProvider, notificationUrl } from '../payment-settings/service.js';
import { recordEvent } from './events.js';
import { pollPayment } from './notifications.js';
import { launchPayment, returnUrlOf, type PreparedAttempt } from './start.js';
import { returnPageOf } from './return-url.js';
import type { BasketCheckout, BasketPaymentView } from '../../contracts/index.js';

class Answered extends Error {}

/**
 * POST /panier/paiement: the basket's checkout (modules/basket/checkout.ts), then, when money is
 * due, the provider's redirect — the same attempt machinery as an invoice. Replays of the same
 * Idempotency-Key answer what the first request answered.
 */
export async function startBasketCheckout(deps: Deps, town: Town, familyId: string, body: { regieId: string; email: string; returnPage?: string }, idem: Idempotent): Promise<BasketCheckout> {
  const { db } = deps.database;
  const tenantId = town.id;
  const stored = await storedAnswer(db, idem);
  if (stored) return stored.response as BasketCheckout;

  let mailed = false;
  let outcome: { answer: BasketCheckout } | { prepared: PreparedAttempt };
  try {
    outcome = await transactionWithRetry(db, async (tx) => {
      const now = deps.clock.now();
      const active = await activeProvider(deps, tx, tenantId);
      const returnPage = active ? await returnPageOf(tx, tenantId, body.returnPage, active.returnUrl) : null;
      const plan = await planCheckout(tx, town, familyId, body, active ? { provider: active.settings.provider, environment: active.settings.environment, returnPage } : null, now);
      if (plan.kind === 'answer') {
        if (!(await storeAnswer(tx, idem, 200, plan.answer, now))) throw new Answered();
        mailed = plan.mailed;
        return { answer: plan.answer };
      }
      const settings = active!.settings;
      const number = basketOrderNumber(plan.regie.code, plan.paymentId);
      await recordEvent(tx, tenantId, {
        paymentId: plan.paymentId,
        provider: settings.provider,
        source: 'start',
        outcome: 'pending',
        summary: { amount: String(plan.amountCents), basket: number, environment: settings.environment },
        at: now,
      });
      return {
        prepared: {
          settings,
          now,
          attempt: {
            paymentId: plan.paymentId,
            amountCents: plan.amountCents,
            email: body.email,
            invoice: { number, refdet: basketRefdet(plan.paymentId), label: plan.purpose === 'basket' ? 'Panier de réservations' : 'Règlement du solde', year: Number(parisDay(now).slice(0, 4)) },
            regieNumcli: plan.regie.numcli,
            attempt: 1,
            notificationUrl: notificationUrl(deps.publicUrl, tenantId, settings.provider),
            returnUrl: returnUrlOf(deps.publicUrl, tenantId, settings.provider, plan.paymentId),
          },
        },
      };
    });
  } catch (err) {
    if (!(err instanceof Answered)) throw err;
    return (await storedAnswer(db, idem))!.response as BasketCheckout;
  }
  if (mailed) deps.onMailQueued?.();
  if ('answer' in outcome) return outcome.answer;
  return launchPayment<BasketCheckout>(
    deps,
    tenantId,
    outcome.prepared,
    idem,
    (payment) => ({ outcome: 'redirect', payment }),
    (answer) => (answer.outcome === 'redirect' ? answer.payment.paymentId : null),
  );
}

/** GET /panier/paiements/{id}: a basket or debt payment of the family, as verified (a pending one is first asked of its provider). */
export async function basketPaymentView(deps: Deps, tenantId: string, familyId: string, paymentId: string): Promise<BasketPaymentView> {
  const { db } = deps.database;
  const load = async () => {
    const [row] = await db
      .select({ payment: payments, regieCode: regies.code, regieName: regies.name, basketStatus: baskets.status, basketPaymentId: baskets.paymentId })
      .from(payments)
      .innerJoin(regies, and(eq(regies.tenantId, payments.tenantId), eq(regies.id, payments.regieId)))
      .leftJoin(baskets, and(eq(baskets.tenantId, payments.tenantId), eq(baskets.id, payments.basketId)))
      .where(and(eq(payments.tenantId, tenantId), eq(payments.familyId, familyId), eq(payments.id, paymentId)));
    if (!row || row.payment.purpose === 'invoice') throw new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
    return row;
  };
  let row = await load();
  let abandoned = false;
  if (row.payment.status === 'pending') {
    abandoned = (await pollPayment(deps, row.payment)).abandoned;
    row = await load();
  }
  const p = row.payment;
  const confirmedHere = p.status === 'paid' && row.basketStatus === 'paid' && row.basketPaymentId === p.id;
  const retryAt = p.status === 'pending' ? new Date(p.createdAt.getTime() + PAYMENT_IN_PROGRESS_MS) : null;
  return {
    id: p.id,
    status: p.status,
    amountCents: p.amountCents,
    purpose: p.purpose === 'debt' ? 'debt' : 'basket',
    regie: { code: row.regieCode, name: row.regieName },
    bookedDays: confirmedHere && p.purpose === 'basket' ? await bookedDaysOf(deps, tenantId, p.basketId!) : 0,
    creditedToCagnotte: p.status === 'paid' && p.flaggedLate,
    paidAt: p.paidAt?.toISOString() ?? null,
    authorisationNumber: p.authorisationNumber,
    transactionId: p.transactionId,
    provider: p.provider,
    abandoned,
    retryAt: retryAt && retryAt > deps.clock.now() ? retryAt.toISOString() : null,
  };
}

async function bookedDaysOf(deps: Deps, tenantId: string, basketId: string) {
  const rows = await deps.database.db.select({ id: basketLines.id }).from(basketLines).where(and(eq(basketLines.tenantId, tenantId), eq(basketLines.basketId, basketId)));
  return rows.length;
}
