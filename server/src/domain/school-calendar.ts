/**
 * The official French school calendar ("calendrier scolaire"), as the Ministry publishes it in
 * iCalendar form on data.education.gouv.fr (`fr-en-calendrier-scolaire.ics`), turned into day ranges.
 *
 * What the official files look like, and what this parser therefore expects:
 * - one VEVENT per holiday and per group of zones: "Vacances d'Hiver - Zone A", "… - Zones A/B",
 *   "… - Zones A/B/C - Corse"; the zones are in SUMMARY and/or LOCATION. One zone's holiday may thus be
 *   split into adjacent events, which are merged back. Older files list académies in LOCATION.
 * - all-day dates (`DTSTART;VALUE=DATE:20261017`), DTEND exclusive (RFC 5545): classes resume on DTEND.
 * - markers: "Rentrée scolaire des élèves" (first day of classes), "Début des Vacances d'Été" (a
 *   one-day event, sometimes with DTEND = DTSTART, when the end of the summer is not published yet).
 */
import { addDays, formatDayShort, parisDay, parisInstant } from './dates.js';

/** The file is not a usable school calendar; the message is French and can be shown to staff. */
export class SchoolCalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchoolCalendarError';
  }
}

/** A labelled range of days, both ends included. */
export interface DayRange {
  label: string;
  startDate: string;
  endDate: string;
}

export interface SchoolCalendar {
  /** Holidays, sorted by start: "Vacances de la Toussaint", "Pont de l'Ascension", "Vacances d'Été"… */
  holidays: DayRange[];
  /** "Année scolaire 2026-2027": from the rentrée des élèves to the day before the summer holidays. */
  schoolYears: DayRange[];
}

export interface SchoolPeriod extends DayRange {
  kind: 'school' | 'holidays';
}

export interface SchoolCalendarOptions {
  /** "Zone A", "A", "Corse", "Guadeloupe"…: keeps national events and those of this zone. */
  zone?: string;
  /** An académie ("Lyon"): drops events whose LOCATION lists académies without it. */
  location?: string;
}

