/**
 * French public holidays (jours fériés), computed rather than stored: they follow from the year alone.
 */
import { addDays } from './dates.js';

export interface PublicHolidayOptions {
  /** Bas-Rhin, Haut-Rhin and Moselle also observe Vendredi saint and Saint-Étienne (26 décembre). */
  alsaceMoselle?: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher),
 * exact for every year from 1583 on.
 */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Année invalide : ${year} (de 1583 à 9999).`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const cache = new Map<string, ReadonlyMap<string, string>>();

function compute(year: number, alsaceMoselle: boolean): ReadonlyMap<string, string> {
  const easter = easterSunday(year);
  const on = (mmdd: string) => `${year}-${mmdd}`;
  const list: Array<[string, string]> = [
    [on('01-01'), "Jour de l'an"],
    [addDays(easter, 1), 'Lundi de Pâques'],
    [on('05-01'), 'Fête du Travail'],
    [on('05-08'), 'Victoire 1945'],
    [addDays(easter, 39), 'Ascension'],
    [addDays(easter, 50), 'Lundi de Pentecôte'],
    [on('07-14'), 'Fête nationale'],
    [on('08-15'), 'Assomption'],
    [on('11-01'), 'Toussaint'],
    [on('11-11'), 'Armistice 1918'],
    [on('12-25'), 'Noël'],
  ];
  if (alsaceMoselle) list.push([addDays(easter, -2), 'Vendredi saint'], [on('12-26'), 'Saint-Étienne']);
  const byDay = new Map<string, string>();
  // Ascension falls on 1 or 8 May some years (2008: 1er mai): one day, both names.
  for (const [day, name] of list) byDay.set(day, byDay.has(day) ? `${byDay.get(day)} et ${name}` : name);
  return new Map([...byDay].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function holidaysOf(year: number, options: PublicHolidayOptions): ReadonlyMap<string, string> {
  const alsace = options.alsaceMoselle === true;
  const key = `${year}:${alsace}`;
  let map = cache.get(key);
  if (!map) {
    map = compute(year, alsace);
    cache.set(key, map);
  }
  return map;
}

/**
 * The public holidays of a year, day → French name ("Lundi de Pâques"), in date order.
 * 11 days (13 in Alsace-Moselle), one fewer in the years where Ascension falls on 1 or 8 May: that
 * day then carries both names ("Fête du Travail et Ascension"). The map is a fresh copy.
 */
export function publicHolidays(year: number, options: PublicHolidayOptions = {}): Map<string, string> {
  return new Map(holidaysOf(year, options));
}

/** The French name of the public holiday on `day`, or null on an ordinary day. Cached per year. */
export function publicHolidayName(day: string, options: PublicHolidayOptions = {}): string | null {
  return holidaysOf(Number(day.slice(0, 4)), options).get(day) ?? null;
}

/** A calendar for `deadlineFor`: public holidays only (a town's own closures can be added by the caller). */
export function publicHolidayCalendar(options: PublicHolidayOptions = {}): { isPublicHoliday(day: string): boolean } {
  return { isPublicHoliday: (day) => publicHolidayName(day, options) !== null };
}
