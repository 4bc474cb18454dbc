/** GET /accueil: what the parents' home page sums up, across billing, planning and the family file. */

/** One service booked (or asked for) on a day. */
export interface UpcomingService {
  label: string;
  state: 'booked' | 'requested' | 'waitlisted' | 'absent';
}

/** A child's days with something planned in the coming week, in calendar order. */
export interface UpcomingChild {
  childId: string;
  firstName: string;
  days: { day: string; services: UpcomingService[] }[];
}

/** Something the family asked for that the town has not decided yet. */
export interface PendingRequest {
  kind: 'booking' | 'file';
  /** "Cantine – Léa" for a booking request, the group of the family file ("Coordonnées") for a change. */
  label: string;
  /** The day booked for a booking request; null for a family file change. */
  day: string | null;
}

export interface HomeSummary {
  /** What the family owes across the town's régies, in cents; zero or less means nothing to pay. */
  balanceCents: number;
  /** The first day and the last day of the window shown (today and the six days after, Paris time). */
  from: string;
  to: string;
  /** Every child of the family, eldest first, even with nothing planned. */
  upcoming: UpcomingChild[];
  pending: PendingRequest[];
}
