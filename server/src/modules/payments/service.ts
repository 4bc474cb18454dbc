import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { invoices, families, paymentEvents, payments, paymentSettings, regies, tenants, type PaymentStatus } from '../../db/schema/index.js';
import type { PaymentProvider } from '../../db/schema/billing.js';
import { transactionWithRetry } from '../../db/retry.js';
import { ApiError } from '../../http/errors.js';
import { idempotent, storedAnswer, type Idempotent } from '../../db/idempotency.js';
import { queueMail } from '../../mail/outbox.js';
import { PayfipFault, PayfipUnreachable } from '../../payments/payfip-ws.js';
import {
  identifyMessage,
  startAttempt,
  verifyMessage,
  type Environment,
  type ExpectedPayment,
  type Incoming,
  type ProviderSettings,
  type Redirect,
  type Verdict,
} from '../../payments/providers.js';
import { closePayment, remainingCents, settlePayment } from '../billing/ledger.js';
import { paymentTicket } from './mails.js';
import { activeProvider, MINIMUM_ONLINE_CENTS, notificationUrl, PAYMENT_IN_PROGRESS_MS } from './settings.js';
import { isUuid } from '../../http/validate.js';

// ---------------------------------------------------------------------------------------------
// Online payment: one attempt per payments row, pending until the provider's result is verified
// (signature, or PayFiP's own web service), then paid through settlePayment exactly once whatever
// the number of notifications, returns and polls. Every message received is kept in
// payment_events with what was made of it, refused ones included.
// ---------------------------------------------------------------------------------------------

export interface PaymentStart {
  paymentId: string;
  amountCents: number;
  provider: PaymentProvider;
  redirect: Redirect;
}

export interface PaymentView {
  id: string;
  status: PaymentStatus;
  amountCents: number;
  invoice: { id: string; number: string | null; label: string };
  paidAt: string | null;
  authorisationNumber: string | null;
  transactionId: string | null;
  provider: PaymentProvider | null;
  flaggedLate: boolean;
  /** Pending at PayFiP, which said the payer left its page without paying (resultrans A): no money taken. */
  abandoned: boolean;
  /** While pending: when a new attempt on the invoice becomes possible (PayFiP keeps an operation payable 20 minutes). */
  retryAt: string | null;
}

type EventSource = 'start' | 'notification' | 'return' | 'poll';

const invoiceNotFound = () => new ApiError(404, 'facture_introuvable', 'Cette facture est introuvable.');

const returnUrlOf = (publicUrl: string, tenantId: string, provider: PaymentProvider, paymentId: string) =>
  `${publicUrl}/v1/paiement/${tenantId}/${provider}/retour?paiement=${paymentId}`;

async function recordEvent(
  tx: Tx | Db,
  tenantId: string,
  event: { paymentId: string | null; provider: PaymentProvider; source: EventSource; outcome: 'applied' | 'unchanged' | 'pending' | 'rejected' | 'late'; reason?: string | null; summary?: Record<string, string>; at: Date },
) {
  await tx.insert(paymentEvents).values({ tenantId, ...event, reason: event.reason ?? null, summary: event.summary ?? {} });
}

/**
 * Starts an online payment of the family's invoice for what remains to pay (never an amount from
 * the client). The payment is recorded before the provider is called, so that even an attempt
 * PayFiP refuses leaves a trace; the answer (the redirect) is stored under the idempotency key.
 */
