import { addDays, formatParisDateTime, parisInstant } from '../../domain/dates.js';
import { deadlineFor, type DeadlineRule } from '../../domain/deadlines.js';
import type { BookingState } from '../../db/schema/index.js';
import { closedReason, type Calendar, type Service } from './calendar.js';

export type CellState = BookingState | 'none';

export interface CellRules {
  open: boolean;
  closedReason: string | null;
  canBook: boolean;
  canCancel: boolean;
  canDeclareAbsence: boolean;
  /** Deadlines shown to parents (null: none applies beyond the day itself). */
  bookUntil: Date | null;
  cancelUntil: Date | null;
  lockedReason: string | null;
}

/** Who acts: town staff (channel "mairie") are not bound by the parents' deadlines. */
export type ActorKind = 'family' | 'staff';

const HELD: CellState[] = ['booked', 'requested', 'waitlisted', 'absent', 'in_basket'];
export const isHeld = (state: CellState) => HELD.includes(state);

/** The end of a calendar day in Paris: after it, nothing about that day changes on the portal. */
export const endOfDay = (day: string) => parisInstant(addDays(day, 1), '00:00');

const deadline = (rule: DeadlineRule, day: string, calendar: Calendar) => deadlineFor(rule, day, calendar);

/**
 * Everything the grid and the write path need to know about one cell. The same function decides
 * what the grid offers and what the server accepts, inside the write transaction.
 */
export function cellRules(service: Service, day: string, state: CellState, calendar: Calendar, enrolled: boolean, now: Date, actor: ActorKind): CellRules {
  const reason = closedReason(service, day, calendar, enrolled);
  const bookUntil = deadline(service.bookingDeadline, day, calendar);
  const cancelUntil = deadline(service.cancellationDeadline, day, calendar);
  const dayOver = now >= endOfDay(day);
  const staff = actor === 'staff';
  const bookingOpen = staff || (!dayOver && (bookUntil === null || now < bookUntil));
  const cancellingOpen = staff || (!dayOver && (cancelUntil === null || now < cancelUntil));

  const open = reason === null;
  const canBook = open && !isHeld(state) && bookingOpen;
  // A day waiting in the basket is not bought yet: it can leave the basket until the day itself.
  const canCancel = (state === 'booked' && cancellingOpen) || ((state === 'requested' || state === 'waitlisted' || state === 'in_basket') && (staff || !dayOver));
  const canDeclareAbsence = state === 'booked' && (staff || !dayOver);

  let lockedReason: string | null = null;
  if (!open && !isHeld(state)) lockedReason = reason;
  else if (dayOver && !staff) lockedReason = 'Ce jour est passé : il ne peut plus être modifié.';
  else if (!isHeld(state) && !canBook && bookUntil) lockedReason = `Réservations closes depuis le ${formatParisDateTime(bookUntil)}.`;
  else if (state === 'booked' && !canCancel && cancelUntil) {
    lockedReason = `Annulations closes depuis le ${formatParisDateTime(cancelUntil)} : vous pouvez encore déclarer une absence.`;
  }
  return { open, closedReason: reason, canBook, canCancel, canDeclareAbsence, bookUntil, cancelUntil, lockedReason };
}
