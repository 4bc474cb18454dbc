import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, eachDay, parisDay, parisInstant } from '../../../server/src/domain/dates.js';
import { deadlineFor, DeadlineRuleError, describeDeadline, isChangeAllowed, isOpenDay, type DeadlineRule } from '../../../server/src/domain/deadlines.js';
import type { Weekday } from '../../../server/src/domain/dates.js';
import { parseDeadlineRule } from '../../../server/src/domain/deadline-rules.js';
import { publicHolidayCalendar } from '../../../server/src/domain/holidays.js';

const france = publicHolidayCalendar();
const noHolidays = { isPublicHoliday: () => false };

const ouvres = { weekends: true, holidays: true, weekdays: [] as Weekday[] };
const calendaires = { weekends: false, holidays: false, weekdays: [] as Weekday[] };
/** Cantine: "la veille à 10:00 en jours ouvrés". */
const cantine: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: ouvres };
/** Accueil matin: "la veille à 16:00", calendar days. */
const accueilMatin: DeadlineRule = { kind: 'days_before', days: 1, time: '16:00', skip: calendaires };

const iso = (rule: DeadlineRule, day: string, calendar = france) => deadlineFor(rule, day, calendar)?.toISOString() ?? null;

describe('reference example: the cantine closes the day before at 10:00 (open days)', () => {
  it.each([
    ['Monday after a week-end', '2026-09-07', '2026-09-04T08:00:00.000Z'],
    ['Tuesday', '2026-09-08', '2026-09-07T08:00:00.000Z'],
    ['Saturday (not open itself)', '2026-09-12', '2026-09-11T08:00:00.000Z'],
    ['Tuesday after Easter Monday', '2026-04-07', '2026-04-03T08:00:00.000Z'],
    ['Friday after Ascension', '2026-05-15', '2026-05-13T08:00:00.000Z'],
    ['Monday after Friday 8 May', '2026-05-11', '2026-05-07T08:00:00.000Z'],
    ['Tuesday after Pentecost Monday', '2026-05-26', '2026-05-22T08:00:00.000Z'],
    ['Monday 2 November, after Toussaint on a Sunday', '2026-11-02', '2026-10-30T09:00:00.000Z'],
    ['Thursday 12 November, after 11 November', '2026-11-12', '2026-11-10T09:00:00.000Z'],
    ['Monday 4 January 2027, across the new year', '2027-01-04', '2026-12-31T09:00:00.000Z'],
    // DST, spring 2026-03-29: Friday before is winter time, Monday after is summer time.
    ['Monday 30 March (deadline in winter time)', '2026-03-30', '2026-03-27T09:00:00.000Z'],
    ['Tuesday 31 March (deadline in summer time)', '2026-03-31', '2026-03-30T08:00:00.000Z'],
    // DST, autumn 2026-10-25.
    ['Monday 26 October (deadline in summer time)', '2026-10-26', '2026-10-23T08:00:00.000Z'],
    ['Tuesday 27 October (deadline in winter time)', '2026-10-27', '2026-10-26T09:00:00.000Z'],
  ])('%s: %s → %s', (_, day, deadline) => {
    expect(iso(cantine, day)).toBe(deadline);
  });

  it('allows changes strictly before the deadline', () => {
    const deadline = deadlineFor(cantine, '2026-09-07', france)!;
    expect(isChangeAllowed(cantine, '2026-09-07', new Date(deadline.getTime() - 1), france)).toBe(true);
    expect(isChangeAllowed(cantine, '2026-09-07', deadline, france)).toBe(false);
    expect(isChangeAllowed(cantine, '2026-09-07', new Date('2026-09-04T07:59:59Z'), france)).toBe(true);
    expect(isChangeAllowed(cantine, '2026-09-07', new Date('2026-09-04T08:00:00Z'), france)).toBe(false);
  });
});

