import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays, eachDay } from '../../../server/src/domain/dates.js';
import {
  parseSchoolCalendarIcs,
  periodsFromCalendar,
  SchoolCalendarError,
} from '../../../server/src/domain/school-calendar.js';

const fixture = readFileSync(new URL('./fixtures/calendrier-scolaire.ics', import.meta.url), 'utf8');

/** A calendar around some VEVENT bodies, LF line endings unless told. */
function ics(events: string[][], eol = '\n'): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//FR'];
  for (const e of events) lines.push('BEGIN:VEVENT', ...e, 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return lines.join(eol) + eol;
}

describe('the 2026-2027 fixture, in the official format', () => {
  it('zone A: holidays with inclusive ends, split events merged back', () => {
    expect(parseSchoolCalendarIcs(fixture, { zone: 'Zone A' })).toEqual({
      holidays: [
        { label: "Vacances d'Été", startDate: '2026-07-04', endDate: '2026-08-31' },
        { label: 'Vacances de la Toussaint', startDate: '2026-10-17', endDate: '2026-11-01' },
        { label: 'Vacances de Noël', startDate: '2026-12-19', endDate: '2027-01-03' },
        { label: "Vacances d'Hiver", startDate: '2027-02-13', endDate: '2027-02-28' },
        { label: 'Vacances de Printemps', startDate: '2027-04-10', endDate: '2027-04-25' },
        { label: "Pont de l'Ascension", startDate: '2027-05-06', endDate: '2027-05-09' },
        // "Début des Vacances d'Été": no later rentrée in the file, so until 31 August.
        { label: "Vacances d'Été", startDate: '2027-07-03', endDate: '2027-08-31' },
      ],
      schoolYears: [{ label: 'Année scolaire 2026-2027', startDate: '2026-09-01', endDate: '2027-07-02' }],
    });
  });

  it('zones B and C get their own winter and spring holidays', () => {
    const pick = (zone: string) =>
      parseSchoolCalendarIcs(fixture, { zone })
        .holidays.filter((h) => /Hiver|Printemps/.test(h.label))
        .map((h) => `${h.label}: ${h.startDate} → ${h.endDate}`);
    expect(pick('B')).toEqual(["Vacances d'Hiver: 2027-02-20 → 2027-03-07", 'Vacances de Printemps: 2027-04-17 → 2027-05-02']);
    expect(pick('zone c')).toEqual(["Vacances d'Hiver: 2027-02-06 → 2027-02-21", 'Vacances de Printemps: 2027-04-03 → 2027-04-18']);
  });

  it('drops the events of other zones (Corse) and the teachers’ rentrée', () => {
    const a = parseSchoolCalendarIcs(fixture, { zone: 'A' });
    expect(a.holidays.some((h) => /Pentecôte/.test(h.label))).toBe(false);
    expect(a.holidays.some((h) => /enseignants|prérentrée/i.test(h.label))).toBe(false);
    const corse = parseSchoolCalendarIcs(fixture, { zone: 'Corse' });
    expect(corse.holidays).toEqual([{ label: 'Lundi de Pentecôte', startDate: '2027-05-17', endDate: '2027-05-17' }]);
  });

  it('without a zone, lists each zone’s holidays', () => {
    const all = parseSchoolCalendarIcs(fixture);
    expect(all.holidays.filter((h) => h.label === "Vacances d'Hiver")).toHaveLength(3);
    expect(all.holidays.filter((h) => h.label === 'Vacances de Noël')).toHaveLength(1);
    expect(all.schoolYears).toHaveLength(1);
  });

  it('refuses an unknown zone', () => {
    expect(() => parseSchoolCalendarIcs(fixture, { zone: 'Zone D' })).toThrow(SchoolCalendarError);
    expect(() => parseSchoolCalendarIcs(fixture, { zone: 'Zone D' })).toThrow(/Zone inconnue/);
  });

  it('periods: the school year minus holidays, contiguous, labelled in French', () => {
    const periods = periodsFromCalendar(parseSchoolCalendarIcs(fixture, { zone: 'A' }));
    expect(periods.map((p) => [p.kind, p.label, p.startDate, p.endDate])).toEqual([
      ['holidays', "Vacances d'Été", '2026-07-04', '2026-08-31'],
      ['school', 'Période scolaire du 1er septembre au 16 octobre', '2026-09-01', '2026-10-16'],
      ['holidays', 'Vacances de la Toussaint', '2026-10-17', '2026-11-01'],
      ['school', 'Période scolaire du 2 novembre au 18 décembre', '2026-11-02', '2026-12-18'],
      ['holidays', 'Vacances de Noël', '2026-12-19', '2027-01-03'],
      ['school', 'Période scolaire du 4 janvier au 12 février', '2027-01-04', '2027-02-12'],
      ['holidays', "Vacances d'Hiver", '2027-02-13', '2027-02-28'],
      ['school', 'Période scolaire du 1er mars au 9 avril', '2027-03-01', '2027-04-09'],
      ['holidays', 'Vacances de Printemps', '2027-04-10', '2027-04-25'],
      ['school', 'Période scolaire du 26 avril au 5 mai', '2027-04-26', '2027-05-05'],
      ['holidays', "Pont de l'Ascension", '2027-05-06', '2027-05-09'],
      ['school', 'Période scolaire du 10 mai au 2 juillet', '2027-05-10', '2027-07-02'],
      ['holidays', "Vacances d'Été", '2027-07-03', '2027-08-31'],
    ]);
  });

  it('periods of every zone cover each day from July 2026 to August 2027 exactly once', () => {
    for (const zone of ['A', 'B', 'C']) {
      const periods = periodsFromCalendar(parseSchoolCalendarIcs(fixture, { zone }));
      const covered = periods.flatMap((p) => eachDay(p.startDate, p.endDate));
      expect(covered).toEqual(eachDay('2026-07-04', '2027-08-31'));
      for (let i = 1; i < periods.length; i++) expect(periods[i]!.startDate).toBe(addDays(periods[i - 1]!.endDate, 1));
    }
  });
});