// ----- iCalendar text -----------------------------------------------------------------------

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Lines with folding undone (RFC 5545 §3.1: a line break followed by one space or tab continues the line). */
function unfold(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function parseProperty(line: string): Property {
  let colon = -1;
  for (let i = 0, quoted = false; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new SchoolCalendarError(`Ligne iCalendar illisible : « ${line.slice(0, 80)} ».`);
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq > 0) params[raw.slice(0, eq).toUpperCase()] = raw.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** TEXT values: \\ \; \, \n are escapes (RFC 5545 §3.3.11). */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** The VEVENTs of a calendar, each as its own properties by name (first occurrence wins). */
function readEvents(text: string): Array<Map<string, Property>> {
  const lines = unfold(text);
  if (lines[0]?.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw new SchoolCalendarError("Ce fichier n'est pas un calendrier iCalendar (.ics) : il doit commencer par BEGIN:VCALENDAR.");
  }
  if (!lines.some((line) => line.trim().toUpperCase() === 'END:VCALENDAR')) {
    throw new SchoolCalendarError('Calendrier incomplet : END:VCALENDAR manquant (fichier tronqué ?).');
  }
  const events: Array<Map<string, Property>> = [];
  const stack: string[] = [];
  for (const line of lines) {
    const prop = parseProperty(line.trimEnd());
    const component = prop.value.trim().toUpperCase();
    if (prop.name === 'BEGIN') {
      stack.push(component);
      if (component === 'VEVENT') events.push(new Map());
    } else if (prop.name === 'END') {
      stack.pop();
    } else if (stack.at(-1) === 'VEVENT') {
      const event = events.at(-1)!;
      if (!event.has(prop.name)) event.set(prop.name, prop);
    }
  }
  return events;
}

const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;

/**
 * The Paris day of a DATE or DATE-TIME value, and whether it is midnight (so that an exclusive end at
 * midnight ends the day before). UTC times are converted to Paris; local and TZID times are taken as written.
 */
function readDate(prop: Property): { day: string; midnight: boolean } {
  const m = DATE_VALUE.exec(prop.value.trim());
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  try {
    if (!m) throw new RangeError();
    addDays(day, 0); // validates the day
    if (m[4] === undefined) return { day, midnight: true };
    if (m[7] === 'Z') {
      const instant = new Date(`${day}T${m[4]}:${m[5]}:${m[6]}Z`);
      const local = parisDay(instant);
      return { day: local, midnight: parisInstant(local, '00:00').getTime() === instant.getTime() };
    }
    return { day, midnight: m[4] === '00' && m[5] === '00' && m[6] === '00' };
  } catch {
    throw new SchoolCalendarError(`Date invalide dans le calendrier : ${prop.name}:${prop.value}.`);
  }
}

// ----- Zones, labels and kinds of events ----------------------------------------------------

/** Lower case, no accents, straight apostrophes, hyphens as spaces: for comparisons only. */
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[-_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED_ZONES = [
  'corse',
  'guadeloupe',
  'martinique',
  'guyane',
  'reunion',
  'mayotte',
  'polynesie',
  'nouvelle caledonie',
  'saint pierre et miquelon',
  'wallis et futuna',
];
const LETTER_ZONES = /\bzones?\s+([abc](?:(?:\s*[/,&]\s*|\s+(?:et\s+)?)[abc])*)(?![a-z])/g;

/** Zones named in a text: "Zones A/B/C - Corse" → a, b, c, corse. */
function zonesIn(text: string): string[] {
  const n = normalize(text);
  const zones = [...n.matchAll(LETTER_ZONES)].flatMap((m) => m[1]!.match(/[abc]/g) ?? []);
  for (const name of NAMED_ZONES) if (new RegExp(`\\b${name}\\b`).test(n)) zones.push(name);
  return zones;
}

function zoneKey(zone: string): string {
  const n = normalize(zone);
  const letter = /^(?:zone\s+)?([abc])$/.exec(n);
  if (letter) return letter[1]!;
  const named = NAMED_ZONES.find((z) => n === z || n === `la ${z}`);
  if (named) return named;
  throw new SchoolCalendarError(`Zone inconnue : « ${zone} » (Zone A, Zone B, Zone C, Corse, Guadeloupe…).`);
}

/** "Vacances de Printemps - Zones A/C - Corse" → "Vacances de Printemps"; teachers' notes dropped. */
function cleanLabel(summary: string): string {
  const parts = summary.split(/\s+-\s+/);
  while (parts.length > 1 && zonesIn(parts.at(-1)!).length > 0) parts.pop();
  return parts
    .join(' - ')
    .replace(/\s*\(\s*pr[ée]-?rentr[ée]e[^)]*\)/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

type EventKind = 'rentree' | 'holiday' | 'holiday_start' | 'other';

function kindOf(label: string): EventKind {
  const n = normalize(label);
  if (/^rentree scolaire des eleves\b/.test(n)) return 'rentree';
  if (/^rentree\b/.test(n)) return 'other'; // teachers' rentrée: pupils are still on holiday
  if (/^debut des vacances\b/.test(n)) return 'holiday_start';
  if (/\b(vacances|pont|pentecote|ferie|sans ecole|vaqu)/.test(n)) return 'holiday';
  return 'other';
}

const isSummer = (label: string) => /\bvacances d'ete\b/.test(normalize(label));

interface CalendarEvent {
  kind: EventKind;
  label: string;
  zones: string[];
  academies: string[];
  startDate: string;
  endDate: string;
}

function toCalendarEvent(props: Map<string, Property>): CalendarEvent | null {
  const summary = unescapeText(props.get('SUMMARY')?.value ?? '').trim();
  let label = cleanLabel(summary);
  const kind = kindOf(label);
  if (kind === 'other') return null;
  if (kind === 'holiday_start') label = label.replace(/^d[ée]but des\s+/i, '').replace(/^./, (c) => c.toUpperCase());
  const dtstart = props.get('DTSTART');
  if (!dtstart) throw new SchoolCalendarError(`Événement sans date de début (DTSTART) : « ${summary} ».`);
  const start = readDate(dtstart).day;
  let end = start;
  const dtend = props.get('DTEND');
  const duration = /^P(\d+)([DW])$/.exec(props.get('DURATION')?.value.trim() ?? '');
  if (dtend) {
    const { day, midnight } = readDate(dtend);
    end = midnight ? addDays(day, -1) : day; // exclusive end
  } else if (duration) {
    end = addDays(start, Number(duration[1]) * (duration[2] === 'W' ? 7 : 1) - 1);
  }
  if (end < start) end = start; // DTEND = DTSTART: a one-day marker
  const location = unescapeText(props.get('LOCATION')?.value ?? '');
  const locationParts = location.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    kind,
    label,
    zones: [...new Set([...zonesIn(summary), ...zonesIn(location)])],
    academies: locationParts.filter((part) => zonesIn(part).length === 0).map(normalize),
    startDate: start,
    endDate: end,
  };
}

// ----- From events to ranges ----------------------------------------------------------------

interface Range {
  label: string;
  startDate: string;
  endDate: string;
  /** Only known to start here ("Début des Vacances d'Été"): the end is inferred. */
  openEnded: boolean;
}

/** Same holiday (label compared loosely), overlapping or adjacent: one range. Sorted by start. */
function mergeByLabel(events: CalendarEvent[]): Range[] {
  const sorted = [...events].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  const byLabel = new Map<string, Range[]>();
  for (const e of sorted) {
    const ranges = byLabel.get(normalize(e.label)) ?? [];
    byLabel.set(normalize(e.label), ranges);
    const last = ranges.at(-1);
    const openEnded = e.kind === 'holiday_start';
    if (last && e.startDate <= addDays(last.endDate, 1)) {
      if (e.endDate > last.endDate) last.endDate = e.endDate;
      last.openEnded &&= openEnded; // a real range for the same holiday gives the end
    } else {
      ranges.push({ label: e.label, startDate: e.startDate, endDate: e.endDate, openEnded });
    }
  }
  return [...byLabel.values()].flat().sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
}

/** Holidays and school years for one zone (or for a file that names none). */
function calendarForZone(events: CalendarEvent[]): SchoolCalendar {
  const holidays = mergeByLabel(events.filter((e) => e.kind === 'holiday' || e.kind === 'holiday_start'));
  const summers = holidays.filter((h) => isSummer(h.label));
  // The year starts with the rentrée des élèves; files without it: the day after a known summer's end.
  let starts = [...new Set(events.filter((e) => e.kind === 'rentree').map((e) => e.startDate))].sort();
  if (starts.length === 0) starts = summers.filter((s) => !s.openEnded).map((s) => addDays(s.endDate, 1));
  for (const h of holidays.filter((h) => h.openEnded)) {
    // A summer known only by its start lasts until the next rentrée; without one, to 31 August.
    const next = starts.find((s) => s > h.startDate);
    h.endDate = next ? addDays(next, -1) : `${h.startDate.slice(0, 4)}-08-31`;
    if (h.endDate < h.startDate) h.endDate = h.startDate;
  }
  const schoolYears: DayRange[] = [];
  for (const start of starts) {
    const summer = summers.find((s) => s.startDate > start);
    if (!summer) continue; // the year's end is not published yet
    const year = Number(start.slice(0, 4));
    schoolYears.push({ label: `Année scolaire ${year}-${year + 1}`, startDate: start, endDate: addDays(summer.startDate, -1) });
  }
  return { holidays: holidays.map(({ label, startDate, endDate }) => ({ label, startDate, endDate })), schoolYears };
}

function uniqueSorted(ranges: DayRange[]): DayRange[] {
  const seen = new Map<string, DayRange>();
  for (const r of ranges) seen.set(`${r.startDate}|${r.endDate}|${r.label}`, r);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * Reads the Ministry's school calendar. With `zone`, keeps national events and those of that zone;
 * without it, the holidays of every zone in the file are listed (so "Vacances d'Hiver" may appear
 * once per zone). End dates are inclusive: DTEND 2026-11-02 (classes resume) → endDate 2026-11-01.
 */
export function parseSchoolCalendarIcs(text: string, options: SchoolCalendarOptions = {}): SchoolCalendar {
  if (typeof text !== 'string') throw new SchoolCalendarError("Ce fichier n'est pas un calendrier iCalendar (.ics).");
  const location = options.location ? normalize(options.location) : null;
  const events = readEvents(text)
    .map(toCalendarEvent)
    .filter((e): e is CalendarEvent => e !== null)
    .filter((e) => !location || e.academies.length === 0 || e.academies.includes(location));
  const zones = options.zone ? [zoneKey(options.zone)] : [...new Set(events.flatMap((e) => e.zones))].sort();
  const perZone = (zones.length ? zones : [null]).map((zone) =>
    calendarForZone(events.filter((e) => zone === null || e.zones.length === 0 || e.zones.includes(zone))),
  );
  return {
    holidays: uniqueSorted(perZone.flatMap((c) => c.holidays)),
    schoolYears: uniqueSorted(perZone.flatMap((c) => c.schoolYears)),
  };
}

function schoolPeriodLabel(start: string, end: string): string {
  const withYear = start.slice(0, 4) !== end.slice(0, 4);
  return `Période scolaire du ${formatDayShort(start, withYear)} au ${formatDayShort(end, withYear)}`;
}

/**
 * The calendar cut into periods: each school year minus its holidays, as contiguous 'school' ranges
 * ("Période scolaire du 1er septembre au 16 octobre"), plus every holiday as a 'holidays' range, sorted
 * by start. Meant for one zone: holidays of several zones would overlap.
 */
export function periodsFromCalendar(calendar: SchoolCalendar): SchoolPeriod[] {
  const periods: SchoolPeriod[] = calendar.holidays.map((h) => ({ ...h, kind: 'holidays' }));
  for (const year of calendar.schoolYears) {
    let cursor = year.startDate; // first day not yet placed
    const inYear = calendar.holidays
      .filter((h) => h.endDate >= year.startDate && h.startDate <= year.endDate)
      .sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
    const school = (start: string, end: string) =>
      periods.push({ label: schoolPeriodLabel(start, end), kind: 'school', startDate: start, endDate: end });
    for (const h of inYear) {
      if (h.startDate > cursor) school(cursor, addDays(h.startDate, -1));
      if (h.endDate >= cursor) cursor = addDays(h.endDate, 1);
    }
    if (cursor <= year.endDate) school(cursor, year.endDate);
  }
  return periods.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.kind < b.kind ? -1 : 1));
}
