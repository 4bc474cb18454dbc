/** Staff: yearly tax attestations (frais de garde) of a régie, preview then publication (ADR 19). */

export interface TaxAttestationRunRequest {
  regieId: string;
  /** The year the amounts were paid in; it must be over. */
  year: number;
}

export interface TaxAttestationRunSummary {
  id: string;
  regie: { id: string; code: string; name: string };
  year: number;
  state: 'preview' | 'published';
  attestationCount: number;
  totalCents: number;
  createdAt: string;
  publishedAt: string | null;
}

export interface TaxAttestationRow {
  id: string;
  family: { id: string; number: string; name: string };
  payer: { guardianId: string | null; name: string };
  child: { id: string; name: string; birthDate: string };
  paidCents: number;
  aidCents: number;
  amountCents: number;
  publishedAt: string | null;
}

export interface TaxAttestationRun extends TaxAttestationRunSummary {
  attestations: TaxAttestationRow[];
}

/** PATCH /tax-attestations/{id}: the aids the family received for this child (preview only). */
export interface TaxAttestationAidChange {
  aidCents: number;
}
