import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { invoices, payments, regies, tenants } from '../../db/schema/index.js';
import type { PaymentProvider } from '../../db/schema/billing.js';
import { transactionWithRetry } from '../../db/retry.js';
import { queueMail } from '../../mail/outbox.js';
import { isUuid } from '../../domain/ids.js';
import { basketOrderNumber, basketRefdet } from '../../domain/online-payment.js';
import type { Environment, ExpectedPayment, Incoming, Verdict } from '../../payments/adapter.js';
import { adapterOf } from '../../payments/providers.js';
import { closePayment, holdForVerification, settlePayment } from '../billing/ledger.js';
import { recordEvent, type EventSource } from './events.js';
import { invoiceOfPayment, regieOfInvoice, regieOfPayment } from './joins.js';
import { paymentTicket } from './mails.js';
import { releaseAbandoned } from './release.js';
import { activeProvider, providerContext } from '../payment-settings/service.js';

// ---------------------------------------------------------------------------------------------
// What the providers say of an online payment: notifications, the payer's browser coming back,
// and the polls of the providers that can be asked. A payment is pending until the provider's
// result is verified, then paid through settlePayment exactly once whatever the number of
// messages; a "paid" that nothing authenticates (TIPI) leaves it to verify by the régie
// (verification.ts). Every message received is kept in payment_events with what was made of it.
// ---------------------------------------------------------------------------------------------

type PaymentRow = typeof payments.$inferSelect;

/** What a message must match for this payment: amount, references, the invoice's debt and the régie's client number. */
async function expectedOf(db: Db | Tx, payment: PaymentRow): Promise<ExpectedPayment> {
  // A basket or debt payment has no invoice: its debt reference is its own (domain/online-payment.ts).
  const [row] = payment.invoiceId
    ? await db
        .select({ refdet: invoices.refdet, regieNumcli: regies.payfipNumcli })
        .from(invoices)
        .innerJoin(regies, regieOfInvoice)
        .where(and(eq(invoices.tenantId, payment.tenantId), eq(invoices.id, payment.invoiceId)))
    : await db
        .select({ refdet: sql<string>`${basketRefdet(payment.id)}`, regieNumcli: regies.payfipNumcli })
        .from(regies)
        .where(and(eq(regies.tenantId, payment.tenantId), eq(regies.id, payment.regieId)));
  return {
    amountCents: payment.amountCents,
    reference: payment.reference,
    providerOperationId: payment.providerOperationId,
    environment: (payment.environment ?? 'test') as Environment,
    createdAt: payment.createdAt,
    refdet: row?.refdet ?? null,
    regieNumcli: row?.regieNumcli ?? null,
  };
}

export type Applied = 'applied' | 'unchanged' | 'pending' | 'late' | 'rejected';

/**
 * Writes what a verified (or refused) message means, in one transaction: paid through
 * settlePayment (ticket e-mailed only when this very call made it paid), a final non-paid status
 * through closePayment (never over a paid one), and the event in every case.
 */
async function applyVerdict(deps: Deps, payment: PaymentRow, verdict: Exclude<Verdict, { kind: 'unavailable' }>, source: EventSource): Promise<Applied> {
  const { db } = deps.database;
  const tenantId = payment.tenantId;
  const provider = payment.provider!;
  let mailed = false;
  const outcome = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    mailed = false;
    if (verdict.kind === 'rejected') {
      await recordEvent(tx, tenantId, { paymentId: payment.id, provider, source, outcome: 'rejected', reason: verdict.reason, summary: verdict.summary, at: now });
      return 'rejected' as const;
    }
    let outcome: Applied;
    let reason: string | null = null;
    if (verdict.kind === 'unconfirmed') {
      outcome = (await holdForVerification(tx, tenantId, payment.id, verdict.receipt, now)) ? 'applied' : 'unchanged';
      reason = verdict.reason;
    } else if (verdict.kind === 'paid') {
      outcome = await settlePayment(tx, tenantId, payment.id, { paidAt: now, ...verdict.receipt });
      if (outcome === 'applied' || outcome === 'late') {
        await queueTicket(tx, tenantId, payment.id, now);
        mailed = true;
      }
    } else if (verdict.kind === 'pending') {
      outcome = 'pending';
    } else if (verdict.kind === 'cancelled' && !verdict.final) {
      // The payer left the provider's page: no need to wait for the operation to expire to pay again.
      await releaseAbandoned(tx, tenantId, payment.id, now);
      outcome = 'pending';
    } else {
      outcome = (await closePayment(tx, tenantId, payment.id, verdict.kind, now)) ? 'applied' : 'unchanged';
    }
    if (outcome === 'late') {
      reason = payment.purpose === 'invoice' ? 'Facture déjà réglée : paiement à régulariser.' : 'Panier expiré avant le paiement : montant crédité sur la cagnotte.';
    }
    await recordEvent(tx, tenantId, { paymentId: payment.id, provider, source, outcome, reason, summary: verdict.summary, at: now });
    return outcome;
  });
  if (mailed) deps.onMailQueued?.();
  return outcome;
}

