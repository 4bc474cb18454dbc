import { isBilled, type BillingRules, type InvoiceLine, type ServiceDay } from './pricing.js';
import { formatEuros, multiplyCents, type Cents } from './money.js';

// ---------------------------------------------------------------------------------------------
// The monthly document of prepaid services. The month's invoice lists the billed days as monthly
// invoicing does, then deducts what the family already paid for them at booking (by card or with
// its cagnotte), so that nothing is left to pay when every day was booked and paid in time. A paid
// day that is not billed (cancelled in time, absence not billed) is neither listed nor deducted:
// its price went back to the cagnotte.
// ---------------------------------------------------------------------------------------------

/** A day of a child in a service, with the price paid for it at booking (null: not paid at booking). */
export interface PrepaidDay extends ServiceDay {
  paidCents: Cents | null;
}

/**
 * The deduction lines of a child's month of one prepaid service: the billed days paid at booking,
 * grouped by the price paid, one negative line per price ("Mercredi – Léa – réglé à la
 * réservation", 3 × −12,00 €), in the order the prices first appear. A billed day not paid at booking (booked by the town hall) is not
 * deducted: it is left to pay.
 */
export function prepaidDeductions(label: string, days: readonly PrepaidDay[], rules: BillingRules): InvoiceLine[] {
  const quantities = new Map<Cents, number>();
  for (const day of days) {
    if (day.paidCents === null || day.paidCents <= 0 || !isBilled(day, rules)) continue;
    quantities.set(day.paidCents, (quantities.get(day.paidCents) ?? 0) + 1);
  }
  const name = `${label} – réglé à la réservation`;
  return [...quantities].map(([paidCents, quantity]) => ({
    label: quantities.size > 1 ? `${name} (${formatEuros(paidCents)})` : name,
    quantity,
    unitCents: -paidCents,
    totalCents: multiplyCents(-paidCents, quantity),
  }));
}
