import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bookings, type BookingState } from '../../db/schema/index.js';
import { idempotent, type Idempotent } from '../../db/idempotency.js';
import { transactionWithRetry } from '../../db/retry.js';
import { rowsOf } from '../../db/rows.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { formatDayLong } from '../../domain/dates.js';
import { offeredReason } from './absence-reasons.js';
import { channelOf, transition } from './booking-events.js';
import type { Service } from './calendar.js';
import { promoteWaitlisted, releasePlace, takePlace, waitlistPositionOf } from './capacity.js';
import { BASKET_PAYING_REASON, basketOfBooking, currentBasket, dropBasketLine, putInBasket } from './basket-hold.js';
import { cellRules, endOfDay, isHeld, type CellState } from './rules.js';
import { creditPaidDay } from '../cagnotte/credits.js';
import { loadScope, sendQueuedMails, type Actor, type Scope, type Town } from './scope.js';
import type { BookingChange, BookingResult, ChangeResult } from '../../contracts/index.js';

/** Locks the booking row of a cell, creating it (as "cancelled", i.e. nothing held) when asked to. */
async function lockCell(tx: Tx, scope: Scope, childId: string, serviceId: string, day: string, create: boolean) {
  if (create) {
    // One statement creates the row or locks the existing one, and says which it was.
    const [row] = await rowsOf<{ id: string; state: BookingState; childId: string; created: boolean }>(tx, sql`
      insert into bookings (tenant_id, child_id, service_id, day, state, channel, created_at, updated_at)
      values (${scope.tenantId}, ${childId}, ${serviceId}, ${day}, 'cancelled', ${channelOf(scope.actor)}, ${scope.now.toISOString()}::timestamptz, ${scope.now.toISOString()}::timestamptz)
      on conflict (tenant_id, child_id, service_id, day) do update set updated_at = bookings.updated_at
      returning id, state, child_id as "childId", (xmax = 0) as created`);
    return row;
  }
  const [row] = await tx
    .select({ id: bookings.id, state: bookings.state, childId: bookings.childId })
    .from(bookings)
    .where(and(eq(bookings.tenantId, scope.tenantId), eq(bookings.childId, childId), eq(bookings.serviceId, serviceId), eq(bookings.day, day)))
    .for('update');
  return row ? { ...row, created: false } : undefined;
}

const refused = (change: BookingChange, service: Service | undefined, reason: string): BookingResult => ({
  ...change,
  status: 'refused',
  reason,
  serviceLabel: service?.label ?? '',
});
async function applyOne(tx: Tx, scope: Scope, change: BookingChange): Promise<BookingResult> {
  const service = scope.services.get(change.serviceId)!;
  const child = scope.children.get(change.childId)!;
  const enrolled = child.enrolled(service.id, change.date);
  const outcome = (status: BookingResult['status'], reason: string | null = null): BookingResult => ({ ...change, status, reason, serviceLabel: service.label });
  const judge = (state: CellState) => cellRules(service, change.date, state, scope.calendar, enrolled, scope.now, scope.actor.kind);

  if (change.action === 'book') {
    // Nothing booked yet is the common case: what would refuse it is known before touching a row.
    const early = judge('none');
    if (!early.canBook) {
      const held = await lockCell(tx, scope, child.id, service.id, change.date, false);
      if (held && isHeld(held.state)) return outcome('unchanged');
      return refused(change, service, early.lockedReason ?? early.closedReason ?? 'Ce jour ne peut pas être réservé.');
    }
    const cell = (await lockCell(tx, scope, child.id, service.id, change.date, true))!;
    const state: CellState = cell.created ? 'none' : cell.state;
    if (isHeld(state)) return outcome('unchanged');
    if (service.needsApproval && scope.actor.kind === 'family') {
      await transition(tx, scope, cell, { action: 'requested', from: state, to: 'requested', channel: channelOf(scope.actor) });
      return outcome('requested', 'Demande transmise à la mairie, qui doit la valider.');
    }
    // A prepaid service: the day goes into the family's basket, its place held until paid or expired.
    let basketId: string | null = null;
    if (service.billingMode === 'prepaid') {
      if (!service.regieId) return refused(change, service, 'Ce service ne peut pas être réservé en ligne pour le moment.');
      const basket = await currentBasket(tx, scope.tenantId, child.familyId, service.regieId, scope.now);
      if (basket.status !== 'open') return refused(change, service, BASKET_PAYING_REASON);
      basketId = basket.id;
    }
    if (await takePlace(tx, scope, service, change.date, child.schoolId)) {
      if (basketId) {
        await putInBasket(tx, scope, service, basketId, cell, state, change.date, channelOf(scope.actor));
        return outcome('in_basket', 'Ajouté au panier : la place est retenue jusqu’à l’expiration du panier, la réservation est confirmée au paiement.');
      }
      await transition(tx, scope, cell, { action: 'booked', from: state, to: 'booked', channel: channelOf(scope.actor) });
      return outcome('booked');
    }
    await transition(tx, scope, cell, { action: 'waitlisted', from: state, to: 'waitlisted', channel: channelOf(scope.actor) }, { requeue: true });
    const position = await waitlistPositionOf(tx, scope.tenantId, cell.id);
    return outcome('waitlisted', `Complet : inscription en liste d’attente (position ${position}).`);
  }

  const cell = await lockCell(tx, scope, child.id, service.id, change.date, false);
  const state: CellState = cell?.state ?? 'none';
  if (!cell || state === 'cancelled' || state === 'refused') return outcome('unchanged');
  const rules = judge(state);
  if (!rules.canCancel) return refused(change, service, rules.lockedReason ?? 'Cette réservation ne peut plus être annulée.');
  if (state === 'in_basket') {
    const basket = await basketOfBooking(tx, scope.tenantId, cell.id);
    if (basket?.status === 'paying') return refused(change, service, BASKET_PAYING_REASON);
    await dropBasketLine(tx, scope.tenantId, cell.id, scope.now);
  }
  await transition(tx, scope, cell, { action: 'cancelled', from: state, to: 'cancelled', channel: channelOf(scope.actor) });
  if (state === 'booked' || state === 'in_basket') {
    await releasePlace(tx, scope, service, change.date, child.schoolId);
    await promoteWaitlisted(tx, scope, service, change.date);
  }
  if (state === 'booked') {
    await creditPaidDay(tx, scope.tenantId, cell.id, { kind: 'cancellation', late: scope.now >= (rules.cancelUntil ?? endOfDay(change.date)) }, scope.now);
  }
  return outcome('cancelled');
}

