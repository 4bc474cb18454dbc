// ---------------------------------------------------------------------------------------------
// Invoice numbers and PayFiP debt references. Both are derived from the same triple (year, régie
// code, sequence). The sequence restarts at 1 each year in each régie; whoever allocates it must
// keep it unique per (tenant, régie, year). Then every invoice gets its own number and refdet,
// and the same invoice always gets the same ones. PayFiP identifies the régie by its numcli, so
// a refdet needs to be unique within the régie only.
// ---------------------------------------------------------------------------------------------

/** A régie code: upper-case letters and digits, 1 to 20 characters (so a refdet stays ≤ 30). */
const REGIE_CODE = /^[A-Z0-9]{1,20}$/;
/** Sequences are written on six digits, which also bounds them. */
const SEQUENCE_DIGITS = 6;
const MAX_SEQUENCE = 10 ** SEQUENCE_DIGITS - 1;
/** PayFiP "référence de la dette": the platform accepts 6 to 30 letters and digits (R3 otherwise); we emit upper case only. */
const REFDET = /^[A-Z0-9]{6,30}$/;

function checkedParts(regieCode: string, year: number, sequence: number): { year: string; sequence: string } {
  if (!REGIE_CODE.test(regieCode)) {
    throw new RangeError('Code de régie invalide : 1 à 20 lettres majuscules ou chiffres, sans espace ni accent.');
  }
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) throw new RangeError('Exercice invalide : une année sur quatre chiffres est attendue.');
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`Numéro d’ordre de facture invalide : un entier de 1 à ${MAX_SEQUENCE} est attendu.`);
  }
  return { year: String(year), sequence: String(sequence).padStart(SEQUENCE_DIGITS, '0') };
}

/**
 * The invoice number shown to families and staff: `<year>-<régie>-<sequence on 6 digits>`,
 * e.g. invoiceNumber('CANT', 2026, 123) → "2026-CANT-000123". Up to 999 999 invoices per régie
 * and year.
 */
export function invoiceNumber(regiePrefix: string, year: number, sequence: number): string {
  const parts = checkedParts(regiePrefix, year, sequence);
  return `${parts.year}-${regiePrefix}-${parts.sequence}`;
}

/**
 * The PayFiP `refdet` of an invoice: its number without the hyphens, e.g. "2026CANT000123"
 * (11 to 30 characters, A–Z and 0–9), so a payment found on the DGFiP side reads as the invoice
 * it settles. Distinct invoices never share a refdet: the year has four digits and the sequence
 * six, so reading from both ends gives back the exact triple whatever the régie code.
 */
export function payfipReference(regieCode: string, year: number, sequence: number): string {
  const parts = checkedParts(regieCode, year, sequence);
  return `${parts.year}${regieCode}${parts.sequence}`;
}

/** Whether a refdet is acceptable to PayFiP and in our form: 6 to 30 upper-case letters or digits. */
export function isValidRefdet(refdet: string): boolean {
  return REFDET.test(refdet);
}
