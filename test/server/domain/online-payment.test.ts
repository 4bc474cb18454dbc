import { describe, expect, it } from 'vitest';
import { frenchClock, retryAt } from '../../../server/src/domain/online-payment.js';

const at = (iso: string) => new Date(iso);
const attempt = (over: Partial<Parameters<typeof retryAt>[0]> = {}) => ({ method: 'online', status: 'pending', createdAt: at('2026-09-07T08:00:00Z'), releasedAt: null, ...over });

describe('retryAt: when an online attempt stops holding its invoice', () => {
  it('holds a pending online attempt for 20 minutes after it started', () => {
    expect(retryAt(attempt(), at('2026-09-07T08:05:00Z'))).toEqual(at('2026-09-07T08:20:00Z'));
    expect(retryAt(attempt(), at('2026-09-07T08:19:59Z'))).toEqual(at('2026-09-07T08:20:00Z'));
    expect(retryAt(attempt(), at('2026-09-07T08:20:00Z'))).toBeNull();
  });

  it('holds nothing once released, settled, closed, or recorded at the town hall', () => {
    const now = at('2026-09-07T08:05:00Z');
    expect(retryAt(attempt({ releasedAt: at('2026-09-07T08:03:00Z') }), now)).toBeNull();
    for (const status of ['paid', 'to_verify', 'refused', 'cancelled', 'expired', 'error']) expect(retryAt(attempt({ status }), now)).toBeNull();
    expect(retryAt(attempt({ method: 'cheque' }), now)).toBeNull();
  });
});

describe('frenchClock', () => {
  it('writes the Paris time as a French sentence does, summer and winter', () => {
    const plain = (d: Date) => frenchClock(d).replace(/\u00a0/g, ' ');
    expect(plain(at('2026-09-07T12:35:00Z'))).toBe('14 h 35');
    expect(plain(at('2026-12-07T08:05:00Z'))).toBe('9 h 05');
    expect(plain(at('2026-12-06T23:00:00Z'))).toBe('0 h 00');
    expect(frenchClock(at('2026-09-07T12:35:00Z'))).toBe('14\u00a0h\u00a035');
  });
});
