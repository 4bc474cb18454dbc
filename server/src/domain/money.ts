// ---------------------------------------------------------------------------------------------
// Money as integer cents. Amounts never pass through a float with a fractional part: 17 × 4,15 €
// must be 70,55 € on the invoice, the ledger and the PayFiP `montant`, not 70,55000000000001.
// Every function checks its inputs and throws a RangeError with a French message that echoes
// no input, so a route can turn it into a 422 as is.
// ---------------------------------------------------------------------------------------------

/** An amount in euro cents: a safe integer (negative only for credits and refunds). */
export type Cents = number;

function assertCents(value: number, what = 'Montant'): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} invalide : un nombre entier de centimes est attendu.`);
}

function checkedResult(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError('Montant hors limites : le résultat dépasse la précision exacte des centimes.');
  return value === 0 ? 0 : value; // never hand out -0
}

// Spaces people and Intl put between thousands and before "€": space, no-break space, narrow no-break space.
const SPACE = '[ \\u00A0\\u202F]';
const AMOUNT = new RegExp(
  `^(?<sign>[-\\u2212]?)(?<units>\\d{1,3}(?:${SPACE}\\d{3})+|\\d+)(?:[.,](?<decimals>\\d+))?(?:${SPACE}?€)?$`,
);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Reads an amount typed in euros: "4,15", "4.15", "4,15 €", "1 234,50", "1234.5", "12 €".
 * Thousands may be grouped by threes with a space, a no-break space or a narrow no-break space
 * (so the output of {@link formatEuros} reads back). Rejected with a RangeError: empty text,
 * "1.234,50" (the dot is a decimal separator here), more than two decimals ("4,155" is not
 * rounded: a typo must not become an amount), a missing integer part (",50"), a plus sign,
 * other currencies, and negative amounts unless `allowNegative` (a credit note, a refund).
 */
export function parseEuros(text: string, options: { allowNegative?: boolean } = {}): Cents {
  const match = AMOUNT.exec(text.trim());
  if (!match?.groups) {
    throw new RangeError('Montant invalide : écrivez un montant en euros, par exemple 4,15 ou 1 234,50 €.');
  }
  const { sign, units, decimals = '' } = match.groups as { sign: string; units: string; decimals?: string };
  if (decimals.length > 2) throw new RangeError('Montant invalide : au plus deux décimales (les centimes).');
  const digits = units.replace(/\D/g, '') + decimals.padEnd(2, '0');
  const cents = BigInt(digits);
  if (cents > MAX_SAFE) throw new RangeError('Montant invalide : ce montant est trop grand.');
  if (sign && cents > 0n && !options.allowNegative) {
    throw new RangeError('Montant invalide : un montant négatif n’est pas accepté ici.');
  }
  return sign ? checkedResult(-Number(cents)) : Number(cents);
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/**
 * Formats cents the French way with Intl (fr-FR, EUR): 7055 → "70,55 €", 123450 → "1 234,50 €",
 * -500 → "-5,00 €" (hyphen-minus). The spaces are those of Intl/CLDR, not ordinary spaces:
 * U+202F NARROW NO-BREAK SPACE between thousands and U+00A0 NO-BREAK SPACE before "€" (ICU 78;
 * CLDR has changed these before), so tests and anything comparing strings should normalise both.
 * The amount is handed to Intl as an exact decimal string, so even the largest
 * safe amount is printed to the cent.
 */
export function formatEuros(cents: Cents): string {
  assertCents(cents);
  const magnitude = Math.abs(cents);
  const decimal = `${cents < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
  return euros.format(decimal as Intl.StringNumericLiteral);
}

/** Exact sum of amounts in cents (0 for none); throws if the total leaves the safe integer range. */
export function sumCents(amounts: Iterable<Cents>): Cents {
  let total = 0;
  for (const amount of amounts) {
    assertCents(amount);
    total = checkedResult(total + amount);
  }
  return total;
}

/** `quantity` × `unitCents`, exactly; the quantity is a whole number of units (days, meals). */
export function multiplyCents(unitCents: Cents, quantity: number): Cents {
  assertCents(unitCents, 'Prix unitaire');
  if (!Number.isSafeInteger(quantity)) throw new RangeError('Quantité invalide : un nombre entier est attendu.');
  return checkedResult(unitCents * quantity);
}

/**
 * Splits `totalCents` in proportion to `weights` so that the parts add up to the total exactly
 * (largest-remainder method): every part gets the floor of its exact share, then the cents left
 * over go one each to the parts with the largest remainders, the earliest part first on a tie.
 * Each part is within one cent of its exact share; a zero weight always gets 0. A negative total
 * (a refund) is split like its opposite, then negated.
 *
 * Weights are non-negative safe integers (amounts in cents, numbers of days, 60 and 40 for a
 * 60/40 split rather than 0.6 and 0.4), at least one of them positive, so the arithmetic is exact.
 *
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocate(totalCents: Cents, weights: readonly number[]): Cents[] {
  assertCents(totalCents);
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('Répartition invalide : les poids sont des nombres entiers positifs ou nuls.');
  }
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) throw new RangeError('Répartition invalide : il faut au moins un poids strictement positif.');

  const total = BigInt(Math.abs(totalCents));
  const shares = weights.map((weight, index) => {
    const exact = total * BigInt(weight);
    return { index, part: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = total - shares.reduce((sum, share) => sum + share.part, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.part += 1n;
    leftover -= 1n;
  }
  return shares.map(({ part }) => (totalCents < 0 ? checkedResult(-Number(part)) : Number(part)));
}