describe('reference example: the accueil du matin closes the day before at 16:00 (calendar days)', () => {
  it.each([
    ['Monday → Sunday', '2026-09-07', '2026-09-06T14:00:00.000Z'],
    ['Tuesday after Easter Monday → the holiday itself', '2026-04-07', '2026-04-06T14:00:00.000Z'],
    ['Sunday 29 March → Saturday, winter time', '2026-03-29', '2026-03-28T15:00:00.000Z'],
    ['Monday 30 March → Sunday of the change, summer time', '2026-03-30', '2026-03-29T14:00:00.000Z'],
    ['Sunday 25 October → Saturday, summer time', '2026-10-25', '2026-10-24T14:00:00.000Z'],
    ['Monday 26 October → Sunday of the change, winter time', '2026-10-26', '2026-10-25T15:00:00.000Z'],
    ['1 January → 31 December', '2027-01-01', '2026-12-31T15:00:00.000Z'],
  ])('%s: %s → %s', (_, day, deadline) => {
    expect(iso(accueilMatin, day)).toBe(deadline);
  });

  it('on the DST days themselves, 10:00 the day before', () => {
    const veille10 = { ...accueilMatin, time: '10:00' };
    expect(iso(veille10, '2026-03-29')).toBe('2026-03-28T09:00:00.000Z');
    expect(iso(veille10, '2026-03-31')).toBe('2026-03-30T08:00:00.000Z');
    expect(iso(veille10, '2026-10-26')).toBe('2026-10-25T09:00:00.000Z');
  });
});

describe('days_before', () => {
  it('days = 0 is the day itself at that time, open or not', () => {
    const jourMeme: DeadlineRule = { kind: 'days_before', days: 0, time: '09:00', skip: ouvres };
    expect(iso(jourMeme, '2026-09-07')).toBe('2026-09-07T07:00:00.000Z');
    expect(iso(jourMeme, '2026-09-12')).toBe('2026-09-12T07:00:00.000Z'); // Saturday
    expect(iso(jourMeme, '2026-12-25')).toBe('2026-12-25T08:00:00.000Z'); // Noël
  });

  it('counts several open days back', () => {
    const deux: DeadlineRule = { kind: 'days_before', days: 2, time: '18:00', skip: ouvres };
    expect(iso(deux, '2026-09-08')).toBe('2026-09-04T16:00:00.000Z'); // Tuesday → Friday
    expect(iso(deux, '2026-09-10')).toBe('2026-09-08T16:00:00.000Z'); // Thursday → Tuesday
    expect(iso(deux, '2026-04-08')).toBe('2026-04-03T16:00:00.000Z'); // Wednesday → Friday (Easter Monday skipped)
    const cinq: DeadlineRule = { kind: 'days_before', days: 5, time: '12:00', skip: ouvres };
    expect(iso(cinq, '2026-09-14')).toBe('2026-09-07T10:00:00.000Z'); // a full week back
  });

  it('skips chosen weekdays (Wednesdays without school)', () => {
    const horsMercredi: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: { ...ouvres, weekdays: [3] } };
    expect(iso(horsMercredi, '2026-09-10')).toBe('2026-09-08T08:00:00.000Z'); // Thursday → Tuesday
    expect(iso(horsMercredi, '2026-09-09')).toBe('2026-09-08T08:00:00.000Z'); // Wednesday → Tuesday
    const deux = { ...horsMercredi, days: 2 };
    expect(iso(deux, '2026-09-10')).toBe('2026-09-07T08:00:00.000Z'); // Thursday → Monday
  });

  it('skips week-ends but not holidays, or holidays but not week-ends, as asked', () => {
    const weekEndsOnly: DeadlineRule = { ...cantine, skip: { weekends: true, holidays: false, weekdays: [] } };
    expect(iso(weekEndsOnly, '2026-04-07')).toBe('2026-04-06T08:00:00.000Z');
    const holidaysOnly: DeadlineRule = { ...cantine, skip: { weekends: false, holidays: true, weekdays: [] } };
    expect(iso(holidaysOnly, '2026-09-07')).toBe('2026-09-06T08:00:00.000Z'); // Sunday counts
    expect(iso(holidaysOnly, '2026-04-07')).toBe('2026-04-05T08:00:00.000Z'); // Easter Monday skipped
  });

  it('uses the calendar it is given (a town closure, Alsace-Moselle)', () => {
    const closedOnFriday = { isPublicHoliday: (day: string) => day === '2026-09-04' };
    expect(iso(cantine, '2026-09-07', closedOnFriday)).toBe('2026-09-03T08:00:00.000Z');
    expect(iso(cantine, '2026-04-07', noHolidays)).toBe('2026-04-06T08:00:00.000Z');
    const alsace = publicHolidayCalendar({ alsaceMoselle: true });
    expect(iso(cantine, '2026-04-07', alsace)).toBe('2026-04-02T08:00:00.000Z'); // Vendredi saint too
  });

  it('refuses a rule that leaves no open day instead of looping', () => {
    const never: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: false, weekdays: [1, 2, 3, 4, 5] } };
    expect(() => deadlineFor(never, '2026-09-07', france)).toThrow(DeadlineRuleError);
  });

  it('isOpenDay', () => {
    expect(isOpenDay('2026-09-07', ouvres, france)).toBe(true);
    expect(isOpenDay('2026-09-06', ouvres, france)).toBe(false);
    expect(isOpenDay('2026-04-06', ouvres, france)).toBe(false);
    expect(isOpenDay('2026-04-06', calendaires, france)).toBe(true);
    expect(isOpenDay('2026-09-09', { ...ouvres, weekdays: [3] }, france)).toBe(false);
  });
});

