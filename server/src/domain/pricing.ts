import type { RankDiscount, TariffBracket } from '../contracts/staff/billing.js';
import { formatEuros, multiplyCents, type Cents } from './money.js';

// ---------------------------------------------------------------------------------------------
// What a day of a service costs a child, which days are billed, and the invoice lines of a month.
// Pure: the tariff, the family's quotient familial, the child's rank and the billing rules come in.
// ---------------------------------------------------------------------------------------------

/** The tariff's parts as the staff API states them (contracts/staff/billing.ts). */
export type { RankDiscount, TariffBracket };

/**
 * The price of one day of a service. Without brackets every family pays `basePriceCents`; with
 * brackets (ascending `maxQuotient`, an optional null one last) the bracket replaces it. The rank
 * discount then applies on top, e.g. `[{ fromRank: 3, percent: 10 }]`: third child and next −10 %.
 */
export interface Tariff {
  basePriceCents: Cents;
  brackets?: TariffBracket[];
  rankDiscounts?: RankDiscount[];
}

/** The town's choices on what is billed. */
export interface BillingRules {
  /** Whether an absence with this reason (absence_reasons id) is billed, e.g. false for "maladie avec certificat". */
  absenceBilled: (reasonId: string) => boolean;
  /** Whether a cancellation made after the cancellation deadline is billed. */
  lateCancellationBilled: boolean;
  /** Whether a day on the waiting list is billed (towns almost never do). */
  waitlistedBilled: boolean;
}

export type BookingState = 'booked' | 'absent' | 'cancelled' | 'waitlisted' | 'requested' | 'refused';

/** One child's booking of one service on one day, as far as billing is concerned. */
export interface ServiceDay {
  state: BookingState;
  absenceReasonId?: string;
  /** For a cancelled booking: cancelled after the cancellation deadline. */
  cancelledLate?: boolean;
}

/** A day with the unit price that applied to the child that day (from {@link unitPrice}). */
export interface PricedServiceDay extends ServiceDay {
  unitCents: Cents;
}

export interface InvoiceLine {
  label: string;
  quantity: number;
  unitCents: Cents;
  /** Always exactly `quantity × unitCents`. */
  totalCents: Cents;
}

function assertPrice(cents: Cents): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError('Tarif invalide : un prix est un nombre entier de centimes, positif ou nul.');
}

function bracketFor(brackets: readonly TariffBracket[], quotientFamilial: number | null): TariffBracket {
  brackets.forEach((bracket, index) => {
    assertPrice(bracket.priceCents);
    const previous = brackets[index - 1]?.maxQuotient;
    const ordered = bracket.maxQuotient === null
      ? index === brackets.length - 1
      : Number.isFinite(bracket.maxQuotient) && bracket.maxQuotient >= 0 && (previous === undefined || (previous !== null && bracket.maxQuotient > previous));
    if (!ordered) throw new RangeError('Tarif invalide : les tranches de quotient familial doivent être croissantes, la tranche sans plafond en dernier.');
  });
  const highest = brackets[brackets.length - 1]!;
  if (quotientFamilial === null) return highest;
  return brackets.find((bracket) => bracket.maxQuotient === null || quotientFamilial <= bracket.maxQuotient) ?? highest;
}

/** The discount in basis points (1/100 %) for a child of this rank: the entry with the greatest `fromRank` ≤ rank. */
function discountBasisPoints(discounts: readonly RankDiscount[], childRank: number): number {
  let applicable: RankDiscount | undefined;
  for (const discount of discounts) {
    if (!Number.isSafeInteger(discount.fromRank) || discount.fromRank < 1) {
      throw new RangeError('Tarif invalide : le rang d’une réduction est un entier à partir de 1.');
    }
    if (discounts.filter((other) => other.fromRank === discount.fromRank).length > 1) {
      throw new RangeError('Tarif invalide : deux réductions pour le même rang.');
    }
    const basisPoints = Math.round(discount.percent * 100);
    if (!(discount.percent >= 0 && discount.percent <= 100) || Math.abs(basisPoints - discount.percent * 100) > 1e-6) {
      throw new RangeError('Tarif invalide : une réduction est un pourcentage entre 0 et 100, à deux décimales au plus.');
    }
    if (discount.fromRank <= childRank && (!applicable || discount.fromRank > applicable.fromRank)) applicable = discount;
  }
  return applicable ? Math.round(applicable.percent * 100) : 0;
}

