import { and, desc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { invoices, families, payments, regies } from '../../db/schema/index.js';
import type { PaymentProvider } from '../../db/schema/billing.js';
import { transactionWithRetry } from '../../db/retry.js';
import { idempotent, storedAnswer, type Idempotent } from '../../db/idempotency.js';
import { ApiError } from '../../errors.js';
import { ProviderUnavailable, type Attempt, type Started } from '../../payments/adapter.js';
import { adapterOf } from '../../payments/providers.js';
import { closePayment, remainingCents } from '../billing/ledger.js';
import { recordEvent } from './events.js';
import { familyOfInvoice, regieOfInvoice } from './joins.js';
import { activeProvider, notificationUrl, providerContext } from '../payment-settings/service.js';
import { MINIMUM_ONLINE_CENTS, PAYMENT_IN_PROGRESS_MS, frenchClock } from '../../domain/online-payment.js';
import { holdsInvoice } from '../billing/payment-hold.js';
import type { PaymentStart } from '../../contracts/index.js';
import { returnPageOf } from './return-url.js';

const invoiceNotFound = () => new ApiError(404, 'facture_introuvable', 'Cette facture est introuvable.');

export const returnUrlOf = (publicUrl: string, tenantId: string, provider: PaymentProvider, paymentId: string) =>
  `${publicUrl}/v1/paiement/${tenantId}/${provider}/retour?paiement=${paymentId}`;

/**
 * Starts an online payment of the family's invoice for what remains to pay (never an amount from
 * the client). The payment is recorded before the provider is called, so that even an attempt
 * the provider refuses leaves a trace; the answer (the redirect) is stored under the idempotency key.
 */
export async function startPayment(deps: Deps, tenantId: string, familyId: string, body: { invoiceId: string; email: string; returnPage?: string }, idem: Idempotent): Promise<PaymentStart> {
  const { db } = deps.database;
  const stored = await storedAnswer(db, idem);
  if (stored) return stored.response as PaymentStart;

  const prepared = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .select({ invoice: invoices, regieNumcli: regies.payfipNumcli, familyName: families.name })
      .from(invoices)
      .innerJoin(regies, regieOfInvoice)
      .innerJoin(families, familyOfInvoice)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, body.invoiceId), eq(invoices.familyId, familyId)))
      .for('update', { of: invoices });
    const invoice = row?.invoice;
    if (!invoice || invoice.status === 'draft' || invoice.kind !== 'invoice' || !invoice.number) throw invoiceNotFound();
    const active = await activeProvider(deps, tx, tenantId);
    if (!active) throw new ApiError(503, 'paiement_indisponible', 'Le paiement en ligne n’est pas proposé par la commune pour le moment.');
    const remaining = remainingCents(invoice);
    if (invoice.status !== 'unpaid' || remaining <= 0) throw new ApiError(409, 'facture_reglee', 'Cette facture est déjà réglée : il n’y a rien à payer.');
    if (remaining < MINIMUM_ONLINE_CENTS) throw new ApiError(422, 'montant_minimum', 'Le paiement en ligne est possible à partir de 1 €.');

    const [inProgress] = await tx
      .select({ createdAt: payments.createdAt })
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoice.id), holdsInvoice(now)))
      .orderBy(desc(payments.createdAt))
      .limit(1);
    if (inProgress) {
      const until = frenchClock(new Date(inProgress.createdAt.getTime() + PAYMENT_IN_PROGRESS_MS));
      throw new ApiError(409, 'paiement_en_cours', `Un paiement en ligne de cette facture est déjà en cours. Attendez son résultat : vous pourrez réessayer à partir de ${until}.`);
    }
    // A payment the régie has yet to verify may well be real: paying again could take the money twice.
    const [toVerify] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoice.id), eq(payments.status, 'to_verify')))
      .limit(1);
    if (toVerify) {
      throw new ApiError(409, 'paiement_a_verifier', 'Un paiement de cette facture est en cours de vérification par la régie : attendez sa confirmation avant de payer à nouveau.');
    }
    const { settings } = active;
    const [{ attempts }] = await tx
      .select({ attempts: sql<number>`count(*)::int` })
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoice.id), eq(payments.provider, settings.provider)));
    const [payment] = await tx
      .insert(payments)
      .values({
        tenantId,
        familyId,
        regieId: invoice.regieId,
        invoiceId: invoice.id,
        method: 'online',
        provider: settings.provider,
        environment: settings.environment,
        status: 'pending',
        amountCents: remaining,
        payerEmail: body.email,
        // Shown as "Réglé par" in the family's paid invoices and in the staff's payments.
        payerName: row.familyName,
        returnPage: await returnPageOf(tx, tenantId, body.returnPage, active.returnUrl),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: payments.id });
    await recordEvent(tx, tenantId, {
      paymentId: payment.id,
      provider: settings.provider,
      source: 'start',
      outcome: 'pending',
      summary: { amount: String(remaining), invoice: invoice.number, environment: settings.environment },
      at: now,
    });
    return {
      settings,
      now,
      attempt: {
        paymentId: payment.id,
        amountCents: remaining,
        email: body.email,
        invoice: { number: invoice.number, refdet: invoice.refdet ?? '', label: invoice.label, year: invoice.year ?? Number(invoice.issueDate.slice(0, 4)) },
        regieNumcli: row.regieNumcli,
        attempt: attempts + 1,
        notificationUrl: notificationUrl(deps.publicUrl, tenantId, settings.provider),
        returnUrl: returnUrlOf(deps.publicUrl, tenantId, settings.provider, payment.id),
      },
    };
  });

  return launchPayment(deps, tenantId, prepared, idem, (start) => start, (answer) => answer.paymentId);
}