describe('weekday_before, weekday_previous_week, day_of_previous_month, none', () => {
  it('weekday_before: the latest such weekday strictly before the day', () => {
    const jeudi: DeadlineRule = { kind: 'weekday_before', weekday: 4, time: '12:00' };
    expect(iso(jeudi, '2026-09-07')).toBe('2026-09-03T10:00:00.000Z'); // Monday → Thursday before
    expect(iso(jeudi, '2026-09-10')).toBe('2026-09-03T10:00:00.000Z'); // Thursday → the previous one
    expect(iso(jeudi, '2026-09-11')).toBe('2026-09-10T10:00:00.000Z'); // Friday → the day before
    expect(iso(jeudi, '2026-04-03')).toBe('2026-04-02T10:00:00.000Z'); // holidays do not matter
  });

  it('weekday_previous_week: that weekday in the ISO week before', () => {
    const mercredi: DeadlineRule = { kind: 'weekday_previous_week', weekday: 3, time: '18:00' };
    expect(iso(mercredi, '2026-09-07')).toBe('2026-09-02T16:00:00.000Z'); // Monday
    expect(iso(mercredi, '2026-09-13')).toBe('2026-09-02T16:00:00.000Z'); // Sunday of the same week
    expect(iso(mercredi, '2026-09-14')).toBe('2026-09-09T16:00:00.000Z'); // next Monday
    const dimanche: DeadlineRule = { kind: 'weekday_previous_week', weekday: 7, time: '20:00' };
    expect(iso(dimanche, '2026-09-07')).toBe('2026-09-06T18:00:00.000Z');
    expect(iso(dimanche, '2026-03-30')).toBe('2026-03-29T18:00:00.000Z'); // DST Sunday, summer time
  });

  it('day_of_previous_month: day n of the month before, clamped to its length', () => {
    const le20: DeadlineRule = { kind: 'day_of_previous_month', day: 20, time: '23:59' };
    expect(iso(le20, '2026-09-07')).toBe('2026-08-20T21:59:00.000Z');
    expect(iso(le20, '2026-09-30')).toBe('2026-08-20T21:59:00.000Z');
    expect(iso(le20, '2027-01-15')).toBe('2026-12-20T22:59:00.000Z'); // across the year, winter time
    const le31: DeadlineRule = { kind: 'day_of_previous_month', day: 31, time: '12:00' };
    expect(iso(le31, '2026-03-10')).toBe('2026-02-28T11:00:00.000Z');
    expect(iso(le31, '2028-03-01')).toBe('2028-02-29T11:00:00.000Z'); // leap year
    expect(iso(le31, '2026-05-31')).toBe('2026-04-30T10:00:00.000Z');
    expect(iso(le31, '2026-01-05')).toBe('2025-12-31T11:00:00.000Z');
    const le30: DeadlineRule = { kind: 'day_of_previous_month', day: 30, time: '12:00' };
    expect(iso(le30, '2026-03-31')).toBe('2026-02-28T11:00:00.000Z');
    const le1: DeadlineRule = { kind: 'day_of_previous_month', day: 1, time: '00:00' };
    expect(iso(le1, '2026-04-30')).toBe('2026-02-28T23:00:00.000Z'); // 1 March 00:00 Paris
  });

  it('none: no deadline; changes allowed until the day is over in Paris', () => {
    const none: DeadlineRule = { kind: 'none' };
    expect(deadlineFor(none, '2026-09-07', france)).toBeNull();
    expect(isChangeAllowed(none, '2026-09-07', new Date('2026-09-07T21:59:59Z'), france)).toBe(true); // 23:59:59 Paris
    expect(isChangeAllowed(none, '2026-09-07', new Date('2026-09-07T22:00:00Z'), france)).toBe(false); // midnight
    expect(isChangeAllowed(none, '2026-09-07', new Date('2026-09-01T08:00:00Z'), france)).toBe(true);
  });
});

