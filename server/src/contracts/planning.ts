/**
 * The booking grid and its writes (GET /planning, POST /planning/changes and /planning/absences,
 * GET /planning/absence-reasons and /planning/history). Days are `YYYY-MM-DD` calendar days of
 * Europe/Paris; instants are ISO-8601 with their offset.
 */

/** Who made a change: the family on the portal, or the town hall on its behalf. */
export type Channel = 'internet' | 'mairie';

/**
 * Where a child stands for one service on one day. `cancelled` and `refused` are shown as not
 * booked; `none` is a day nothing was ever asked for; `in_basket` is a day of a prepaid service
 * waiting in the family's basket (its place held until the basket is paid or expires).
 */
export type CellState = 'none' | 'booked' | 'requested' | 'waitlisted' | 'refused' | 'cancelled' | 'absent' | 'in_basket';

/** The child whose grid it is; the town may not know the school or class yet. */
export interface PlanningChild {
  id: string;
  firstName: string;
  lastName: string;
  school: string | null;
  className: string | null;
}

/** A day of the range, closed for every service (public holiday, holidays without service…) or not. */
export interface PlanningDay {
  date: string;
  closed: { reason: string } | null;
}

/** A service the town runs (cantine, accueil du soir…), with its deadlines in French words. */
export interface PlanningService {
  id: string;
  label: string;
  /** The heading the service is listed under ("Restauration scolaire"). */
  group: string;
  /** Bookings are requests the town hall accepts or refuses. */
  needsApproval: boolean;
  /** `prepaid`: a ticked day goes into the basket and is booked once paid (the server always sends it). */
  billingMode?: 'monthly' | 'prepaid';
  bookingRule: string;
  cancellationRule: string;
}

/** One service on one day for the child: its state and what the parent may do about it, until when. */
export interface PlanningCell {
  serviceId: string;
  date: string;
  state: CellState;
  /** Nothing stands in the way that day: the service runs, the child is enrolled, no closure. */
  open: boolean;
  closedReason: string | null;
  /** The child is enrolled in the service that day (a closed cell may be either). */
  enrolled: boolean;
  /** Rank on the waiting list, while `waitlisted`. */
  waitlistPosition: number | null;
  /** The reason given with a declared absence. */
  absenceReason: string | null;
  canBook: boolean;
  canCancel: boolean;
  canDeclareAbsence: boolean;
  /** Deadlines, when one applies beyond the day itself. */
  bookUntil: string | null;
  cancelUntil: string | null;
  /** Why the cell cannot be changed now, in French. */
  lockedReason: string | null;
}

/** GET /planning: every service × day of the range for one child (at most 62 days). */
export interface Planning {
  child: PlanningChild;
  from: string;
  to: string;
  /** The town's calendar day (Europe/Paris), from the server's clock. */
  today: string;
  days: PlanningDay[];
  services: PlanningService[];
  cells: PlanningCell[];
}

/** The query of GET /planning: a record of strings, as URL search parameters are. */
export type PlanningQuery = {
  childId: string;
  from: string;
  to: string;
};

export type ChangeAction = 'book' | 'cancel';

/** One ticked or unticked box of the grid. */
export interface BookingChange {
  childId: string;
  serviceId: string;
  date: string;
  action: ChangeAction;
}

/** POST /planning/changes: 1 to 400 changes, judged one by one and applied together. */
export interface ChangesBody {
  changes: readonly BookingChange[];
}

/**
 * What became of one change: a full day gives `waitlisted`, a service that needs approval
 * `requested`, a prepaid service `in_basket` (unticking it removes the line: `cancelled`);
 * `unchanged` when the cell already was as asked.
 */
export type ResultStatus = 'booked' | 'requested' | 'waitlisted' | 'cancelled' | 'absent' | 'refused' | 'unchanged' | 'in_basket';

export interface BookingResult {
  childId: string;
  serviceId: string;
  date: string;
  action: ChangeAction | 'absence';
  status: ResultStatus;
  /** In French: why it was refused, what a request or the waiting list means, or the absence's reason. */
  reason: string | null;
  serviceLabel: string;
}

/** The answer of a batch of changes or of an absence; replayed as it was for a reused Idempotency-Key. */
export interface ChangeResult {
  results: BookingResult[];
  /** Changes that moved a cell (neither refused nor unchanged). */
  applied: number;
  refused: number;
}

/** One of the commune's reasons for an absence ("Raison médicale"…). */
export interface AbsenceReason {
  id: string;
  label: string;
}

/** POST /planning/absences: a booked day the child will miss, possible after the cancellation deadline. */
export interface AbsenceDeclaration {
  childId: string;
  serviceId: string;
  date: string;
  reasonId: string;
}

/** A booking event as the history names it. */
export type HistoryAction =
  | 'inscription'
  | 'annulation'
  | 'absence'
  | 'demande'
  | 'liste d’attente'
  | 'place attribuée'
  | 'demande acceptée'
  | 'demande refusée'
  | 'ajout au panier'
  | 'panier expiré';

/** GET /planning/history: what happened to a child's bookings, newest first, at most 100. */
export interface HistoryEntry {
  /** The booked day. */
  date: string;
  serviceLabel: string;
  action: HistoryAction;
  channel: Channel;
  /** The family's name, or "Mairie". */
  by: string;
  /** When it happened. */
  at: string;
}
