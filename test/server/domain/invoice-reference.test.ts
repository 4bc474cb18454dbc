import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceNumber, isValidRefdet, payfipReference } from '../../../server/src/domain/invoice-reference.js';

const regieCode = fc.stringMatching(/^[A-Z0-9]{1,20}$/);
const year = fc.integer({ min: 1000, max: 9999 });
const sequence = fc.integer({ min: 1, max: 999_999 });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('invoiceNumber', () => {
  it('reads year, régie and a six-digit sequence', () => {
    expect(invoiceNumber('CANT', 2026, 123)).toBe('2026-CANT-000123');
    expect(invoiceNumber('PERI', 2027, 1)).toBe('2027-PERI-000001');
    expect(invoiceNumber('R1', 2026, 999_999)).toBe('2026-R1-999999');
  });

  it.each([
    ['cant', 2026, 1, 'Code de régie'],
    ['CAN-T', 2026, 1, 'Code de régie'],
    ['CANTINÉ', 2026, 1, 'Code de régie'],
    ['', 2026, 1, 'Code de régie'],
    ['A'.repeat(21), 2026, 1, 'Code de régie'],
    ['CANT', 26, 1, 'Exercice'],
    ['CANT', 2026.5, 1, 'Exercice'],
    ['CANT', 2026, 0, 'Numéro d’ordre'],
    ['CANT', 2026, 1_000_000, 'Numéro d’ordre'],
    ['CANT', 2026, 1.5, 'Numéro d’ordre'],
  ])('rejects (%j, %d, %d) with a French RangeError', (regie, y, seq, message) => {
    expect(() => invoiceNumber(regie, y, seq)).toThrow(RangeError);
    expect(() => invoiceNumber(regie, y, seq)).toThrow(message);
    expect(() => payfipReference(regie, y, seq)).toThrow(message);
  });
});

describe('payfipReference', () => {
  it('is the invoice number without its hyphens', () => {
    expect(payfipReference('CANT', 2026, 123)).toBe('2026CANT000123');
    fc.assert(
      fc.property(regieCode, year, sequence, (regie, y, seq) => {
        expect(payfipReference(regie, y, seq)).toBe(invoiceNumber(regie, y, seq).replaceAll('-', ''));
      }),
    );
  });

  it('is always a refdet PayFiP accepts: 6 to 30 upper-case letters and digits', () => {
    expect(payfipReference('A', 2026, 1)).toHaveLength(11);
    expect(payfipReference('A'.repeat(20), 9999, 999_999)).toHaveLength(30);
    fc.assert(
      fc.property(regieCode, year, sequence, (regie, y, seq) => {
        const refdet = payfipReference(regie, y, seq);
        expect(refdet).toMatch(/^[A-Z0-9]+$/);
        expect(refdet.length).toBeGreaterThanOrEqual(6);
        expect(refdet.length).toBeLessThanOrEqual(30);
        expect(isValidRefdet(refdet)).toBe(true);
      }),
    );
  });

  it('is the same every time for the same invoice', () => {
    fc.assert(
      fc.property(regieCode, year, sequence, (regie, y, seq) => {
        expect(payfipReference(regie, y, seq)).toBe(payfipReference(regie, y, seq));
      }),
    );
  });

  it('differs for every sequence of a régie and year', () => {
    const refdets = new Set(Array.from({ length: 20_000 }, (_, index) => payfipReference('CANT', 2026, index + 1)));
    expect(refdets.size).toBe(20_000);
  });

  it('never gives two different invoices the same refdet, even when régie codes end or start with digits', () => {
    // A naive concatenation without padding would collide here: "A1" + 0023 vs "A" + 10023.
    const regies = ['A', 'A1', 'A10', '1', '10', '1A', 'CANT', 'CANT1'];
    const sequences = [...range(1, 1_200), ...range(10_000, 10_100), ...range(100_000, 100_100), 999_999];
    const refdets = new Set(regies.flatMap((regie) => [2026, 2027].flatMap((y) => sequences.map((seq) => payfipReference(regie, y, seq)))));
    expect(refdets.size).toBe(regies.length * 2 * sequences.length);

    // A tight space (régies made of A, 1 and 0; small and round sequences) so near-collisions are frequent.
    const invoice = fc.tuple(
      fc.stringMatching(/^[A10]{1,3}$/),
      fc.constantFrom(2026, 2027),
      fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 9_990, max: 10_010 }), fc.integer({ min: 99_990, max: 100_010 })),
    );
    fc.assert(
      fc.property(fc.uniqueArray(invoice, { minLength: 2, maxLength: 200, selector: (triple) => triple.join('|') }), (invoices) => {
        expect(new Set(invoices.map(([regie, y, seq]) => payfipReference(regie, y, seq))).size).toBe(invoices.length);
      }),
    );
  });
});

describe('isValidRefdet', () => {
  it.each(['ABCDEF', '2026CANT000123', 'A'.repeat(30), '123456'])('accepts %j', (refdet) => {
    expect(isValidRefdet(refdet)).toBe(true);
  });

  it.each(['', 'ABCD', 'ABCDE', 'A'.repeat(31), 'abcdef', '2026-CANT-000123', '2026 CANT', 'ÉCOLE1', 'ABCDEF\n'])('rejects %j', (refdet) => {
    expect(isValidRefdet(refdet)).toBe(false);
  });
});