/**
 * Cells the grid could never offer are bad input, refused as a whole: an unknown (or other
 * commune's) service is 404, a day outside every period of the school calendar is 422.
 */
function assertKnownCells(scope: Scope, list: { serviceId: string; date: string }[]) {
  for (const change of list) {
    if (!scope.services.has(change.serviceId)) throw notFound('Ce service est introuvable.');
  }
  const outside = list.find((c) => !scope.calendar.periods.some((p) => p.startDate <= c.date && c.date <= p.endDate));
  if (outside) {
    throw new ApiError(422, 'hors_calendrier', `Le ${formatDayLong(outside.date)} n’appartient à aucune période du calendrier scolaire.`);
  }
}

const order = (a: BookingChange, b: BookingChange) => (a.serviceId + a.date + a.childId < b.serviceId + b.date + b.childId ? -1 : 1);

/**
 * Applies a batch of changes in one transaction, each judged on its own by the same rules as the
 * grid. With an idempotency key, a replay answers the stored result and changes nothing.
 */
export async function applyChanges(deps: Deps, tenant: Town, actor: Actor, changes: BookingChange[], idem: Idempotent): Promise<ChangeResult> {
  const { db } = deps.database;
  let mailed = false;
  const answer = await idempotent<ChangeResult>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    const now = deps.clock.now();
    const unique = [...new Map(changes.map((c) => [`${c.childId}|${c.serviceId}|${c.date}`, c])).values()].sort(order);
    const scope = await loadScope(tx, tenant.id, actor, [...new Set(unique.map((c) => c.childId))], unique.map((c) => c.date), now);
    assertKnownCells(scope, unique);
    // The cells are distinct rows: their statements are pipelined on the transaction's connection
    // (sent in sorted order, so concurrent batches lock rows in the same order).
    const results = await Promise.all(unique.map((change) => applyOne(tx, scope, change)));
    mailed = (await sendQueuedMails(tx, scope, tenant.name)) > 0;
    const result: ChangeResult = {
      results,
      applied: results.filter((r) => r.status !== 'refused' && r.status !== 'unchanged').length,
      refused: results.filter((r) => r.status === 'refused').length,
    };
    return { status: 200, answer: result, now };
  });
  if (mailed) deps.onMailQueued?.();
  return answer;
}

/** The family's own document, attached to its child's absence; any other is unknown. */
async function checkAbsenceDocument(tx: Tx, tenantId: string, childId: string, documentId: string) {
  const rows = await rowsOf<{ id: string }>(tx, sql`
    select d.id from documents d join children c on c.tenant_id = d.tenant_id and c.family_id = d.family_id
     where d.tenant_id = ${tenantId} and d.id = ${documentId} and c.id = ${childId}`);
  if (rows.length === 0) throw notFound('Ce justificatif est introuvable.');
}

