import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumCents } from '../../../server/src/domain/money.js';
import {
  billableDays,
  invoiceLines,
  isBilled,
  unitPrice,
  type BillingRules,
  type BookingState,
  type PricedServiceDay,
  type ServiceDay,
  type Tariff,
} from '../../../server/src/domain/pricing.js';

/** Cantine with three QF brackets and −10 % from the third child. */
const cantine: Tariff = {
  basePriceCents: 415,
  brackets: [
    { maxQuotient: 500, priceCents: 150 },
    { maxQuotient: 1000, priceCents: 300 },
    { maxQuotient: null, priceCents: 415 },
  ],
  rankDiscounts: [{ fromRank: 3, percent: 10 }],
};

/** A town that bills unjustified absences but not sickness with a certificate, and bills late cancellations. */
const rules: BillingRules = {
  absenceBilled: (reasonId) => reasonId !== 'maladie',
  lateCancellationBilled: true,
  waitlistedBilled: false,
};

describe('unitPrice: quotient familial brackets', () => {
  it.each([
    [0, 150],
    [499.99, 150],
    [500, 150], // equal to the ceiling: that bracket
    [500.01, 300],
    [1000, 300],
    [1001, 415],
    [25_000, 415],
    [null, 415], // unknown QF: highest bracket
  ])('QF %s pays %i cents', (qf, cents) => {
    expect(unitPrice(cantine, qf, 1)).toBe(cents);
  });

  it('puts a QF above every ceiling, or an unknown one, in the last bracket when none is open-ended', () => {
    const capped: Tariff = { basePriceCents: 999, brackets: [{ maxQuotient: 700, priceCents: 200 }, { maxQuotient: 1400, priceCents: 350 }] };
    expect(unitPrice(capped, 700, 1)).toBe(200);
    expect(unitPrice(capped, 1400, 1)).toBe(350);
    expect(unitPrice(capped, 5000, 1)).toBe(350);
    expect(unitPrice(capped, null, 1)).toBe(350);
  });

  it('charges the base price to everyone when there are no brackets', () => {
    for (const qf of [null, 0, 800, 10_000]) {
      expect(unitPrice({ basePriceCents: 415 }, qf, 1)).toBe(415);
      expect(unitPrice({ basePriceCents: 415, brackets: [] }, qf, 1)).toBe(415);
    }
  });

  it.each([
    ['unordered ceilings', [{ maxQuotient: 1000, priceCents: 300 }, { maxQuotient: 500, priceCents: 150 }]],
    ['a repeated ceiling', [{ maxQuotient: 500, priceCents: 150 }, { maxQuotient: 500, priceCents: 300 }]],
    ['an open-ended bracket before the last', [{ maxQuotient: null, priceCents: 415 }, { maxQuotient: 500, priceCents: 150 }]],
    ['a price in euros', [{ maxQuotient: null, priceCents: 4.15 }]],
    ['a negative price', [{ maxQuotient: null, priceCents: -1 }]],
  ])('rejects a tariff with %s', (_, brackets) => {
    expect(() => unitPrice({ basePriceCents: 415, brackets }, 600, 1)).toThrow(/^Tarif invalide/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the quotient familial %d', (qf) => {
    expect(() => unitPrice(cantine, qf, 1)).toThrow('Quotient familial invalide');
  });
});

describe('unitPrice: sibling discounts', () => {
  it('applies from the given rank on, and not before', () => {
    expect(unitPrice(cantine, 600, 1)).toBe(300);
    expect(unitPrice(cantine, 600, 2)).toBe(300);
    expect(unitPrice(cantine, 600, 3)).toBe(270);
    expect(unitPrice(cantine, 600, 7)).toBe(270);
  });

  it('rounds the discount half-up to the cent, in the family’s favour: 4,15 € − 10 % = 3,73 €', () => {
    expect(unitPrice(cantine, null, 3)).toBe(373); // discount 41,5 cents → 42
    expect(unitPrice({ basePriceCents: 414, rankDiscounts: [{ fromRank: 2, percent: 10 }] }, null, 2)).toBe(373); // 41,4 → 41
    expect(unitPrice({ basePriceCents: 100, rankDiscounts: [{ fromRank: 2, percent: 33.33 }] }, null, 2)).toBe(67); // 33,33 → 33
    expect(unitPrice({ basePriceCents: 3, rankDiscounts: [{ fromRank: 2, percent: 50 }] }, null, 2)).toBe(1); // 1,5 → 2
  });

  it('takes the discount of the highest rank reached, without adding them up, whatever their order', () => {
    const tariff: Tariff = { basePriceCents: 1000, rankDiscounts: [{ fromRank: 4, percent: 50 }, { fromRank: 2, percent: 10 }, { fromRank: 3, percent: 20 }] };
    expect([1, 2, 3, 4, 5].map((rank) => unitPrice(tariff, null, rank))).toEqual([1000, 900, 800, 500, 500]);
  });

  it('allows free places (100 %) and no discount (0 %)', () => {
    expect(unitPrice({ basePriceCents: 415, rankDiscounts: [{ fromRank: 2, percent: 100 }] }, null, 2)).toBe(0);
    expect(unitPrice({ basePriceCents: 415, rankDiscounts: [{ fromRank: 2, percent: 0 }] }, null, 2)).toBe(415);
  });

  it('never goes below zero nor above the undiscounted price', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), (price, basisPoints) => {
        const discounted = unitPrice({ basePriceCents: price, rankDiscounts: [{ fromRank: 1, percent: basisPoints / 100 }] }, null, 1);
        expect(Number.isSafeInteger(discounted)).toBe(true);
        expect(discounted).toBeGreaterThanOrEqual(0);
        expect(discounted).toBeLessThanOrEqual(price);
        // exact: discount = round-half-up(price × bp / 10 000)
        expect(price - discounted).toBe(Number((BigInt(price) * BigInt(basisPoints) * 2n + 10_000n) / 20_000n));
      }),
    );
  });

  it.each([
    ['a rank of 0', [{ fromRank: 0, percent: 10 }]],
    ['a fractional rank', [{ fromRank: 2.5, percent: 10 }]],
    ['two discounts for one rank', [{ fromRank: 3, percent: 10 }, { fromRank: 3, percent: 20 }]],
    ['more than 100 %', [{ fromRank: 3, percent: 110 }]],
    ['a negative percent', [{ fromRank: 3, percent: -5 }]],
    ['a percent with three decimals', [{ fromRank: 3, percent: 12.345 }]],
  ])('rejects a tariff with %s', (_, rankDiscounts) => {
    expect(() => unitPrice({ basePriceCents: 415, rankDiscounts }, null, 1)).toThrow(/^Tarif invalide/);
  });

  it.each([0, 1.5, -1])('rejects the child rank %d', (rank) => {
    expect(() => unitPrice(cantine, 600, rank)).toThrow('Rang de l’enfant invalide');
  });
});