export async function startPayment(deps: Deps, tenantId: string, familyId: string, body: { invoiceId: string; email: string }, idem: Idempotent): Promise<PaymentStart> {
  const { db } = deps.database;
  const stored = await storedAnswer(db, idem);
  if (stored) return stored.response as PaymentStart;

  const prepared = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const [invoice] = await tx
      .select({
        id: invoices.id,
        status: invoices.status,
        kind: invoices.kind,
        number: invoices.number,
        refdet: invoices.refdet,
        label: invoices.label,
        year: invoices.year,
        issueDate: invoices.issueDate,
        totalCents: invoices.totalCents,
        paidCents: invoices.paidCents,
        regieId: invoices.regieId,
        regieNumcli: regies.payfipNumcli,
        familyName: families.name,
      })
      .from(invoices)
      .innerJoin(regies, and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId)))
      .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, body.invoiceId), eq(invoices.familyId, familyId)))
      .for('update', { of: invoices });
    if (!invoice || invoice.status === 'draft' || invoice.kind !== 'invoice' || !invoice.number) throw invoiceNotFound();
    const active = await activeProvider(deps, tx, tenantId);
    if (!active) throw new ApiError(503, 'paiement_indisponible', 'Le paiement en ligne n’est pas proposé par la commune pour le moment.');
    const remaining = remainingCents(invoice);
    if (invoice.status !== 'unpaid' || remaining <= 0) throw new ApiError(409, 'facture_reglee', 'Cette facture est déjà réglée : il n’y a rien à payer.');
    if (remaining < MINIMUM_ONLINE_CENTS) throw new ApiError(422, 'montant_minimum', 'Le paiement en ligne est possible à partir de 1 €.');

    const [inProgress] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(
        and(
          eq(payments.tenantId, tenantId),
          eq(payments.invoiceId, invoice.id),
          eq(payments.method, 'online'),
          eq(payments.status, 'pending'),
          gt(payments.createdAt, new Date(now.getTime() - PAYMENT_IN_PROGRESS_MS)),
        ),
      )
      .limit(1);
    if (inProgress) {
      throw new ApiError(409, 'paiement_en_cours', 'Un paiement en ligne de cette facture est déjà en cours. Attendez son résultat ou réessayez dans 20 minutes.');
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
        payerName: invoice.familyName,
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
    const numcli = settings.provider === 'payfip' || settings.provider === 'tipi' ? (invoice.regieNumcli ?? settings.config.numcli) : '';
    return {
      settings,
      now,
      attempt: {
        paymentId: payment.id,
        amountCents: remaining,
        email: body.email,
        invoice: { number: invoice.number, refdet: invoice.refdet ?? '', label: invoice.label, year: invoice.year ?? Number(invoice.issueDate.slice(0, 4)) },
        numcli,
        attempt: attempts + 1,
        now,
        notificationUrl: notificationUrl(deps.publicUrl, tenantId, settings.provider),
        returnUrl: returnUrlOf(deps.publicUrl, tenantId, settings.provider, payment.id),
      },
    };
  });

  const { settings, attempt } = prepared;
  let started;
  try {
    started = await startAttempt(settings, attempt, deps.publicUrl, deps.fetch);
  } catch (err) {
    const reason = err instanceof PayfipFault ? `PayFiP a refusé la création (${err.code}).` : err instanceof PayfipUnreachable ? 'PayFiP ne répond pas.' : 'Préparation du paiement impossible.';
    await db.transaction(async (tx) => {
      const now = deps.clock.now();
      await closePayment(tx, tenantId, attempt.paymentId, 'error', now);
      await recordEvent(tx, tenantId, { paymentId: attempt.paymentId, provider: settings.provider, source: 'start', outcome: 'rejected', reason, summary: err instanceof PayfipFault ? { code: err.code } : {}, at: now });
    });
    if (err instanceof PayfipFault || err instanceof PayfipUnreachable) {
      deps.log({ event: 'paiement_prestataire_indisponible', tenant: tenantId, error: err.message });
      throw new ApiError(502, 'prestataire_indisponible', 'Le service de paiement en ligne ne répond pas pour le moment. Vous n’avez pas été débité : réessayez dans quelques minutes.');
    }
    throw err;
  }

  const answer = await idempotent<PaymentStart>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    await tx
      .update(payments)
      .set({ reference: started.reference, providerOperationId: started.providerOperationId })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, attempt.paymentId)));
    return { status: 201, answer: { paymentId: attempt.paymentId, amountCents: attempt.amountCents, provider: settings.provider, redirect: started.redirect }, now: prepared.now };
  });
  if (answer.paymentId !== attempt.paymentId) {
    // A twin request with the same key answered first: this attempt is never shown to anyone.
    await closePayment(db, tenantId, attempt.paymentId, 'error', deps.clock.now());
  }
  return answer;
}