describe('describeDeadline', () => {
  it.each<[DeadlineRule, string]>([
    [cantine, 'la veille à 10:00 (jours ouvrés)'],
    [accueilMatin, 'la veille à 16:00'],
    [{ kind: 'days_before', days: 2, time: '18:00', skip: ouvres }, '2 jours ouvrés avant à 18:00'],
    [{ kind: 'days_before', days: 3, time: '18:00', skip: calendaires }, '3 jours avant à 18:00'],
    [{ kind: 'days_before', days: 0, time: '09:00', skip: ouvres }, 'le jour même à 09:00'],
    [{ kind: 'days_before', days: 1, time: '10:00', skip: { ...ouvres, weekdays: [3] } }, 'la veille à 10:00 (jours ouvrés, hors mercredis)'],
    [{ kind: 'days_before', days: 2, time: '10:00', skip: { ...ouvres, weekdays: [3, 6] } }, '2 jours ouvrés avant à 10:00 (hors mercredis)'],
    [{ kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: false, weekdays: [] } }, 'la veille à 10:00 (hors week-ends)'],
    [{ kind: 'days_before', days: 2, time: '10:00', skip: { weekends: false, holidays: true, weekdays: [3, 1] } }, '2 jours avant à 10:00 (hors jours fériés, lundis et mercredis)'],
    [{ kind: 'weekday_before', weekday: 4, time: '12:00' }, 'le jeudi précédent à 12:00'],
    [{ kind: 'weekday_previous_week', weekday: 3, time: '18:00' }, 'le mercredi de la semaine précédente à 18:00'],
    [{ kind: 'day_of_previous_month', day: 20, time: '23:59' }, 'le 20 du mois précédent à 23:59'],
    [{ kind: 'day_of_previous_month', day: 1, time: '12:00' }, 'le 1er du mois précédent à 12:00'],
    [{ kind: 'day_of_previous_month', day: 30, time: '12:00' }, 'le 30 du mois précédent (ou son dernier jour s’il est plus court) à 12:00'],
    [{ kind: 'day_of_previous_month', day: 31, time: '12:00' }, 'le dernier jour du mois précédent à 12:00'],
    [{ kind: 'none' }, 'sans délai'],
  ])('%j → %s', (rule, text) => {
    expect(describeDeadline(rule)).toBe(text);
  });
});

