/**
 * Calendar days and Paris wall-clock times.
 *
 * A calendar day is a `YYYY-MM-DD` string end to end (DB, API, domain): a day has no time zone, so it
 * must never travel as a `Date`, whose midnight would land on the previous day somewhere. Arithmetic
 * on days is done on UTC midnights, where every day lasts exactly 24 hours.
 *
 * Instants (`Date`) only appear where a wall-clock time in Europe/Paris is meant: deadlines, "now".
 */
import type { Weekday } from '../contracts/staff/planning.js';

/** ISO weekdays: 1 = Monday … 7 = Sunday (stated with the staff API's services). */
export type { Weekday };

const DAY_MS = 86_400_000;
const DAY_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_FORMAT = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const PARIS = 'Europe/Paris';

/** UTC midnight of a day, in ms; throws on anything that is not a real `YYYY-MM-DD` day. */
function utcMs(day: string): number {
  const ms = parseDay(day);
  if (ms === null) throw new RangeError(`Jour invalide : « ${day} » (format AAAA-MM-JJ attendu).`);
  return ms;
}

function parseDay(day: string): number | null {
  const m = DAY_FORMAT.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, date);
  // Round trip: 2026-02-30 would silently become 2026-03-02.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return null;
  return d.getTime();
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written strictly `YYYY-MM-DD` (no time, no missing zero). */
export function isValidDay(s: unknown): s is string {
  return typeof s === 'string' && parseDay(s) !== null;
}

/**
 * The years a day typed into the portal may fall in. Outside them a date is a typing slip or a
 * probe: year 0000 does not exist for PostgreSQL, and 9999 breaks the month and deadline
 * arithmetic. One range for every date and month the API accepts.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

/** A real `YYYY-MM-DD` day whose year is between FIRST_YEAR and LAST_YEAR. */
export function isDayInRange(s: unknown): s is string {
  return isValidDay(s) && inYears(Number(s.slice(0, 4)));
}

/** A month written `YYYY-MM` whose year is between FIRST_YEAR and LAST_YEAR. */
export function isMonthInRange(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s) && inYears(Number(s.slice(0, 4)));
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return fromUtcMs(utcMs(day) + n * DAY_MS);
}

/** Signed number of days from `a` to `b`: daysBetween('2026-09-01', '2026-09-03') === 2. */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMs(b) - utcMs(a)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): Weekday {
  const js = new Date(utcMs(day)).getUTCDay(); // 0 = Sunday
  return (js === 0 ? 7 : js) as Weekday;
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = utcMs(from), end = utcMs(to); ms <= end; ms += DAY_MS) days.push(fromUtcMs(ms));
  return days;
}

/** The Monday of the ISO week holding `day`. */
export function startOfIsoWeek(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

export function startOfMonth(day: string): string {
  utcMs(day);
  return `${day.slice(0, 8)}01`;
}

export function endOfMonth(day: string): string {
  const d = new Date(utcMs(day));
  d.setUTCMonth(d.getUTCMonth() + 1, 0); // day 0 of next month = last day of this one
  return fromUtcMs(d.getTime());
}

/** Number of days in the month holding `day` (28–31). */
export function daysInMonth(day: string): number {
  return Number(endOfMonth(day).slice(8));
}

// Formatters are costly to build; one of each is enough. hourCycle h23 avoids "24:00" at midnight.
const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Paris wall clock at an instant, as if it were a UTC time (ms). */
function parisWallClockMs(instant: number): number {
  const p: Record<string, number> = {};
  for (const part of parisParts.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const d = new Date(0);
  d.setUTCFullYear(p.year!, p.month! - 1, p.day!);
  d.setUTCHours(p.hour!, p.minute!, p.second!, new Date(instant).getUTCMilliseconds());
  return d.getTime();
}

/** Offset of Paris from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  return Math.round((parisWallClockMs(instant.getTime()) - instant.getTime()) / 60_000);
}

/** The calendar day in Europe/Paris at an instant. */
export function parisDay(instant: Date): string {
  return fromUtcMs(Math.floor(parisWallClockMs(instant.getTime()) / DAY_MS) * DAY_MS);
}

/** True for a wall-clock time written strictly `HH:MM`, 00:00–23:59. */
export function isValidTime(s: unknown): s is string {
  return typeof s === 'string' && TIME_FORMAT.test(s);
}

/**
 * The instant at which Paris clocks show `time` (`HH:MM`) on `day`.
 *
 * DST choices (both only matter between 02:00 and 03:00 on two nights a year):
 * - a time that does not exist (last Sunday of March, 02:00–02:59 are skipped) moves forward to the
 *   next minute that exists, 03:00 CEST: a deadline is never earlier than the time the town wrote;
 * - an ambiguous time (last Sunday of October, 02:00–02:59 happen twice) is the first occurrence,
 *   still in summer time (+02:00): the earlier of the two, so nobody gets an extra hour by accident.
 */
export function parisInstant(day: string, time: string): Date {
  const key = `${day} ${time}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    if (instantCache.size >= INSTANT_CACHE_SIZE) instantCache.clear();
    ms = computeParisInstant(day, time).getTime();
    instantCache.set(key, ms);
  }
  return new Date(ms);
}

/**
 * The grid asks for the same few hundred (day, time) pairs over and over, and the Intl
 * conversion behind them is the costliest step of a planning read: the answers are pure, so they
 * are kept (bounded).
 */
const INSTANT_CACHE_SIZE = 50_000;
const instantCache = new Map<string, number>();

function computeParisInstant(day: string, time: string): Date {
  const m = TIME_FORMAT.exec(time);
  if (!m) throw new RangeError(`Heure invalide : « ${time} » (format HH:MM attendu, de 00:00 à 23:59).`);
  const wall = utcMs(day) + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
  // Paris offsets a day before and after cover both sides of any change on that day.
  const offsets = [wall - DAY_MS, wall + DAY_MS].map((t) => parisWallClockMs(t) - t);
  // Skipped wall-clock times: try the next minutes (at most the length of the gap).
  for (let shift = 0; shift <= 24 * 60; shift++) {
    const target = wall + shift * 60_000;
    const matches = offsets.map((o) => target - o).filter((t) => parisWallClockMs(t) === target);
    if (matches.length > 0) return new Date(Math.min(...matches));
  }
  throw new RangeError(`Heure introuvable à Paris : ${day} ${time}.`);
}

const frDayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long' });
const frDayMonthYear = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const frTime = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** Intl output, with "1er" for the first of the month as French typography wants ("mardi 1er septembre"). */
function frenchDate(format: Intl.DateTimeFormat, instant: Date): string {
  return format
    .formatToParts(instant)
    .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}

/** "vendredi 4 septembre à 10:00": the Paris date and time of an instant, without the year. */
export function formatParisDateTime(instant: Date): string {
  return `${frenchDate(frDayMonth, instant)} à ${frTime.format(instant)}`;
}

/** "lundi 7 septembre 2026". */
export function formatDayLong(day: string): string {
  return frenchDate(frDayMonthYear, parisInstant(day, '12:00'));
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "septembre 2026" for any day of September 2026. */
export function formatMonth(day: string): string {
  utcMs(day);
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

/** "1er septembre", "16 octobre" (with the year when asked: "16 octobre 2026"). */
export function formatDayShort(day: string, withYear = false): string {
  utcMs(day);
  const date = Number(day.slice(8));
  const text = `${date === 1 ? '1er' : date} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
  return withYear ? `${text} ${day.slice(0, 4)}` : text;
}