type PaymentRow = typeof payments.$inferSelect;

/** What a message must match for this payment: amount, references, and for PayFiP/TIPI the debt and numcli. */
async function expectedOf(db: Db | Tx, payment: PaymentRow, settings: ProviderSettings): Promise<ExpectedPayment> {
  const [row] = await db
    .select({ refdet: invoices.refdet, regieNumcli: regies.payfipNumcli })
    .from(invoices)
    .innerJoin(regies, and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId)))
    .where(and(eq(invoices.tenantId, payment.tenantId), eq(invoices.id, payment.invoiceId)));
  const configNumcli = settings.provider === 'payfip' || settings.provider === 'tipi' ? settings.config.numcli : null;
  return {
    amountCents: payment.amountCents,
    reference: payment.reference,
    providerOperationId: payment.providerOperationId,
    environment: (payment.environment ?? 'test') as Environment,
    createdAt: payment.createdAt,
    refdet: row?.refdet ?? null,
    numcli: row?.regieNumcli ?? configNumcli,
  };
}

export type Applied = 'applied' | 'unchanged' | 'pending' | 'late' | 'rejected';

/**
 * Writes what a verified (or refused) message means, in one transaction: paid through
 * settlePayment (ticket e-mailed only when this very call made it paid), a final non-paid status
 * through closePayment (never over a paid one), and the event in every case.
 */
async function applyVerdict(deps: Deps, payment: PaymentRow, verdict: Verdict, source: EventSource): Promise<Applied> {
  const { db } = deps.database;
  const tenantId = payment.tenantId;
  const provider = payment.provider!;
  let mailed = false;
  const outcome = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    mailed = false;
    if (!verdict.ok) {
      await recordEvent(tx, tenantId, { paymentId: payment.id, provider, source, outcome: 'rejected', reason: verdict.reason, summary: verdict.summary, at: now });
      return 'rejected' as const;
    }
    let outcome: Applied;
    if (verdict.outcome === 'paid') {
      outcome = await settlePayment(tx, tenantId, payment.id, { paidAt: now, ...verdict.receipt });
      if (outcome === 'applied' || outcome === 'late') {
        await queueTicket(tx, tenantId, payment.id, now);
        mailed = true;
      }
    } else if (verdict.outcome === 'pending') {
      outcome = 'pending';
    } else {
      outcome = (await closePayment(tx, tenantId, payment.id, verdict.outcome, now)) ? 'applied' : 'unchanged';
    }
    await recordEvent(tx, tenantId, { paymentId: payment.id, provider, source, outcome, reason: outcome === 'late' ? 'Facture déjà réglée : paiement à régulariser.' : null, summary: verdict.summary, at: now });
    return outcome;
  });
  if (mailed) deps.onMailQueued?.();
  return outcome;
}