describe('parseDeadlineRule', () => {
  it('returns valid rules, with skipped weekdays deduplicated and sorted', () => {
    expect(parseDeadlineRule(cantine)).toEqual(cantine);
    expect(parseDeadlineRule({ kind: 'none' })).toEqual({ kind: 'none' });
    expect(parseDeadlineRule({ kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [5, 3, 3] } })).toEqual({
      kind: 'days_before',
      days: 1,
      time: '10:00',
      skip: { weekends: true, holidays: true, weekdays: [3, 5] },
    });
    expect(parseDeadlineRule({ kind: 'day_of_previous_month', day: 31, time: '23:59' })).toEqual({ kind: 'day_of_previous_month', day: 31, time: '23:59' });
    // days = 0 needs no open day at all.
    const all = { weekends: true, holidays: true, weekdays: [1, 2, 3, 4, 5] };
    expect(parseDeadlineRule({ kind: 'days_before', days: 0, time: '08:00', skip: all })).toMatchObject({ days: 0 });
  });

  it.each<[unknown, RegExp]>([
    [null, /objet attendu/],
    ['la veille', /objet attendu/],
    [{}, /type de délai inconnu/],
    [{ kind: 'tomorrow' }, /type de délai inconnu/],
    [{ kind: 'days_before', time: '10:00', skip: ouvres }, /\(days\) : champ obligatoire manquant/],
    [{ kind: 'days_before', days: 61, time: '10:00', skip: ouvres }, /entier de 0 à 60/],
    [{ kind: 'days_before', days: -1, time: '10:00', skip: ouvres }, /entier de 0 à 60/],
    [{ kind: 'days_before', days: 1.5, time: '10:00', skip: ouvres }, /entier de 0 à 60/],
    [{ kind: 'days_before', days: '1', time: '10:00', skip: ouvres }, /entier de 0 à 60/],
    [{ kind: 'days_before', days: 1, time: '24:00', skip: ouvres }, /\(time\) : heure invalide/],
    [{ kind: 'days_before', days: 1, time: '9:00', skip: ouvres }, /heure invalide/],
    [{ kind: 'days_before', days: 1, time: '10:00' }, /\(skip\)/],
    [{ kind: 'days_before', days: 1, time: '10:00', skip: { weekends: 'oui', holidays: true, weekdays: [] } }, /vrai\/faux/],
    [{ kind: 'days_before', days: 1, time: '10:00', skip: { ...ouvres, weekdays: [0] } }, /\(skip\.weekdays\.0\) : jour de la semaine invalide/],
    [{ kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: false, weekdays: [1, 2, 3, 4, 5] } }, /tous les jours de la semaine sont exclus/],
    [{ kind: 'weekday_before', weekday: 8, time: '12:00' }, /de 1 \(lundi\) à 7 \(dimanche\)/],
    [{ kind: 'weekday_previous_week', weekday: 3 }, /\(time\) : champ obligatoire manquant/],
    [{ kind: 'day_of_previous_month', day: 0, time: '12:00' }, /jour du mois invalide/],
    [{ kind: 'day_of_previous_month', day: 32, time: '12:00' }, /jour du mois invalide/],
    [{ kind: 'none', days: 1 }, /champ\(s\) inconnu\(s\) : days/],
  ])('refuses %j', (input, message) => {
    expect(() => parseDeadlineRule(input)).toThrow(DeadlineRuleError);
    expect(() => parseDeadlineRule(input)).toThrow(/^Règle de délai invalide/);
    expect(() => parseDeadlineRule(input)).toThrow(message);
  });
});

// ----- Properties -----------------------------------------------------------------------------