describe('iCalendar details', () => {
  it('unfolds lines, unescapes text, reads accents, with LF or CRLF line endings', () => {
    const events = [
      [
        'DTSTART;VALUE=DATE:20261219',
        'DTEND;VALUE=DATE:20270104',
        'SUMMARY:Vacances de No',
        ' ël\\, fin d\\\\année\\; joyeuses fêtes - Zone A',
        'LOCATION:Zone A',
        'DESCRIPTION:Ligne 1\\nLigne 2',
      ],
    ];
    for (const eol of ['\n', '\r\n']) {
      const parsed = parseSchoolCalendarIcs(ics(events, eol), { zone: 'A' });
      expect(parsed.holidays).toEqual([{ label: 'Vacances de Noël, fin d\\année; joyeuses fêtes', startDate: '2026-12-19', endDate: '2027-01-03' }]);
    }
  });

  it('accepts a byte-order mark and tab-folded lines', () => {
    const text = '\uFEFF' + ics([['DTSTART;VALUE=DATE:20261017', 'DTEND;VALUE=DATE:20261102', 'SUMMARY:Vacances de la', '\t Toussaint']]);
    expect(parseSchoolCalendarIcs(text).holidays).toEqual([{ label: 'Vacances de la Toussaint', startDate: '2026-10-17', endDate: '2026-11-01' }]);
  });

  it('reads date-times: local, TZID and UTC, an exclusive midnight end meaning the day before', () => {
    const variants = [
      ['DTSTART:20261017T000000', 'DTEND:20261102T000000'],
      ['DTSTART;TZID=Europe/Paris:20261017T000000', 'DTEND;TZID=Europe/Paris:20261102T000000'],
      ['DTSTART:20261016T220000Z', 'DTEND:20261101T230000Z'], // Paris midnights, summer then winter time
      ['DTSTART:20261017T080000', 'DTEND:20261101T180000'], // ends during 1 November: included
      ['DTSTART;VALUE=DATE:20261017', 'DURATION:P16D'],
    ];
    for (const dates of variants) {
      const parsed = parseSchoolCalendarIcs(ics([[...dates, 'SUMMARY:Vacances de la Toussaint']]));
      expect(parsed.holidays, dates.join(' ')).toEqual([{ label: 'Vacances de la Toussaint', startDate: '2026-10-17', endDate: '2026-11-01' }]);
    }
  });

  it('treats DTEND = DTSTART, or no DTEND, as a one-day event', () => {
    const parsed = parseSchoolCalendarIcs(
      ics([
        ['DTSTART;VALUE=DATE:20270517', 'DTEND;VALUE=DATE:20270517', 'SUMMARY:Lundi de Pentecôte'],
        ['DTSTART;VALUE=DATE:20270506', 'SUMMARY:Pont de l’Ascension'],
      ]),
    );
    expect(parsed.holidays).toEqual([
      { label: 'Pont de l’Ascension', startDate: '2027-05-06', endDate: '2027-05-06' },
      { label: 'Lundi de Pentecôte', startDate: '2027-05-17', endDate: '2027-05-17' },
    ]);
  });

  it('ignores the properties of components nested in an event (VALARM)', () => {
    const parsed = parseSchoolCalendarIcs(
      ics([['BEGIN:VALARM', 'SUMMARY:Rappel', 'DTSTART;VALUE=DATE:20000101', 'END:VALARM', 'DTSTART;VALUE=DATE:20261017', 'DTEND;VALUE=DATE:20261102', 'SUMMARY:Vacances de la Toussaint']]),
    );
    expect(parsed.holidays).toEqual([{ label: 'Vacances de la Toussaint', startDate: '2026-10-17', endDate: '2026-11-01' }]);
  });

  it('ends a summer known by its start the day before the next rentrée', () => {
    const parsed = parseSchoolCalendarIcs(
      ics([
        ['DTSTART;VALUE=DATE:20260901', 'SUMMARY:Rentrée scolaire des élèves - Zones A B C'],
        ['DTSTART;VALUE=DATE:20270703', 'DTEND;VALUE=DATE:20270703', "SUMMARY:Début des Vacances d'Été - Zones A B C"],
        ['DTSTART;VALUE=DATE:20270902', 'SUMMARY:Rentrée scolaire des élèves (école collège et lycée) - Zones A B C'],
      ]),
      { zone: 'Zone B' },
    );
    expect(parsed.holidays).toEqual([{ label: "Vacances d'Été", startDate: '2027-07-03', endDate: '2027-09-01' }]);
    expect(parsed.schoolYears).toEqual([{ label: 'Année scolaire 2026-2027', startDate: '2026-09-01', endDate: '2027-07-02' }]);
  });

  it('without a rentrée event, starts the school year the day after a known summer', () => {
    const parsed = parseSchoolCalendarIcs(
      ics([
        ['DTSTART;VALUE=DATE:20250705', 'DTEND;VALUE=DATE:20250901', "SUMMARY:Vacances d'Été - Zones A/B/C", 'LOCATION:Zones A/B/C'],
        ['DTSTART;VALUE=DATE:20250829', 'DTEND;VALUE=DATE:20250901', "SUMMARY:Vacances d'Été(prérentrée Enseignants) - Zones A/B/C", 'LOCATION:Zones A/B/C'],
        ['DTSTART;VALUE=DATE:20260704', 'DTEND;VALUE=DATE:20260704', "SUMMARY:Début des Vacances d'Été - Zones A/B/C", 'LOCATION:Zones A/B/C'],
      ]),
      { zone: 'A' },
    );
    expect(parsed.schoolYears).toEqual([{ label: 'Année scolaire 2025-2026', startDate: '2025-09-01', endDate: '2026-07-03' }]);
    expect(parsed.holidays.map((h) => [h.startDate, h.endDate])).toEqual([
      ['2025-07-05', '2025-08-31'],
      ['2026-07-04', '2026-08-31'],
    ]);
  });

  it('filters by académie when LOCATION lists académies (older files)', () => {
    const text = ics([
      [
        'DTSTART;VALUE=DATE:20090207',
        'DTEND;VALUE=DATE:20090223',
        "SUMMARY:Vacances d'hiver - Zone A",
        'LOCATION:Besançon\\, Bordeaux\\, Clermont-Ferrand\\, Dijon\\, Grenoble\\, Limoges\\, Lyon\\, Poitiers',
      ],
      [
        'DTSTART;VALUE=DATE:20090214',
        'DTEND;VALUE=DATE:20090302',
        "SUMMARY:Vacances d'hiver - Zone B",
        'LOCATION:Aix-Marseille\\, Amiens\\, Caen\\, Lille\\, Nancy-Metz\\, Nantes\\, Nice\\, Orléans-Tours\\, Reims\\, Rennes\\, Rouen\\, Strasbourg',
      ],
      ['DTSTART;VALUE=DATE:20081220', 'DTEND;VALUE=DATE:20090105', 'SUMMARY:Vacances de Noël - Zones A B C', 'LOCATION:Aix-Marseille\\, Lyon\\, Paris'],
    ]);
    expect(parseSchoolCalendarIcs(text, { location: 'lyon' }).holidays.map((h) => h.startDate)).toEqual(['2008-12-20', '2009-02-07']);
    expect(parseSchoolCalendarIcs(text, { location: 'Orleans-Tours' }).holidays.map((h) => h.startDate)).toEqual(['2009-02-14']);
    expect(parseSchoolCalendarIcs(text, { location: 'besancon' }).holidays.map((h) => h.label)).toEqual(["Vacances d'hiver"]);
  });

  it.each([
    ['', /pas un calendrier iCalendar/],
    ['bonjour', /pas un calendrier iCalendar/],
    ['<!DOCTYPE html><html></html>', /pas un calendrier iCalendar/],
    ['{"holidays": []}', /pas un calendrier iCalendar/],
    ['BEGIN:VCARD\nFN:Mairie\nEND:VCARD\n', /pas un calendrier iCalendar/],
    ['BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Vacances\n', /END:VCALENDAR manquant/],
    [ics([['DTSTART;VALUE=DATE:20261332', 'SUMMARY:Vacances de Noël']]), /Date invalide/],
    [ics([['DTSTART;VALUE=DATE:2026-10-17', 'SUMMARY:Vacances de Noël']]), /Date invalide/],
    [ics([['SUMMARY:Vacances de Noël']]), /sans date de début/],
    [ics([['SUMMARY Vacances de Noël']]), /Ligne iCalendar illisible/],
  ])('rejects %j', (text, message) => {
    expect(() => parseSchoolCalendarIcs(text)).toThrow(SchoolCalendarError);
    expect(() => parseSchoolCalendarIcs(text)).toThrow(message);
  });

  it('periods of a calendar without school years are its holidays', () => {
    const holidays = [{ label: 'Vacances de Noël', startDate: '2026-12-19', endDate: '2027-01-03' }];
    expect(periodsFromCalendar({ holidays, schoolYears: [] })).toEqual([{ ...holidays[0], kind: 'holidays' }]);
  });
});
