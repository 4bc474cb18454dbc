/**
 * Rules of the childcare tax credit (article 200 quater B CGI, BOI-IR-RICI-300; ADR 19), without
 * a database: which children count, and how the payments of a year are shared among the childcare
 * lines they paid.
 */

/**
 * A child counts for the expenses paid in `year` when under six on 1 January of that year, which
 * the tax notice writes "né à compter du 1er janvier <year − 6>".
 */
export function underSixOnFirstJanuary(birthDate: string, year: number): boolean {
  return birthDate >= `${String(year - 6).padStart(4, '0')}-01-01`;
}

/** A published invoice as the attribution needs it. */
export interface AttributedInvoice {
  id: string;
  /** Sum of its own lines. */
  linesCents: number;
  /** The earlier debt it took over ("solde antérieur"). */
  previousBalanceCents: number;
  totalCents: number;
  paidCents: number;
  /** The later invoice that took over this one's unpaid amount. */
  carriedToInvoiceId: string | null;
  /** Eligible childcare of its own lines, per child (meals, penalties and other lines left out). */
  eligibleByChild: ReadonlyMap<string, number>;
}

/** How deep a chain of carried invoices is followed (a year holds at most twelve monthly runs). */
const MAX_CARRY_DEPTH = 36;

/**
 * Shares a payment of an invoice among the children's eligible lines it paid, in fractions of a
 * cent (the caller rounds once per attestation). A payment pays the invoice's whole total pro rata:
 * the part of its own lines pays each line in proportion, the part of the previous balance pays
 * the invoices carried into it in proportion of what each left unpaid, and so on down the chain.
 */
export function attributePayment(
  invoices: ReadonlyMap<string, AttributedInvoice>,
  carriedInto: ReadonlyMap<string, readonly string[]>,
  invoiceId: string,
  amountCents: number,
  add: (invoice: AttributedInvoice, childId: string, cents: number) => void,
  depth = 0,
): void {
  const invoice = invoices.get(invoiceId);
  if (!invoice || invoice.totalCents <= 0 || amountCents <= 0 || depth > MAX_CARRY_DEPTH) return;
  const share = Math.min(amountCents, invoice.totalCents) / invoice.totalCents;
  for (const [childId, cents] of invoice.eligibleByChild) if (cents > 0) add(invoice, childId, cents * share);
  if (invoice.previousBalanceCents <= 0) return;
  const older = (carriedInto.get(invoiceId) ?? []).map((id) => invoices.get(id)).filter((i): i is AttributedInvoice => Boolean(i));
  const unpaid = older.map((o) => Math.max(o.totalCents - o.paidCents, 0));
  const weight = unpaid.reduce((a, b) => a + b, 0);
  if (weight <= 0) return;
  const previousPaid = invoice.previousBalanceCents * share;
  older.forEach((o, i) => attributePayment(invoices, carriedInto, o.id, (previousPaid * unpaid[i]) / weight, add, depth + 1));
}