/** A payment recorded `pending`, ready to be opened at the provider. */
export interface PreparedAttempt {
  settings: NonNullable<Awaited<ReturnType<typeof activeProvider>>>['settings'];
  now: Date;
  attempt: Attempt;
}

/**
 * Opens a recorded attempt at the provider (outside any transaction: the provider may be slow)
 * and stores the answer under the idempotency key. A provider that fails closes the attempt as
 * `error` (502). Invoices answer the `PaymentStart`; baskets wrap it in their checkout answer.
 */
export async function launchPayment<T>(
  deps: Deps,
  tenantId: string,
  prepared: PreparedAttempt,
  idem: Idempotent,
  wrap: (start: PaymentStart) => T,
  paymentIdOf: (answer: T) => string | null,
): Promise<T> {
  const { db } = deps.database;
  const { settings, attempt } = prepared;
  let started: Started;
  try {
    started = await adapterOf(settings.provider).start(attempt, settings, providerContext(deps, prepared.now));
  } catch (err) {
    const unavailable = err instanceof ProviderUnavailable ? err : null;
    await db.transaction(async (tx) => {
      const now = deps.clock.now();
      await closePayment(tx, tenantId, attempt.paymentId, 'error', now);
      const reason = unavailable?.reason ?? 'Préparation du paiement impossible.';
      await recordEvent(tx, tenantId, { paymentId: attempt.paymentId, provider: settings.provider, source: 'start', outcome: 'rejected', reason, summary: unavailable?.summary, at: now });
    });
    if (!unavailable) throw err;
    deps.log({ event: 'paiement_prestataire_indisponible', tenant: tenantId, error: unavailable.message });
    throw new ApiError(502, 'prestataire_indisponible', 'Le service de paiement en ligne ne répond pas pour le moment. Vous n’avez pas été débité : réessayez dans quelques minutes.');
  }

  const answer = await idempotent<T>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    await tx
      .update(payments)
      .set({ reference: started.reference, providerOperationId: started.providerOperationId })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, attempt.paymentId)));
    return { status: 201, answer: wrap({ paymentId: attempt.paymentId, amountCents: attempt.amountCents, provider: settings.provider, redirect: started.redirect }), now: prepared.now };
  });
  if (paymentIdOf(answer) !== attempt.paymentId) {
    // A twin request with the same key answered first: this attempt is never shown to anyone.
    await closePayment(db, tenantId, attempt.paymentId, 'error', deps.clock.now());
  }
  return answer;
}
