import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, formatEuros, multiplyCents, parseEuros, sumCents } from '../../../server/src/domain/money.js';

/** Intl separates thousands with U+202F and "€" with U+00A0; compare with ordinary spaces. */
const plain = (text: string) => text.replace(/[\u202F\u00A0]/g, ' ');

describe('the example from the issue: 17 meals at 4,15 €', () => {
  it('costs 70,55 € exactly, where floats give 70.55000000000001', () => {
    expect(17 * 4.15).not.toBe(70.55);
    const total = multiplyCents(parseEuros('4,15 €'), 17);
    expect(total).toBe(7055);
    expect(plain(formatEuros(total))).toBe('70,55 €');
  });

  it('adds up to the same total line by line', () => {
    expect(sumCents(Array.from({ length: 17 }, () => parseEuros('4,15')))).toBe(7055);
  });
});

describe('parseEuros', () => {
  it.each([
    ['4,15', 415],
    ['4.15', 415],
    ['4,15 €', 415],
    ['4,15€', 415],
    ['  4,15  ', 415],
    ['4,5', 450],
    ['4', 400],
    ['12 €', 1200],
    ['0,07', 7],
    ['1 234,50', 123450],
    ['1\u00A0234,50 €', 123450],
    ['1\u202F234,50\u202F€', 123450],
    ['1 234 567.89', 123456789],
    ['1234.5', 123450],
    ['-0', 0],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseEuros(text)).toBe(cents);
  });

  it.each([
    ['', 'écrivez un montant'],
    ['   ', 'écrivez un montant'],
    ['abc', 'écrivez un montant'],
    ['4,155', 'deux décimales'],
    ['4.159 €', 'deux décimales'],
    ['4,', 'écrivez un montant'],
    [',50', 'écrivez un montant'],
    ['+4,15', 'écrivez un montant'],
    ['1.234,50', 'écrivez un montant'],
    ['12 34', 'écrivez un montant'],
    ['1 2345', 'écrivez un montant'],
    ['4,15 $', 'écrivez un montant'],
    ['4,15 EUR', 'écrivez un montant'],
    ['€ 4,15', 'écrivez un montant'],
    ['1e3', 'écrivez un montant'],
    ['Infinity', 'écrivez un montant'],
    ['-4,15', 'négatif'],
    ['99999999999999999', 'trop grand'],
  ])('rejects %j with a French RangeError', (text, message) => {
    expect(() => parseEuros(text)).toThrow(RangeError);
    expect(() => parseEuros(text)).toThrow(message);
  });

  it('accepts negative amounts when asked to, with either minus sign', () => {
    expect(parseEuros('-4,15', { allowNegative: true })).toBe(-415);
    expect(parseEuros('\u22121 234,50 €', { allowNegative: true })).toBe(-123450);
  });

  it('does not echo the input in its message', () => {
    expect(() => parseEuros('secret 12,3456')).toThrow(/^(?!.*secret)/);
  });

  it('reads up to the largest safe amount and no further', () => {
    expect(parseEuros('90 071 992 547 409,91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseEuros('90 071 992 547 409,92')).toThrow('trop grand');
  });
});

describe('formatEuros', () => {
  it.each([
    [7055, '70,55 €'],
    [0, '0,00 €'],
    [5, '0,05 €'],
    [123450, '1 234,50 €'],
    [-500, '-5,00 €'],
    [Number.MAX_SAFE_INTEGER, '90 071 992 547 409,91 €'],
  ])('formats %i cents as %j', (cents, text) => {
    expect(plain(formatEuros(cents))).toBe(text);
  });

  it('uses the no-break spaces of Intl fr-FR, so an amount never wraps', () => {
    expect(formatEuros(123450)).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1234.5));
    expect(formatEuros(123450)).toMatch(/^1[\u202F\u00A0]234,50[\u202F\u00A0]€$/);
  });

  it.each([4.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %d, which is not a whole number of cents', (value) => {
    expect(() => formatEuros(value)).toThrow(RangeError);
  });

  it('reads back what it writes, to the cent', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (cents) => {
        expect(parseEuros(formatEuros(cents), { allowNegative: true })).toBe(cents);
      }),
    );
  });
});

describe('sumCents and multiplyCents', () => {
  it('never drift however many lines are added, unlike floats', () => {
    const tenCents = Array.from({ length: 1000 }, () => 10);
    expect(sumCents(tenCents)).toBe(10000);
    expect(tenCents.reduce((sum, cents) => sum + cents / 100, 0)).not.toBe(100);
  });

  it('sum any lines to the exact total of their euros and cents', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 500 }), (lines) => {
        const exact = lines.reduce((sum, cents) => sum + BigInt(cents), 0n);
        expect(BigInt(sumCents(lines))).toBe(exact);
      }),
    );
  });

  it('give 0 for no lines and accept any iterable', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents(new Set([415, 300]))).toBe(715);
  });

  it('refuse fractions of a cent and totals past the safe range', () => {
    expect(() => sumCents([415, 0.5])).toThrow(RangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow('hors limites');
    expect(() => multiplyCents(415, 1.5)).toThrow('Quantité invalide');
    expect(() => multiplyCents(4.15, 17)).toThrow('Prix unitaire invalide');
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow('hors limites');
  });

  it('multiply by a whole quantity, negative for a credit line', () => {
    expect(multiplyCents(415, 0)).toBe(0);
    expect(Object.is(multiplyCents(-415, 0), 0)).toBe(true);
    expect(multiplyCents(415, -2)).toBe(-830);
  });
});

describe('allocate', () => {
  it('gives the leftover cents to the largest remainders, earliest first on a tie', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(5, [1, 1])).toEqual([3, 2]);
    expect(allocate(100, [1, 2])).toEqual([33, 67]);
    expect(allocate(7055, [60, 40])).toEqual([4233, 2822]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(0, [3, 1])).toEqual([0, 0]);
  });

  it('rejects weights that cannot be split exactly', () => {
    expect(() => allocate(100, [])).toThrow('poids strictement positif');
    expect(() => allocate(100, [0, 0])).toThrow('poids strictement positif');
    expect(() => allocate(100, [0.6, 0.4])).toThrow('nombres entiers');
    expect(() => allocate(100, [1, -1])).toThrow('nombres entiers');
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
  });

  const cases = fc.record({
    total: fc.integer({ min: -10_000_000, max: 10_000_000 }),
    weights: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 40 }).filter((weights) => weights.some((w) => w > 0)),
  });

  it('always adds up to the total exactly', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sumCents(parts)).toBe(total);
      }),
    );
  });

  it('keeps each part within one cent of its exact share, and gives nothing to a zero weight', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        const weightSum = weights.reduce((sum, w) => sum + w, 0);
        allocate(total, weights).forEach((part, index) => {
          expect(Number.isSafeInteger(part)).toBe(true);
          // |part − total·w/S| < 1  ⇔  |part·S − total·w| < S, in exact integers
          const gap = BigInt(part) * BigInt(weightSum) - BigInt(total) * BigInt(weights[index]!);
          expect(gap < 0n ? -gap : gap).toBeLessThan(BigInt(weightSum));
          if (weights[index] === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it('splits the largest safe amount without losing a cent', () => {
    expect(sumCents(allocate(Number.MAX_SAFE_INTEGER, [1, 1, 1, Number.MAX_SAFE_INTEGER]))).toBe(Number.MAX_SAFE_INTEGER);
  });
});
