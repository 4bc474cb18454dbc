import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../../server/src/domain/dates.js';
import {
  easterSunday,
  publicHolidayCalendar,
  publicHolidayName,
  publicHolidays,
} from '../../../server/src/domain/holidays.js';

const anyYear = fc.integer({ min: 1583, max: 9999 });

describe('Easter', () => {
  it.each([
    [2008, '2008-03-23'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
  ])('%i: %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it('refuses years outside the Gregorian calendar', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });

  it('property: always a Sunday between March 22 and April 25', () => {
    fc.assert(
      fc.property(anyYear, (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('public holidays', () => {
  it('lists the 11 holidays of 2026 in date order, with their French names', () => {
    expect([...publicHolidays(2026)]).toEqual([
      ['2026-01-01', "Jour de l'an"],
      ['2026-04-06', 'Lundi de Pâques'],
      ['2026-05-01', 'Fête du Travail'],
      ['2026-05-08', 'Victoire 1945'],
      ['2026-05-14', 'Ascension'],
      ['2026-05-25', 'Lundi de Pentecôte'],
      ['2026-07-14', 'Fête nationale'],
      ['2026-08-15', 'Assomption'],
      ['2026-11-01', 'Toussaint'],
      ['2026-11-11', 'Armistice 1918'],
      ['2026-12-25', 'Noël'],
    ]);
  });

  it('adds Vendredi saint and Saint-Étienne in Alsace-Moselle', () => {
    const alsace = publicHolidays(2026, { alsaceMoselle: true });
    expect(alsace.size).toBe(13);
    expect(alsace.get('2026-04-03')).toBe('Vendredi saint');
    expect(alsace.get('2026-12-26')).toBe('Saint-Étienne');
    expect(publicHolidays(2026).has('2026-04-03')).toBe(false);
  });

  it('names both holidays when Ascension falls on 1 May (2008)', () => {
    const h = publicHolidays(2008);
    expect(h.get('2008-05-01')).toBe('Fête du Travail et Ascension');
    expect(h.size).toBe(10);
  });

  it('answers for a single day', () => {
    expect(publicHolidayName('2026-04-06')).toBe('Lundi de Pâques');
    expect(publicHolidayName('2026-04-07')).toBeNull();
    expect(publicHolidayName('2026-12-26')).toBeNull();
    expect(publicHolidayName('2026-12-26', { alsaceMoselle: true })).toBe('Saint-Étienne');
    expect(publicHolidayCalendar().isPublicHoliday('2027-05-06')).toBe(true); // Ascension 2027
    expect(publicHolidayCalendar().isPublicHoliday('2027-05-07')).toBe(false);
  });

  it('returns a copy: changing it does not change the cache', () => {
    publicHolidays(2026).delete('2026-12-25');
    expect(publicHolidayName('2026-12-25')).toBe('Noël');
  });

  it('properties: Ascension a Thursday, Pentecost Monday a Monday, 11 or 13 days (one fewer when Ascension is on 1 or 8 May)', () => {
    fc.assert(
      fc.property(anyYear, fc.boolean(), (year, alsaceMoselle) => {
        const easter = easterSunday(year);
        const h = publicHolidays(year, { alsaceMoselle });
        const ascension = addDays(easter, 39);
        expect(isoWeekday(ascension)).toBe(4);
        expect(h.get(ascension)).toMatch(/Ascension/);
        const pentecost = addDays(easter, 50);
        expect(isoWeekday(pentecost)).toBe(1);
        expect(h.get(pentecost)).toBe('Lundi de Pentecôte');
        expect(isoWeekday(addDays(easter, 1))).toBe(1);
        const collides = ascension === `${year}-05-01` || ascension === `${year}-05-08`;
        expect(h.size).toBe((alsaceMoselle ? 13 : 11) - (collides ? 1 : 0));
        const days = [...h.keys()];
        expect(days).toEqual([...days].sort());
        expect(days.every((d) => d.startsWith(`${year}-`))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
