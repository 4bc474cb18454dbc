/**
 * A small iCalendar (RFC 5545) writer: escaped text values, lines folded at 75 octets without
 * splitting a UTF-8 character, CRLF endings, and the Europe/Paris time zone with its DST rules.
 */

const MAX_OCTETS = 75;

/** TEXT values: backslash, semicolon and comma escaped, line breaks written as \n (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** One content line folded into 75-octet pieces, continuation lines starting with a space (§3.1). */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first piece holds 75 octets; the next ones 74 after their leading space.
    const limit = pieces.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

/** 2026-09-14 → 20260914 */
export const icsDate = (day: string) => day.replaceAll('-', '');

/** 2026-09-14 and 11:30 → 20260914T113000 (a local time, written with TZID). */
export const icsLocalTime = (day: string, time: string) => `${icsDate(day)}T${time.replace(':', '')}00`;

/** An instant in UTC: 20260914T093000Z */
export const icsUtc = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export const PARIS_TZID = 'Europe/Paris';

/** Europe/Paris since 1996: CEST from the last Sunday of March at 02:00, CET from the last Sunday of October at 03:00. */
export const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${PARIS_TZID}`,
  `X-LIC-LOCATION:${PARIS_TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export interface CalendarEvent {
  uid: string;
  /** When this version of the event was written (the booking's last change). */
  stamp: Date;
  day: string;
  /** Local Europe/Paris times; absent, the event takes the whole day. */
  hours?: { start: string; end: string } | null;
  summary: string;
  location?: string | null;
  description?: string | null;
}

export interface Calendar {
  prodId: string;
  name: string;
  description?: string;
  events: CalendarEvent[];
}

function eventLines(event: CalendarEvent): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${icsUtc(event.stamp)}`, `LAST-MODIFIED:${icsUtc(event.stamp)}`];
  if (event.hours) {
    lines.push(`DTSTART;TZID=${PARIS_TZID}:${icsLocalTime(event.day, event.hours.start)}`, `DTEND;TZID=${PARIS_TZID}:${icsLocalTime(event.day, event.hours.end)}`);
  } else {
    const next = new Date(`${event.day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    lines.push(`DTSTART;VALUE=DATE:${icsDate(event.day)}`, `DTEND;VALUE=DATE:${icsDate(next.toISOString().slice(0, 10))}`);
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  // The child's day does not make the parent busy.
  lines.push('STATUS:CONFIRMED', 'TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/** The whole VCALENDAR, CRLF after every line (the last one included). */
export function writeCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(calendar.name)}`,
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...(calendar.description ? [`X-WR-CALDESC:${escapeText(calendar.description)}`] : []),
    `X-WR-TIMEZONE:${PARIS_TZID}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...PARIS_VTIMEZONE,
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
