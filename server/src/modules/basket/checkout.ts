import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { baskets, families, payments, regies } from '../../db/schema/index.js';
import type { PaymentProvider } from '../../db/schema/billing.js';
import { ApiError, notFound } from '../../errors.js';
import { MINIMUM_ONLINE_CENTS } from '../../domain/online-payment.js';
import { formatEuros } from '../../domain/money.js';
import { currentBasket } from '../planning/basket-hold.js';
import { releaseBasketDay } from '../planning/basket-release.js';
import { cellRules } from '../planning/rules.js';
import { loadScope, sendQueuedMails, type Town } from '../planning/scope.js';
import { cagnotteBalance } from './cagnotte.js';
import { lockCagnotte } from '../cagnotte/corrections.js';
import { confirmBasket } from './settle.js';
import { basketAmounts, basketLines, debtOf, readPanier } from './view.js';
import type { BasketCheckout, DroppedLine } from '../../contracts/index.js';

// ---------------------------------------------------------------------------------------------
// Checkout of a basket (or of the debt alone): the lines whose booking deadline passed while they
// waited are dropped first, never charged; then the amount is the server's — lines − cagnotte +
// debt — and either nothing is left to pay (confirmed at once) or a pending payment is recorded
// and the basket is `paying` until the provider answers.
// ---------------------------------------------------------------------------------------------

export type CheckoutPlan =
  | { kind: 'answer'; answer: BasketCheckout; mailed: boolean }
  | {
      kind: 'pay';
      paymentId: string;
      amountCents: number;
      purpose: 'basket' | 'debt';
      regie: { id: string; code: string; numcli: string | null };
    };

export const paymentInProgress = () =>
  new ApiError(409, 'paiement_en_cours', 'Un paiement en ligne de ce panier est déjà en cours. Attendez son résultat ou réessayez dans 20 minutes.');

/** Plans the checkout in the caller's transaction (see above). `provider` is the commune's, null when it has none. */
export async function planCheckout(
  tx: Tx,
  town: Town,
  familyId: string,
  input: { regieId: string; email: string },
  provider: { provider: PaymentProvider; environment: string; returnPage?: string | null } | null,
  now: Date,
): Promise<CheckoutPlan> {
  const tenantId = town.id;
  const [regie] = await tx
    .select({ id: regies.id, code: regies.code, numcli: regies.payfipNumcli })
    .from(regies)
    .where(and(eq(regies.tenantId, tenantId), eq(regies.id, input.regieId)));
  if (!regie) throw notFound('Ce panier est introuvable.');
  const [basket] = await tx
    .select()
    .from(baskets)
    .where(and(eq(baskets.tenantId, tenantId), eq(baskets.familyId, familyId), eq(baskets.regieId, regie.id), inArray(baskets.status, ['open', 'paying'])))
    .for('update');
  if (basket?.status === 'paying') throw paymentInProgress();

  let lines = basket ? await basketLines(tx, tenantId, basket.id) : [];
  if (lines.length) {
    const scope = await loadScope(tx, tenantId, { kind: 'family', familyId }, [...new Set(lines.map((l) => l.child_id))], lines.map((l) => l.day), now);
    const dropped: DroppedLine[] = [];
    for (const line of lines) {
      const service = scope.services.get(line.service_id);
      const child = scope.children.get(line.child_id)!;
      const rules = service ? cellRules(service, line.day, 'none', scope.calendar, child.enrolled(service.id, line.day), now, 'family') : null;
      if (rules?.canBook) continue;
      await releaseBasketDay(tx, scope, service, { bookingId: line.booking_id, childId: line.child_id, schoolId: line.school_id, day: line.day }, 'cancelled');
      dropped.push({
        childFirstName: line.first_name,
        serviceLabel: line.service_label,
        date: line.day,
        reason: rules?.lockedReason ?? rules?.closedReason ?? 'Ce service n’est plus proposé à la réservation.',
      });
    }
    if (dropped.length) {
      await sendQueuedMails(tx, scope, town.name);
      const panier = await readPanier(tx, tenantId, familyId, now);
      const left = panier.baskets.find((b) => b.regie.id === regie.id && b.lines.length > 0) ?? null;
      return { kind: 'answer', answer: { outcome: 'changed', dropped, basket: left }, mailed: scope.mails.length > 0 };
    }
  }

  // The same lock as the town hall's corrections of the cagnotte: a refund cannot spend what this basket counts on.
  await lockCagnotte(tx, tenantId, familyId);
  const [cagnotte, debt] = await Promise.all([cagnotteBalance(tx, tenantId, familyId, regie.id), debtOf(tx, tenantId, familyId, regie.id)]);
  const amounts = basketAmounts(lines.reduce((sum, l) => sum + l.price_cents, 0), cagnotte, debt);
  if (amounts.linesCents === 0 && amounts.debtCents === 0) {
    throw new ApiError(409, 'panier_vide', 'Votre panier est vide et vous ne devez rien : il n’y a rien à payer.');
  }
  const basketId = basket?.id ?? (await currentBasket(tx, tenantId, familyId, regie.id, now)).id;
  if (amounts.totalCents === 0) {
    const bookedDays = await confirmBasket(tx, tenantId, {
      basketId,
      familyId,
      regieId: regie.id,
      linesCents: amounts.linesCents,
      cagnotteCents: amounts.cagnotteUsedCents,
      debtCents: amounts.debtCents,
      paymentId: null,
      paidCents: 0,
      at: now,
    });
    return { kind: 'answer', answer: { outcome: 'confirmed', bookedDays }, mailed: false };
  }
  if (amounts.totalCents < MINIMUM_ONLINE_CENTS) {
    throw new ApiError(
      422,
      'montant_minimum',
      `Le paiement en ligne est accepté à partir de 1 € : le reste à payer (${formatEuros(amounts.totalCents)}) se règle auprès de la régie.`,
    );
  }
  if (!provider) throw new ApiError(503, 'paiement_indisponible', 'Le paiement en ligne n’est pas proposé par la commune pour le moment.');

  const [family] = await tx.select({ name: families.name }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  const purpose = amounts.linesCents > 0 ? ('basket' as const) : ('debt' as const);
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId,
      familyId,
      regieId: regie.id,
      purpose,
      basketId,
      linesCents: amounts.linesCents,
      cagnotteCents: amounts.cagnotteUsedCents,
      debtCents: amounts.debtCents,
      method: 'online',
      provider: provider.provider,
      environment: provider.environment,
      status: 'pending',
      amountCents: amounts.totalCents,
      payerEmail: input.email,
      payerName: family?.name ?? null,
      returnPage: provider.returnPage ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: payments.id });
  // Paying is a change of the basket: its delay starts again, and it takes no change until the provider answers.
  await tx
    .update(baskets)
    .set({
      status: 'paying',
      paymentId: payment!.id,
      updatedAt: now,
      expiresAt: sql`${now.toISOString()}::timestamptz + make_interval(hours => coalesce((select basket_expiry_hours from settings where tenant_id = ${tenantId}), 48))`,
    })
    .where(and(eq(baskets.tenantId, tenantId), eq(baskets.id, basketId)));
  return { kind: 'pay', paymentId: payment!.id, amountCents: amounts.totalCents, purpose, regie };
}