async function queueTicket(tx: Tx, tenantId: string, paymentId: string, now: Date) {
  const [row] = await tx
    .select({ payment: payments, invoiceNumber: invoices.number, regieName: regies.name, townName: tenants.name })
    .from(payments)
    .innerJoin(invoices, and(eq(invoices.tenantId, payments.tenantId), eq(invoices.id, payments.invoiceId)))
    .innerJoin(regies, and(eq(regies.tenantId, payments.tenantId), eq(regies.id, payments.regieId)))
    .innerJoin(tenants, eq(tenants.id, payments.tenantId))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  if (!row?.payment.payerEmail || !row.payment.provider) return;
  const ticket = paymentTicket({
    townName: row.townName,
    regieName: row.regieName,
    invoiceNumber: row.invoiceNumber ?? '',
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
  /** PayFiP could not be asked: nothing is known yet, the provider or the poll will come again. */
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

  let payment: PaymentRow | null;
  const carriesResult = Object.keys(message.fields).some((name) => name !== 'paiement');
  if (source === 'return' && (provider === 'payfip' || provider === 'tipi' || !carriesResult)) {
    // PayFiP is asked directly; TIPI and an empty return carry nothing to verify.
    if (!hinted) return reject('Paiement inconnu.', null);
    if (provider !== 'payfip' || hinted.status !== 'pending') {
      await recordEvent(db, tenantId, { paymentId: hinted.id, provider, source, outcome: hinted.status === 'pending' ? 'pending' : 'unchanged', at: deps.clock.now() });
      return { kind: 'recorded', paymentId: hinted.id, outcome: hinted.status === 'pending' ? 'pending' : 'unchanged' };
    }
    payment = hinted;
  } else {
    const identified = identifyMessage(settings, message);
    if (!identified.ok) return reject(identified.reason, hinted?.id ?? null);
    payment = await findPayment(db, tenantId, provider, identified.by, identified.value);
    if (!payment) return reject('Paiement inconnu pour cette référence.', hinted?.id ?? null, { [identified.by]: identified.value.slice(0, 64) });
    if (hinted && hinted.id !== payment.id) return reject('Le résultat reçu concerne un autre paiement.', hinted.id, { [identified.by]: identified.value.slice(0, 64) });
  }

  let verdict: Verdict;
  try {
    verdict = await verifyMessage(settings, message, await expectedOf(db, payment, settings), deps.clock.now(), deps.publicUrl, deps.fetch);
  } catch (err) {
    if (!(err instanceof PayfipUnreachable)) throw err;
    if (err.why === 'malformed') return reject('Réponse PayFiP illisible.', payment.id);
    await recordEvent(db, tenantId, { paymentId: payment.id, provider, source, outcome: 'rejected', reason: 'PayFiP ne répond pas : résultat inconnu pour le moment.', at: deps.clock.now() });
    return { kind: 'unavailable', paymentId: payment.id };
  }
  const outcome = await applyVerdict(deps, payment, verdict, source);
  return verdict.ok ? { kind: 'recorded', paymentId: payment.id, outcome } : { kind: 'rejected', paymentId: payment.id, reason: verdict.reason };
}

/**
 * Asks PayFiP what became of a pending payment (the parent's page, the reconciliation job): the
 * same verification and the same writes as a notification.
 */
export async function pollPayment(deps: Deps, payment: PaymentRow, onVerdict?: (verdict: Verdict) => void): Promise<Applied | 'unavailable'> {
  if (payment.provider !== 'payfip' || payment.status !== 'pending') return 'unchanged';
  const { db } = deps.database;
  const active = await activeProvider(deps, db, payment.tenantId);
  // A commune that left PayFiP still gets its last PayFiP payments resolved: the lookup needs no secret.
  const settings: ProviderSettings =
    active?.settings.provider === 'payfip' ? active.settings : { provider: 'payfip', environment: (payment.environment ?? 'test') as Environment, config: { numcli: '', saisie: 'T' }, secret: null };
  let verdict: Verdict;
  try {
    verdict = await verifyMessage(settings, null, await expectedOf(db, payment, settings), deps.clock.now(), deps.publicUrl, deps.fetch);
  } catch (err) {
    if (!(err instanceof PayfipUnreachable)) throw err;
    return 'unavailable';
  }
  onVerdict?.(verdict);
  return applyVerdict(deps, payment, verdict, 'poll');
}

/** Where the browser goes back: the town page holding the invoices, the payment id in the fragment. */
export async function returnDestination(deps: Deps, tenantId: string, paymentId: string | null): Promise<string | null> {
  const [row] = await deps.database.db.select({ returnUrl: paymentSettings.returnUrl }).from(paymentSettings).where(eq(paymentSettings.tenantId, tenantId));
  if (!row?.returnUrl) return null;
  return paymentId ? `${row.returnUrl}#portail-paiement=${paymentId}` : row.returnUrl;
}

/** A payment of the family, its verified state (a pending PayFiP payment is looked up first). */
export async function paymentView(deps: Deps, tenantId: string, familyId: string, paymentId: string): Promise<PaymentView> {
  const { db } = deps.database;
  const load = async () => {
    const [row] = await db
      .select({ payment: payments, invoiceNumber: invoices.number, invoiceLabel: invoices.label })
      .from(payments)
      .innerJoin(invoices, and(eq(invoices.tenantId, payments.tenantId), eq(invoices.id, payments.invoiceId)))
      .where(and(eq(payments.tenantId, tenantId), eq(payments.familyId, familyId), eq(payments.id, paymentId)));
    if (!row) throw new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
    return row;
  };
  let row = await load();
  let resultrans: string | undefined;
  if (row.payment.provider === 'payfip' && row.payment.status === 'pending') {
    await pollPayment(deps, row.payment, (verdict) => (resultrans = verdict.ok ? verdict.summary.resultrans : undefined));
    row = await load();
  }
  const p = row.payment;
  // PayFiP answers A while the operation can still be paid for 20 minutes: pending, but the payer left.
  const abandoned = p.status === 'pending' && resultrans === 'A';
  return {
    id: p.id,
    status: p.status,
    amountCents: p.amountCents,
    invoice: { id: p.invoiceId, number: row.invoiceNumber, label: row.invoiceLabel },
    paidAt: p.paidAt?.toISOString() ?? null,
    authorisationNumber: p.authorisationNumber,
    transactionId: p.transactionId,
    provider: p.provider,
    flaggedLate: p.flaggedLate,
    abandoned,
    retryAt: p.status === 'pending' ? new Date(p.createdAt.getTime() + PAYMENT_IN_PROGRESS_MS).toISOString() : null,
  };
}

/** The staff's list: online and offline payments with their events, newest first. */
export async function listPayments(deps: Deps, tenantId: string, filter: { status?: PaymentStatus; flagged?: boolean }) {
  const { db } = deps.database;
  const rows = await db
    .select({ payment: payments, invoiceNumber: invoices.number, familyNumber: families.familyNumber, familyName: families.name })
    .from(payments)
    .innerJoin(invoices, and(eq(invoices.tenantId, payments.tenantId), eq(invoices.id, payments.invoiceId)))
    .innerJoin(families, and(eq(families.tenantId, payments.tenantId), eq(families.id, payments.familyId)))
    .where(
      and(
        eq(payments.tenantId, tenantId),
        filter.status ? eq(payments.status, filter.status) : undefined,
        filter.flagged === undefined ? undefined : eq(payments.flaggedLate, filter.flagged),
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(500);
  const ids = rows.map((r) => r.payment.id);
  const events = ids.length
    ? await db
        .select()
        .from(paymentEvents)
        .where(and(eq(paymentEvents.tenantId, tenantId), inArray(paymentEvents.paymentId, ids)))
        .orderBy(paymentEvents.at, paymentEvents.id)
    : [];
  const byPayment = new Map<string, typeof events>();
  for (const e of events) {
    const list = byPayment.get(e.paymentId!) ?? [];
    list.push(e);
    byPayment.set(e.paymentId!, list);
  }
  return {
    payments: rows.map(({ payment: p, invoiceNumber, familyNumber, familyName }) => ({
      id: p.id,
      method: p.method,
      provider: p.provider,
      environment: p.environment,
      status: p.status,
      amountCents: p.amountCents,
      reference: p.reference,
      providerOperationId: p.providerOperationId,
      authorisationNumber: p.authorisationNumber,
      transactionId: p.transactionId,
      payerEmail: p.payerEmail,
      payerName: p.payerName,
      flaggedLate: p.flaggedLate,
      paidAt: p.paidAt?.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
      invoice: { id: p.invoiceId, number: invoiceNumber },
      family: { id: p.familyId, number: familyNumber, name: familyName },
      events: (byPayment.get(p.id) ?? []).map((e) => ({ source: e.source, outcome: e.outcome, reason: e.reason, summary: e.summary, at: e.at.toISOString() })),
    })),
  };
}
