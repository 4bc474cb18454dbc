/** Pure checks of the family file's formats: IBAN, BIC, phone numbers, postal codes. */

/**
 * IBAN length per country (ISO 13616 registry): every SEPA country plus Monaco, San Marino,
 * Andorra and the Vatican. An IBAN from elsewhere is refused: SEPA direct debit cannot use it.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GI: 23,
  GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28,
  PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

export const compactIban = (value: string) => value.replace(/[\s-]+/g, '').toUpperCase();

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise (the number has ~60 digits). */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export type IbanCheck = { ok: true; iban: string } | { ok: false; message: string };

export function checkIban(value: string): IbanCheck {
  const iban = compactIban(value);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return { ok: false, message: 'L’IBAN doit commencer par le code du pays (ex. FR76) et ne contenir que des lettres et des chiffres.' };
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined) return { ok: false, message: 'Ce pays n’est pas accepté pour le prélèvement : l’IBAN doit être celui d’un compte de la zone SEPA.' };
  if (iban.length !== length) return { ok: false, message: `Un IBAN de ce pays compte ${length} caractères.` };
  if (!ibanChecksumOk(iban)) return { ok: false, message: 'Cet IBAN n’est pas valide : vérifiez chaque caractère (la clé de contrôle ne correspond pas).' };
  return { ok: true, iban };
}

/**
 * What parents and staff see of an IBAN: the country, then only the last four characters, in
 * groups of four ("FR•• •••• •••• •••• •••• •••0 189"). The check digits are masked too: with
 * them and the bank code known, a few more digits would be easy to guess.
 */
export function maskIban(iban: string): string {
  const compact = compactIban(iban);
  const masked = [...compact].map((char, i) => (i < 2 || i >= compact.length - 4 ? char : '•')).join('');
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

/** BIC (ISO 9362): 4 letters of bank, 2 of country, 2 of location, optionally 3 of branch. */
export const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const compactBic = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/**
 * A French number in any usual writing (06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78,
 * 0033612345678) becomes "06 12 34 56 78"; a foreign number written with its + prefix is kept in
 * compact international form. Anything else is refused (null).
 */
export function normalisePhone(value: string): string | null {
  const compact = value.trim().replace(/[\s.\-()/]+/g, '');
  let national: string | null = null;
  if (/^0[1-9][0-9]{8}$/.test(compact)) national = compact;
  else if (/^(\+33|0033)[1-9][0-9]{8}$/.test(compact)) national = '0' + compact.slice(-9);
  if (national) return national.replace(/(\d{2})(?=\d)/g, '$1 ');
  if (/^(\+|00)[1-9][0-9]{8,14}$/.test(compact) && !/^(\+|00)33/.test(compact)) return '+' + compact.replace(/^(\+|00)/, '');
  return null;
}

export const POSTAL_CODE = /^[0-9]{5}$/;
/** Numéro d'allocataire CAF: 7 digits. */
export const CAF_NUMBER = /^[0-9]{7}$/;
