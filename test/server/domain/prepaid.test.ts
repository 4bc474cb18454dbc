import { describe, expect, it } from 'vitest';
import { prepaidDeductions, type PrepaidDay } from '../../../server/src/domain/prepaid.js';
import type { BillingRules } from '../../../server/src/domain/pricing.js';

const rules: BillingRules = { absenceBilled: (id) => id === 'convenance', lateCancellationBilled: false, waitlistedBilled: false };
const day = (fields: Partial<PrepaidDay>): PrepaidDay => ({ state: 'booked', paidCents: 1200, ...fields });

describe('prepaidDeductions', () => {
  it('deducts the billed days paid at booking, grouped by the price paid', () => {
    const days = [day({}), day({}), day({ paidCents: 1100 }), day({ state: 'absent', absenceReasonId: 'convenance' })];
    expect(prepaidDeductions('Mercredi – Léa', days, rules)).toEqual([
      { label: 'Mercredi – Léa – réglé à la réservation (12,00\u00a0€)', quantity: 3, unitCents: -1200, totalCents: -3600 },
      { label: 'Mercredi – Léa – réglé à la réservation (11,00\u00a0€)', quantity: 1, unitCents: -1100, totalCents: -1100 },
    ]);
  });

  it('deducts nothing for a day not billed (its price went to the cagnotte) or not paid at booking', () => {
    const days = [
      day({ state: 'cancelled', cancelledLate: false }),
      day({ state: 'cancelled', cancelledLate: true }),
      day({ state: 'absent', absenceReasonId: 'maladie' }),
      day({ paidCents: null }),
      day({ paidCents: 0 }),
    ];
    expect(prepaidDeductions('Mercredi – Léa', days, rules)).toEqual([]);
    expect(prepaidDeductions('Mercredi – Léa', [day({ state: 'cancelled', cancelledLate: true })], { ...rules, lateCancellationBilled: true })).toEqual([
      { label: 'Mercredi – Léa – réglé à la réservation', quantity: 1, unitCents: -1200, totalCents: -1200 },
    ]);
  });
});