describe('billableDays', () => {
  it('bills bookings', () => {
    expect(billableDays([{ state: 'booked' }, { state: 'booked' }], rules)).toBe(2);
    expect(billableDays([], rules)).toBe(0);
  });

  it('bills an absence according to its reason, and an absence without a reason', () => {
    expect(isBilled({ state: 'absent', absenceReasonId: 'maladie' }, rules)).toBe(false);
    expect(isBilled({ state: 'absent', absenceReasonId: 'convenance' }, rules)).toBe(true);
    expect(isBilled({ state: 'absent' }, rules)).toBe(true);
    const neverBilled: BillingRules = { ...rules, absenceBilled: () => false };
    expect(isBilled({ state: 'absent', absenceReasonId: 'convenance' }, neverBilled)).toBe(false);
  });

  it('bills a late cancellation only when the town does, and an in-time one never', () => {
    const late: ServiceDay = { state: 'cancelled', cancelledLate: true };
    const inTime: ServiceDay = { state: 'cancelled', cancelledLate: false };
    expect(isBilled(late, rules)).toBe(true);
    expect(isBilled(late, { ...rules, lateCancellationBilled: false })).toBe(false);
    expect(isBilled(inTime, rules)).toBe(false);
    expect(isBilled({ state: 'cancelled' }, rules)).toBe(false);
  });

  it.each(['waitlisted', 'requested', 'refused'] as const)('never bills a day %s, whatever the rules', (state) => {
    const billEverything: BillingRules = { absenceBilled: () => true, lateCancellationBilled: true, waitlistedBilled: false };
    expect(isBilled({ state, absenceReasonId: 'convenance', cancelledLate: true }, billEverything)).toBe(false);
  });

  it('counts a mixed month', () => {
    const month: ServiceDay[] = [
      { state: 'booked' },
      { state: 'booked' },
      { state: 'absent', absenceReasonId: 'maladie' },
      { state: 'absent', absenceReasonId: 'convenance' },
      { state: 'cancelled', cancelledLate: true },
      { state: 'cancelled', cancelledLate: false },
      { state: 'waitlisted' },
      { state: 'requested' },
      { state: 'refused' },
    ];
    expect(billableDays(month, rules)).toBe(4);
  });
});

