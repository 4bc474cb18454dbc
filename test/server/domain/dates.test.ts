import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  eachDay,
  endOfMonth,
  formatDayLong,
  formatDayShort,
  formatParisDateTime,
  isoWeekday,
  isDayInRange,
  isMonthInRange,
  isValidDay,
  isValidTime,
  parisDay,
  parisInstant,
  parisOffsetMinutes,
  startOfIsoWeek,
  startOfMonth,
} from '../../../server/src/domain/dates.js';

/** Every day from 2020 to 2040, as an arbitrary. */
const FIRST = '2020-01-01';
const LAST = '2040-12-31';
const anyDay = fc.integer({ min: 0, max: daysBetween(FIRST, LAST) }).map((i) => addDays(FIRST, i));
const anyTime = fc
  .integer({ min: 0, max: 24 * 60 - 1 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

describe('calendar days', () => {
  it('accepts only real days written strictly YYYY-MM-DD', () => {
    for (const ok of ['2026-09-07', '2028-02-29', '2000-02-29', '2026-12-31', '1583-01-01']) expect(isValidDay(ok)).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-9-7', '2026-09-07T00:00', ' 2026-09-07', '', '20260907'])
      expect(isValidDay(bad), bad).toBe(false);
    expect(isValidDay(20260907)).toBe(false);
    expect(isValidDay(null)).toBe(false);
  });

  it('accepts days and months from 1900 to 2100 only at the edge', () => {
    for (const ok of ['1900-01-01', '2026-09-07', '2100-12-31']) expect(isDayInRange(ok), ok).toBe(true);
    for (const bad of ['0000-01-01', '0001-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '2026-02-30', null]) expect(isDayInRange(bad), String(bad)).toBe(false);
    for (const ok of ['1900-01', '2026-09', '2100-12']) expect(isMonthInRange(ok), ok).toBe(true);
    for (const bad of ['0000-01', '9999-12', '2026-13', '2026-9', '2026-09-01', 42]) expect(isMonthInRange(bad), String(bad)).toBe(false);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-09-07', 1)).toBe('2026-09-08');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // DST change: still 1 day
    expect(addDays('2026-09-07', 0)).toBe('2026-09-07');
  });

  it('rejects invalid days instead of guessing', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/Jour invalide/);
    expect(() => isoWeekday('07/09/2026')).toThrow(RangeError);
    expect(() => endOfMonth('2026-9-1')).toThrow(RangeError);
    expect(() => startOfMonth('2026-02-30')).toThrow(RangeError);
  });

  it('counts days between two days, signed', () => {
    expect(daysBetween('2026-09-01', '2026-09-03')).toBe(2);
    expect(daysBetween('2026-09-03', '2026-09-01')).toBe(-2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('lists days inclusively', () => {
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2026-09-07', '2026-09-07')).toEqual(['2026-09-07']);
    expect(eachDay('2026-09-08', '2026-09-07')).toEqual([]);
  });

  it('gives ISO weekdays and week starts', () => {
    expect(isoWeekday('2026-09-07')).toBe(1); // Monday
    expect(isoWeekday('2026-09-06')).toBe(7); // Sunday
    expect(isoWeekday('2026-09-05')).toBe(6);
    expect(startOfIsoWeek('2026-09-06')).toBe('2026-08-31');
    expect(startOfIsoWeek('2026-09-07')).toBe('2026-09-07');
    expect(startOfIsoWeek('2027-01-01')).toBe('2026-12-28');
  });

  it('gives month bounds', () => {
    expect(startOfMonth('2026-09-17')).toBe('2026-09-01');
    expect(endOfMonth('2026-09-17')).toBe('2026-09-30');
    expect(endOfMonth('2026-02-01')).toBe('2026-02-28');
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(endOfMonth('2026-12-31')).toBe('2026-12-31');
  });

  it('properties: addDays and daysBetween agree, weekdays cycle, weeks start on Monday', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -800, max: 800 }), (day, n) => {
        const later = addDays(day, n);
        expect(isValidDay(later)).toBe(true);
        expect(daysBetween(day, later)).toBe(n);
        expect(addDays(later, -n)).toBe(day);
        expect(isoWeekday(later)).toBe(((((isoWeekday(day) - 1 + n) % 7) + 7) % 7) + 1);
        const monday = startOfIsoWeek(day);
        expect(isoWeekday(monday)).toBe(1);
        expect(daysBetween(monday, day)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(monday, day)).toBeLessThan(7);
        expect(addDays(endOfMonth(day), 1).slice(8)).toBe('01');
        expect(startOfMonth(day) <= day && day <= endOfMonth(day)).toBe(true);
      }),
    );
  });
});