/** Queues the payment ticket of a payment that has just become paid. */
export async function queueTicket(tx: Tx, tenantId: string, paymentId: string, now: Date) {
  const [row] = await tx
    .select({ payment: payments, invoiceNumber: invoices.number, regieName: regies.name, regieCode: regies.code, townName: tenants.name })
    .from(payments)
    .leftJoin(invoices, invoiceOfPayment)
    .innerJoin(regies, regieOfPayment)
    .innerJoin(tenants, eq(tenants.id, payments.tenantId))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  if (!row?.payment.payerEmail || !row.payment.provider) return;
  const ticket = paymentTicket({
    townName: row.townName,
    regieName: row.regieName,
    invoiceNumber: row.invoiceNumber ?? '',
    ...(row.payment.purpose === 'invoice'
      ? {}
      : { object: `${row.payment.purpose === 'debt' ? 'Règlement du solde' : 'Panier de réservations'} ${basketOrderNumber(row.regieCode, row.payment.id)}` }),
    amountCents: row.payment.amountCents,
    paidAt: row.payment.paidAt ?? now,
    provider: row.payment.provider,
    authorisationNumber: row.payment.authorisationNumber,
    transactionId: row.payment.transactionId,
  });
  await queueMail(tx, { tenantId, to: row.payment.payerEmail, ...ticket }, now);
}

export type Received =
  | { kind: 'recorded'; paymentId: string | null; outcome: Applied }
  | { kind: 'rejected'; paymentId: string | null; reason: string }
  /** The provider could not be asked: nothing is known yet, the provider or the poll will come again. */
  | { kind: 'unavailable'; paymentId: string | null };

async function findPayment(db: Db, tenantId: string, provider: PaymentProvider, by: 'operation' | 'reference' | 'id', value: string) {
  const column = by === 'operation' ? payments.providerOperationId : by === 'reference' ? payments.reference : payments.id;
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.provider, provider), eq(column, value)));
  return row ?? null;
}

/**
 * A notification from the provider, or the payer's browser coming back (`returnFor` = the payment
 * id of the return URL). Both are verified the same way; a return that carries nothing verifiable
 * is recorded and changes nothing.
 */
export async function receiveMessage(deps: Deps, tenantId: string, provider: PaymentProvider, source: 'notification' | 'return', message: Incoming, returnFor?: string): Promise<Received> {
  const { db } = deps.database;
  const reject = async (reason: string, paymentId: string | null, summary: Record<string, string> = {}): Promise<Received> => {
    await recordEvent(db, tenantId, { paymentId, provider, source, outcome: 'rejected', reason, summary, at: deps.clock.now() });
    return { kind: 'rejected', paymentId, reason };
  };

  const hinted = returnFor && isUuid(returnFor) ? await findPayment(db, tenantId, provider, 'id', returnFor) : null;
  const active = await activeProvider(deps, db, tenantId);
  if (!active || active.settings.provider !== provider) return reject('Ce prestataire n’est pas celui de la commune.', hinted?.id ?? null);
  const { settings } = active;
  const adapter = adapterOf(provider);

  let payment: PaymentRow;
  let verdict: Verdict;
  const carriesResult = Object.keys(message.fields).some((name) => !message.ownParams.includes(name));
  if (source === 'return' && (!adapter.signedReturn || !carriesResult)) {
    // Nothing the payer brings back is believed: the provider is asked directly when it can be.
    if (!hinted) return reject('Paiement inconnu.', null);
    if (!adapter.lookup || hinted.status !== 'pending') {
      const outcome = hinted.status === 'pending' ? 'pending' : 'unchanged';
      await recordEvent(db, tenantId, { paymentId: hinted.id, provider, source, outcome, at: deps.clock.now() });
      return { kind: 'recorded', paymentId: hinted.id, outcome };
    }
    payment = hinted;
    verdict = await adapter.lookup(await expectedOf(db, payment), settings, providerContext(deps));
  } else {
    const identified = adapter.identify(message, settings);
    if (!identified.ok) return reject(identified.reason, hinted?.id ?? null);
    const found = await findPayment(db, tenantId, provider, identified.by, identified.key);
    if (!found) return reject('Paiement inconnu pour cette référence.', hinted?.id ?? null, { [identified.by]: identified.key.slice(0, 64) });
    if (hinted && hinted.id !== found.id) return reject('Le résultat reçu concerne un autre paiement.', hinted.id, { [identified.by]: identified.key.slice(0, 64) });
    payment = found;
    verdict = await adapter.verify(identified.message, await expectedOf(db, payment), settings, providerContext(deps));
  }

  if (verdict.kind === 'unavailable') {
    if (!verdict.retryLater) return reject(verdict.reason, payment.id);
    await recordEvent(db, tenantId, { paymentId: payment.id, provider, source, outcome: 'rejected', reason: verdict.reason, at: deps.clock.now() });
    return { kind: 'unavailable', paymentId: payment.id };
  }
  const outcome = await applyVerdict(deps, payment, verdict, source);
  return verdict.kind === 'rejected' ? { kind: 'rejected', paymentId: payment.id, reason: verdict.reason } : { kind: 'recorded', paymentId: payment.id, outcome };
}

export interface Polled {
  outcome: Applied | 'unavailable';
  /** Still pending, but the provider says the payer left its page without paying (they may come back). */
  abandoned: boolean;
}

/**
 * Asks the provider what became of a pending payment (the parent's page, the reconciliation job),
 * for the providers that can be asked: the same verification and the same writes as a notification.
 */
export async function pollPayment(deps: Deps, payment: PaymentRow): Promise<Polled> {
  const adapter = payment.provider ? adapterOf(payment.provider) : null;
  if (!adapter?.lookup || payment.status !== 'pending') return { outcome: 'unchanged', abandoned: false };
  const { db } = deps.database;
  const active = await activeProvider(deps, db, payment.tenantId);
  // A commune that has left the provider still gets its last payments there resolved.
  const settings = active?.settings.provider === payment.provider ? active.settings : null;
  const verdict = await adapter.lookup(await expectedOf(db, payment), settings, providerContext(deps));
  if (verdict.kind === 'unavailable') return { outcome: 'unavailable', abandoned: false };
  return { outcome: await applyVerdict(deps, payment, verdict, 'poll'), abandoned: verdict.kind === 'cancelled' && !verdict.final };
}