describe('invoiceLines', () => {
  const booked = (unitCents: number): PricedServiceDay => ({ state: 'booked', unitCents });

  it('bills 17 meals at 4,15 € as one line of 70,55 €', () => {
    expect(invoiceLines('Cantine', Array.from({ length: 17 }, () => booked(415)), rules)).toEqual([
      { label: 'Cantine', quantity: 17, unitCents: 415, totalCents: 7055 },
    ]);
  });

  it('makes one line per price, in the order the prices appear, each saying its price', () => {
    const days = [booked(415), booked(415), { state: 'absent', absenceReasonId: 'maladie', unitCents: 415 } as const, booked(430), booked(415), booked(430)];
    const lines = invoiceLines('Cantine', days, rules).map((line) => ({ ...line, label: line.label.replace(/[\u202F\u00A0]/g, ' ') }));
    expect(lines).toEqual([
      { label: 'Cantine – tarif 4,15 €', quantity: 3, unitCents: 415, totalCents: 1245 },
      { label: 'Cantine – tarif 4,30 €', quantity: 2, unitCents: 430, totalCents: 860 },
    ]);
  });

  it('has no line when nothing is billed, and a free line for free days', () => {
    expect(invoiceLines('Cantine', [{ state: 'waitlisted', unitCents: 415 }, { state: 'cancelled', unitCents: 415 }], rules)).toEqual([]);
    expect(invoiceLines('Cantine', [booked(0)], rules)).toEqual([{ label: 'Cantine', quantity: 1, unitCents: 0, totalCents: 0 }]);
  });

  it('rejects a day priced in euros', () => {
    expect(() => invoiceLines('Cantine', [booked(4.15)], rules)).toThrow(/^Tarif invalide/);
  });

  const state = fc.constantFrom<BookingState>('booked', 'absent', 'cancelled', 'waitlisted', 'requested', 'refused');
  const day = fc.record(
    { state, absenceReasonId: fc.constantFrom('maladie', 'convenance', 'deces'), cancelledLate: fc.boolean(), unitCents: fc.constantFrom(0, 150, 270, 300, 373, 415, 999_999) },
    { requiredKeys: ['state', 'unitCents'] },
  );
  const townRules = fc.record({ lateCancellationBilled: fc.boolean(), billedReasons: fc.subarray(['maladie', 'convenance', 'deces']) });

  /** Each day's price, written from the rules independently of isBilled. */
  function dayPrice(d: PricedServiceDay, town: { lateCancellationBilled: boolean; billedReasons: string[] }): number {
    if (d.state === 'booked') return d.unitCents;
    if (d.state === 'absent') return d.absenceReasonId === undefined || town.billedReasons.includes(d.absenceReasonId) ? d.unitCents : 0;
    if (d.state === 'cancelled') return d.cancelledLate && town.lateCancellationBilled ? d.unitCents : 0;
    return 0;
  }

  it('totals, over any month, the sum of each day’s price, with lines that multiply out', () => {
    fc.assert(
      fc.property(fc.array(day, { maxLength: 31 }), townRules, (days, town) => {
        const billing: BillingRules = {
          absenceBilled: (reason) => town.billedReasons.includes(reason),
          lateCancellationBilled: town.lateCancellationBilled,
          waitlistedBilled: false,
        };
        const lines = invoiceLines('Cantine', days, billing);
        expect(sumCents(lines.map((line) => line.totalCents))).toBe(sumCents(days.map((d) => dayPrice(d, town))));
        expect(sumCents(lines.map((line) => line.quantity))).toBe(billableDays(days, billing));
        expect(new Set(lines.map((line) => line.unitCents)).size).toBe(lines.length);
        for (const line of lines) {
          expect(line.quantity).toBeGreaterThan(0);
          expect(line.totalCents).toBe(line.quantity * line.unitCents);
        }
      }),
    );
  });
});
