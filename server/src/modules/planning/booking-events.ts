import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { bookingEvents, bookings, children, families, services, type BookingState } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { serviceOfBooking } from './joins.js';
import type { CellState } from './rules.js';
import type { Actor, Scope } from './scope.js';

/** The channel a change is recorded under: "mairie" when staff write it, "internet" for a family. */
export const channelOf = (actor: Actor) => (actor.kind === 'staff' ? 'mairie' : 'internet');

/** How the history names each event to a family. */
const EVENT_LABEL: Record<string, string> = {
  booked: 'inscription',
  cancelled: 'annulation',
  absent: 'absence',
  requested: 'demande',
  waitlisted: 'liste d’attente',
  promoted: 'place attribuée',
  approved: 'demande acceptée',
  refused: 'demande refusée',
  basket: 'ajout au panier',
  paid: 'inscription',
  expired: 'panier expiré',
};

/**
 * Moves a booking to a new state and records the event in one statement (the history is never
 * out of step with the state).
 */
export async function transition(
  tx: Tx,
  scope: Scope,
  booking: { id: string; childId: string },
  change: { action: keyof typeof EVENT_LABEL; from: CellState; to: BookingState; channel: 'internet' | 'mairie' | 'systeme' },
  extra: { absenceReasonId?: string | null; requeue?: boolean } = {},
) {
  const familyId = scope.actor.kind === 'family' && change.channel === 'internet' ? scope.actor.familyId : null;
  const staffUserId = scope.actor.kind === 'staff' && change.channel === 'mairie' ? scope.actor.staffUserId : null;
  const channel = change.channel === 'systeme' ? sql`bookings.channel` : sql`${channelOf(scope.actor)}`;
  const queuedAt = extra.requeue ? sql`nextval(pg_get_serial_sequence('bookings', 'queued_at'))` : sql`bookings.queued_at`;
  await tx.execute(sql`
    with moved as (
      update bookings set state = ${change.to}, absence_reason_id = ${extra.absenceReasonId ?? null}, channel = ${channel},
             updated_at = ${scope.now.toISOString()}::timestamptz, queued_at = ${queuedAt}
       where tenant_id = ${scope.tenantId} and id = ${booking.id}
      returning id, child_id)
    insert into booking_events (tenant_id, booking_id, child_id, action, from_state, to_state, channel, family_id, staff_user_id, at)
    select ${scope.tenantId}, id, child_id, ${change.action}, ${change.from === 'none' ? null : change.from}, ${change.to}, ${change.channel},
           ${familyId}::uuid, ${staffUserId}::uuid, ${scope.now.toISOString()}::timestamptz
      from moved`);
}

async function checkOwnChild(db: Db, tenantId: string, familyId: string, childId: string) {
  const [child] = await db
    .select({ id: children.id })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)));
  if (!child) throw notFound('Cet enfant est introuvable.');
}

/** "Voir mes dernières modifications": what happened to a child's bookings, newest first. */
export async function history(deps: Deps, tenantId: string, familyId: string, childId: string) {
  const { db } = deps.database;
  await checkOwnChild(db, tenantId, familyId, childId);
  const rows = await db
    .select({
      date: bookings.day,
      serviceLabel: services.label,
      action: bookingEvents.action,
      channel: bookingEvents.channel,
      familyName: families.name,
      at: bookingEvents.at,
    })
    .from(bookingEvents)
    .innerJoin(bookings, and(eq(bookings.tenantId, bookingEvents.tenantId), eq(bookings.id, bookingEvents.bookingId)))
    .innerJoin(services, serviceOfBooking)
    .leftJoin(families, and(eq(families.tenantId, bookingEvents.tenantId), eq(families.id, bookingEvents.familyId)))
    .where(and(eq(bookingEvents.tenantId, tenantId), eq(bookingEvents.childId, childId)))
    .orderBy(desc(bookingEvents.at), desc(bookingEvents.seq))
    .limit(100);
  return rows.map((r) => ({
    date: r.date,
    serviceLabel: r.serviceLabel,
    action: EVENT_LABEL[r.action] ?? r.action,
    channel: r.channel === 'internet' ? 'internet' : 'mairie',
    by: r.channel === 'internet' ? (r.familyName ?? 'Famille') : 'Mairie',
    at: r.at.toISOString(),
  }));
}