/**
 * An absence on a booked day, with one of the commune's reasons, and optionally the parent's
 * comment and a certificate among the family's documents; possible after the cancellation deadline.
 */
export async function declareAbsence(
  deps: Deps,
  tenant: Town,
  actor: Actor,
  input: { childId: string; serviceId: string; date: string; reasonId: string; comment?: string | null; documentId?: string | null },
  idem: Idempotent,
): Promise<ChangeResult> {
  const { db } = deps.database;
  return idempotent<ChangeResult>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    const now = deps.clock.now();
    const scope = await loadScope(tx, tenant.id, actor, [input.childId], [input.date], now);
    assertKnownCells(scope, [input]);
    if (input.documentId) await checkAbsenceDocument(tx, tenant.id, input.childId, input.documentId);
    const reason = await offeredReason(tx, tenant.id, input.reasonId);
    const service = scope.services.get(input.serviceId);
    const base = { childId: input.childId, serviceId: input.serviceId, date: input.date, action: 'absence' as const, serviceLabel: service?.label ?? '' };
    let outcome: BookingResult;
    const cell = service ? await lockCell(tx, scope, input.childId, input.serviceId, input.date, false) : undefined;
    const state: CellState = cell?.state ?? 'none';
    const rules = service ? cellRules(service, input.date, state, scope.calendar, true, now, actor.kind) : null;
    if (!reason) outcome = { ...base, status: 'refused', reason: 'Ce motif d’absence n’existe pas.' };
    else if (!service || !cell || !rules) outcome = { ...base, status: 'refused', reason: 'Il n’y a pas de réservation ce jour-là : rien à déclarer.' };
    else if (state === 'absent') outcome = { ...base, status: 'unchanged', reason: null };
    else if (!rules.canDeclareAbsence) {
      outcome = { ...base, status: 'refused', reason: state === 'booked' ? 'Ce jour est passé : l’absence ne peut plus être déclarée en ligne.' : 'Il n’y a pas de réservation ce jour-là : rien à déclarer.' };
    } else {
      await transition(
        tx,
        scope,
        cell,
        { action: 'absent', from: state, to: 'absent', channel: channelOf(actor) },
        { absenceReasonId: reason.id, absenceComment: input.comment ?? null, absenceDocumentId: input.documentId ?? null },
      );
      await creditPaidDay(tx, tenant.id, cell.id, { kind: 'absence', reasonId: reason.id }, now);
      outcome = { ...base, status: 'absent', reason: reason.label };
    }
    const result: ChangeResult = { results: [outcome], applied: outcome.status === 'absent' ? 1 : 0, refused: outcome.status === 'refused' ? 1 : 0 };
    return { status: 200, answer: result, now };
  });
}

/**
 * Withdraws an absence declared by mistake: the day is booked again (the place was kept), as
 * long as the absence could still be declared. A day without an absence changes nothing.
 */
export async function withdrawAbsence(
  deps: Deps,
  tenant: Town,
  actor: Actor,
  input: { childId: string; serviceId: string; date: string },
  idem: Idempotent,
): Promise<ChangeResult> {
  const { db } = deps.database;
  return idempotent<ChangeResult>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    const now = deps.clock.now();
    const scope = await loadScope(tx, tenant.id, actor, [input.childId], [input.date], now);
    assertKnownCells(scope, [input]);
    const service = scope.services.get(input.serviceId)!;
    const base = { ...input, action: 'withdrawal' as const, serviceLabel: service.label };
    const cell = await lockCell(tx, scope, input.childId, input.serviceId, input.date, false);
    let outcome: BookingResult;
    if (!cell || cell.state !== 'absent') outcome = { ...base, status: 'unchanged', reason: null };
    else if (!cellRules(service, input.date, 'absent', scope.calendar, true, now, actor.kind).canWithdrawAbsence) {
      outcome = { ...base, status: 'refused', reason: 'Ce jour est passé : l’absence ne peut plus être retirée en ligne.' };
    } else {
      await transition(tx, scope, cell, { action: 'absence_withdrawn', from: 'absent', to: 'booked', channel: channelOf(actor) });
      outcome = { ...base, status: 'booked', reason: null };
    }
    const result: ChangeResult = { results: [outcome], applied: outcome.status === 'booked' ? 1 : 0, refused: outcome.status === 'refused' ? 1 : 0 };
    return { status: 200, answer: result, now };
  });
}
