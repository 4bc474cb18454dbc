/** The family's published tax attestations (GET /attestations-fiscales). Amounts are cents. */

/** One attestation de frais de garde: a payer, a child under 6 on 1 January, a year. */
export interface TaxAttestationSummary {
  id: string;
  /** The year the amounts were paid in (the income year of the tax return). */
  year: number;
  regie: { name: string };
  payerName: string;
  childName: string;
  /** Childcare paid in the year, meals and penalties excluded. */
  paidCents: number;
  /** Aids received, deducted. */
  aidCents: number;
  /** What the attestation certifies: paid − aids. */
  amountCents: number;
  publishedAt: string;
}

export interface TaxAttestationList {
  attestations: TaxAttestationSummary[];
}