describe('Paris wall-clock time', () => {
  it('knows winter (+01:00) and summer (+02:00) time', () => {
    expect(parisInstant('2026-09-04', '10:00').toISOString()).toBe('2026-09-04T08:00:00.000Z');
    expect(parisInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(parisInstant('2026-03-28', '10:00').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(parisInstant('2026-03-30', '10:00').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(parisInstant('2026-10-24', '10:00').toISOString()).toBe('2026-10-24T08:00:00.000Z');
    expect(parisInstant('2026-10-26', '10:00').toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(parisInstant('2026-09-07', '00:00').toISOString()).toBe('2026-09-06T22:00:00.000Z');
    expect(parisInstant('2026-12-31', '23:59').toISOString()).toBe('2026-12-31T22:59:00.000Z');
  });

  it('on the spring-forward day (2026-03-29), a skipped time moves forward to 03:00', () => {
    expect(parisInstant('2026-03-29', '01:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(parisInstant('2026-03-29', '02:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parisInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parisInstant('2026-03-29', '02:59').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parisInstant('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(parisInstant('2026-03-29', '03:01').toISOString()).toBe('2026-03-29T01:01:00.000Z');
  });

  it('on the fall-back day (2026-10-25), an ambiguous time is its first occurrence (+02:00)', () => {
    expect(parisInstant('2026-10-25', '01:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(parisInstant('2026-10-25', '02:00').toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(parisInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parisInstant('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('rejects times that are not HH:MM from 00:00 to 23:59', () => {
    for (const bad of ['24:00', '9:00', '10:60', '10h00', '10:00:00', '']) {
      expect(isValidTime(bad), bad).toBe(false);
      expect(() => parisInstant('2026-09-07', bad)).toThrow(/Heure invalide/);
    }
    expect(isValidTime('00:00')).toBe(true);
    expect(isValidTime('23:59')).toBe(true);
  });

  it('gives the Paris day of an instant, switching at Paris midnight', () => {
    expect(parisDay(new Date('2026-09-06T21:59:59.999Z'))).toBe('2026-09-06');
    expect(parisDay(new Date('2026-09-06T22:00:00.000Z'))).toBe('2026-09-07');
    expect(parisDay(new Date('2026-01-01T22:59:59.999Z'))).toBe('2026-01-01');
    expect(parisDay(new Date('2026-01-01T23:00:00.000Z'))).toBe('2026-01-02');
  });

  it('reports the offset in minutes', () => {
    expect(parisOffsetMinutes(new Date('2026-07-01T12:00:00Z'))).toBe(120);
    expect(parisOffsetMinutes(new Date('2026-12-01T12:00:00Z'))).toBe(60);
    expect(parisOffsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(parisOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(parisOffsetMinutes(new Date('2026-10-25T00:59:59Z'))).toBe(120);
    expect(parisOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('every day from 2020 to 2040 at midnight: same Paris day, offset +01:00 or +02:00', () => {
    for (const day of eachDay(FIRST, LAST)) {
      const midnight = parisInstant(day, '00:00');
      if (parisDay(midnight) !== day) throw new Error(`${day}: ${midnight.toISOString()}`);
      if (![60, 120].includes(parisOffsetMinutes(midnight))) throw new Error(`${day}: offset`);
    }
  });

  it('every minute of both 2026 DST days maps back to its day, in order', () => {
    for (const day of ['2026-03-29', '2026-10-25']) {
      let previous = 0;
      for (let m = 0; m < 24 * 60; m++) {
        const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const instant = parisInstant(day, time);
        expect(parisDay(instant)).toBe(day);
        expect(instant.getTime()).toBeGreaterThanOrEqual(previous); // never goes back in time
        previous = instant.getTime();
      }
    }
  });

  it('property: parisDay(parisInstant(d, t)) === d, the offset is +01:00 or +02:00, and the wall clock reads t', () => {
    fc.assert(
      fc.property(anyDay, anyTime, (day, time) => {
        const instant = parisInstant(day, time);
        expect(parisDay(instant)).toBe(day);
        const offset = parisOffsetMinutes(instant);
        expect([60, 120]).toContain(offset);
        const wall = new Date(instant.getTime() + offset * 60_000).toISOString().slice(11, 16);
        // Only a time skipped by the spring change reads differently (it moved to 03:00).
        if (wall !== time) expect([wall, time.slice(0, 2)]).toEqual(['03:00', '02']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('French formatting', () => {
  it('formats a Paris date and time', () => {
    expect(formatParisDateTime(new Date('2026-09-04T08:00:00Z'))).toBe('vendredi 4 septembre à 10:00');
    expect(formatParisDateTime(new Date('2026-12-31T23:30:00Z'))).toBe('vendredi 1er janvier à 00:30');
    expect(formatParisDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('dimanche 29 mars à 03:00');
  });

  it('formats a day', () => {
    expect(formatDayLong('2026-09-07')).toBe('lundi 7 septembre 2026');
    expect(formatDayLong('2026-09-01')).toBe('mardi 1er septembre 2026');
    expect(formatDayLong('2027-08-15')).toBe('dimanche 15 août 2027');
    expect(formatDayShort('2026-10-16')).toBe('16 octobre');
    expect(formatDayShort('2026-02-01', true)).toBe('1er février 2026');
  });
});