const FIRST = '2020-01-01';
const LAST = '2040-12-31';
const anyDay = fc.integer({ min: 0, max: daysBetween(FIRST, LAST) }).map((i) => addDays(FIRST, i));
const anyTime = fc
  .integer({ min: 0, max: 24 * 60 - 1 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const anyWeekday = fc.integer({ min: 1, max: 7 }).map((n) => n as Weekday);
const anySkip = fc
  .record({ weekends: fc.boolean(), holidays: fc.boolean(), weekdays: fc.uniqueArray(anyWeekday, { maxLength: 3 }) })
  .map((skip) => ({ ...skip, weekdays: [...skip.weekdays].sort() }));
const daysBefore = fc.record({ kind: fc.constant('days_before' as const), days: fc.integer({ min: 0, max: 60 }), time: anyTime, skip: anySkip });
const weekdayBefore = fc.record({ kind: fc.constant('weekday_before' as const), weekday: anyWeekday, time: anyTime });
const weekdayPreviousWeek = fc.record({ kind: fc.constant('weekday_previous_week' as const), weekday: anyWeekday, time: anyTime });
const dayOfPreviousMonth = fc.record({ kind: fc.constant('day_of_previous_month' as const), day: fc.integer({ min: 1, max: 31 }), time: anyTime });
const anyRule: fc.Arbitrary<DeadlineRule> = fc.oneof(daysBefore, weekdayBefore, weekdayPreviousWeek, dayOfPreviousMonth);
const endOfDay = (day: string) => parisInstant(addDays(day, 1), '00:00');

describe('properties', () => {
  it('the deadline is always before the end of the day', () => {
    fc.assert(
      fc.property(anyRule, anyDay, (rule, day) => {
        expect(deadlineFor(rule, day, france)!.getTime()).toBeLessThan(endOfDay(day).getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('days_before: the deadline day is open, and exactly `days` open days lie between it and the day', () => {
    fc.assert(
      fc.property(daysBefore.filter((r) => r.days > 0), anyDay, (rule, day) => {
        const deadlineDay = parisDay(deadlineFor(rule, day, france)!);
        expect(deadlineDay < day).toBe(true);
        expect(isOpenDay(deadlineDay, rule.skip, france)).toBe(true);
        const open = eachDay(deadlineDay, addDays(day, -1)).filter((d) => isOpenDay(d, rule.skip, france));
        expect(open.length).toBe(rule.days);
      }),
      { numRuns: 500 },
    );
  });

  it('the deadline falls at the rule time, Paris wall clock (outside the spring gap)', () => {
    fc.assert(
      fc.property(anyRule, anyDay, (rule, day) => {
        if (rule.kind === 'none') return;
        const deadline = deadlineFor(rule, day, france)!;
        expect(deadline.getTime()).toBe(parisInstant(parisDay(deadline), rule.time).getTime());
      }),
    );
  });

  it('monotonic: a later day never has an earlier deadline, for the same rule', () => {
    fc.assert(
      fc.property(anyRule, anyDay, fc.integer({ min: 1, max: 62 }), (rule, day, later) => {
        const a = deadlineFor(rule, day, france)!;
        const b = deadlineFor(rule, addDays(day, later), france)!;
        expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('isChangeAllowed is exactly now < deadline', () => {
    fc.assert(
      fc.property(anyRule, anyDay, fc.integer({ min: -3_600_000, max: 3_600_000 }), (rule, day, delta) => {
        const deadline = deadlineFor(rule, day, france)!;
        const now = new Date(deadline.getTime() + delta);
        expect(isChangeAllowed(rule, day, now, france)).toBe(delta < 0);
      }),
    );
  });

  it('weekday rules land on their weekday; day_of_previous_month in the previous month', () => {
    fc.assert(
      fc.property(fc.oneof(weekdayBefore, weekdayPreviousWeek, dayOfPreviousMonth), anyDay, (rule, day) => {
        const deadlineDay = parisDay(deadlineFor(rule, day, france)!);
        if (rule.kind === 'day_of_previous_month') {
          expect(deadlineDay.slice(0, 7)).toBe(addDays(`${day.slice(0, 7)}-01`, -1).slice(0, 7));
          expect(Number(deadlineDay.slice(8))).toBeLessThanOrEqual(rule.day);
        } else {
          expect(new Date(`${deadlineDay}T12:00:00Z`).getUTCDay() || 7).toBe(rule.weekday);
          const back = daysBetween(deadlineDay, day);
          if (rule.kind === 'weekday_before') expect(back >= 1 && back <= 7).toBe(true);
          else expect(back >= 1 && back <= 13).toBe(true);
        }
      }),
    );
  });

  it('valid rules survive parseDeadlineRule and read as French', () => {
    fc.assert(
      fc.property(anyRule, (rule) => {
        const closed = rule.kind === 'days_before' && new Set([...rule.skip.weekdays, ...(rule.skip.weekends ? [6, 7] : [])]).size === 7;
        if (closed && rule.kind === 'days_before' && rule.days > 0) return;
        expect(parseDeadlineRule(JSON.parse(JSON.stringify(rule)))).toEqual(rule);
        expect(describeDeadline(rule)).toMatch(/^(la|le|\d+ jours).* à \d\d:\d\d/);
        expect(describeDeadline(rule)).not.toMatch(/undefined|NaN/);
      }),
    );
  });
});