/**
 * The price of one day for a child. The bracket is the first whose `maxQuotient` is ≥ the
 * quotient familial (a QF equal to the ceiling is in that bracket; null = no ceiling). A family
 * whose QF is unknown (null), or above every ceiling, pays the highest bracket.
 *
 * `childRank` is 1 for the first child of the family. The discount of the greatest `fromRank`
 * ≤ rank applies (discounts do not add up). Rounding: the discount amount, price × percent / 100,
 * is rounded half-up to the cent, then subtracted, so a tie goes to the family:
 * 4,15 € − 10 % = 4,15 − 0,42 (0,415 rounded up) = 3,73 €.
 */
export function unitPrice(tariff: Tariff, quotientFamilial: number | null, childRank: number): Cents {
  if (quotientFamilial !== null && !(Number.isFinite(quotientFamilial) && quotientFamilial >= 0)) {
    throw new RangeError('Quotient familial invalide : un nombre positif ou nul est attendu.');
  }
  if (!Number.isSafeInteger(childRank) || childRank < 1) throw new RangeError('Rang de l’enfant invalide : un entier à partir de 1 est attendu.');
  assertPrice(tariff.basePriceCents);
  const price = tariff.brackets?.length ? bracketFor(tariff.brackets, quotientFamilial).priceCents : tariff.basePriceCents;
  const basisPoints = discountBasisPoints(tariff.rankDiscounts ?? [], childRank);
  const scaled = price * basisPoints;
  if (!Number.isSafeInteger(scaled)) throw new RangeError('Tarif invalide : prix trop grand.');
  const discount = Math.floor((scaled + 5_000) / 10_000); // half-up on a non-negative exact integer
  return price - discount;
}

/**
 * Checks a whole tariff without pricing anything: base price, brackets (ascending, the open one
 * last) and rank discounts. Throws the same French RangeErrors as {@link unitPrice}.
 */
export function validateTariff(tariff: Tariff): void {
  assertPrice(tariff.basePriceCents);
  if (tariff.brackets?.length) bracketFor(tariff.brackets, null);
  discountBasisPoints(tariff.rankDiscounts ?? [], 1);
}

/**
 * Whether a day is billed: a booking, yes; an absence, when the town bills its reason (an absence
 * without a reason is unjustified, so billed); a cancellation, only when late and the town bills
 * late cancellations; a waiting-list place only when the town bills it; a request still awaiting
 * approval or a refusal, never.
 */
export function isBilled(day: ServiceDay, rules: BillingRules): boolean {
  switch (day.state) {
    case 'booked':
      return true;
    case 'absent':
      return day.absenceReasonId === undefined || rules.absenceBilled(day.absenceReasonId);
    case 'cancelled':
      return day.cancelledLate === true && rules.lateCancellationBilled;
    case 'waitlisted':
      return rules.waitlistedBilled;
    case 'requested':
    case 'refused':
      return false;
  }
}

/** How many of these days are billed (see {@link isBilled}). */
export function billableDays(days: readonly ServiceDay[], rules: BillingRules): number {
  return days.filter((day) => isBilled(day, rules)).length;
}

/**
 * The invoice lines of a child's month of one service: the billed days grouped by unit price,
 * one line per distinct price, in the order the prices first appear (days in calendar order give
 * lines in the order of the tariff changes). The label is the service's; when the month has
 * several prices (new tariff, new QF) each line says its price: "Cantine – tarif 4,15 €".
 * No billed day, no line. `totalCents` is `quantity × unitCents`, exactly.
 */
export function invoiceLines(label: string, days: readonly PricedServiceDay[], rules: BillingRules): InvoiceLine[] {
  const quantities = new Map<Cents, number>();
  for (const day of days) {
    assertPrice(day.unitCents);
    if (isBilled(day, rules)) quantities.set(day.unitCents, (quantities.get(day.unitCents) ?? 0) + 1);
  }
  return [...quantities].map(([unitCents, quantity]) => ({
    label: quantities.size > 1 ? `${label} – tarif ${formatEuros(unitCents)}` : label,
    quantity,
    unitCents,
    totalCents: multiplyCents(unitCents, quantity),
  }));
}
