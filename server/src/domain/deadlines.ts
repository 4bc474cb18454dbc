import type { DeadlineRule } from '../contracts/staff/planning.js';
import {
  addDays,
  daysInMonth,
  isoWeekday,
  parisDay,
  parisInstant,
  startOfIsoWeek,
  startOfMonth,
  type Weekday,
} from './dates.js';


/** A deadline rule, as the staff API states it (contracts/staff/planning.ts). */
export type { DeadlineRule };

// ---------------------------------------------------------------------------------------------
// Computing, checking and describing deadlines. Pure: "now" and the holidays come in. Validation
// (zod) lives in deadline-rules.ts, so that the staff bundle can import the wording without zod.
// ---------------------------------------------------------------------------------------------

/** What deadlines need to know about holidays; see `publicHolidayCalendar` in holidays.ts. */
export interface HolidayCalendar {
  isPublicHoliday(day: string): boolean;
}

/** An invalid deadline rule; the message is French and can be shown to staff as is. */
export class DeadlineRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineRuleError';
  }
}

type DaysBefore = Extract<DeadlineRule, { kind: 'days_before' }>;

/** Longest run of closed days we accept before deciding the rule leaves no open day at all. */
const MAX_CLOSED_RUN = 366;

/** Whether `day` counts for days_before, given what the rule skips. */
export function isOpenDay(day: string, skip: DaysBefore['skip'], calendar: HolidayCalendar): boolean {
  const weekday = isoWeekday(day);
  if (skip.weekends && weekday >= 6) return false;
  if (skip.weekdays.includes(weekday)) return false;
  return !(skip.holidays && calendar.isPublicHoliday(day));
}

/** The calendar day on which the deadline for `day` falls (its time is `rule.time`). */
function deadlineDay(rule: Exclude<DeadlineRule, { kind: 'none' }>, day: string, calendar: HolidayCalendar): string {
  switch (rule.kind) {
    case 'days_before': {
      let current = day;
      for (let counted = 0; counted < rule.days; counted++) {
        let closedRun = 0;
        do {
          current = addDays(current, -1);
          if (++closedRun > MAX_CLOSED_RUN) throw new DeadlineRuleError('Aucun jour ouvert : la règle exclut tous les jours.');
        } while (!isOpenDay(current, rule.skip, calendar));
      }
      return current;
    }
    case 'weekday_before': {
      const back = (isoWeekday(day) - rule.weekday + 7) % 7 || 7; // strictly before: same weekday → a week back
      return addDays(day, -back);
    }
    case 'weekday_previous_week':
      return addDays(startOfIsoWeek(day), rule.weekday - 1 - 7);
    case 'day_of_previous_month': {
      const previousMonth = startOfMonth(addDays(startOfMonth(day), -1));
      return addDays(previousMonth, Math.min(rule.day, daysInMonth(previousMonth)) - 1);
    }
  }
}

/**
 * The instant from which changes for `day` are refused: changes are allowed while `now < deadline`.
 * Null for kind 'none': there is no deadline before the day itself has passed (see `isChangeAllowed`).
 *
 * days_before counts back `days` open days from `day` (the day itself need not be open: a Saturday
 * with "la veille en jours ouvrés" closes on Friday); days = 0 is the day itself at `time`, open or not.
 * The time is Paris wall-clock time, DST-safe (see `parisInstant`).
 */
export function deadlineFor(rule: DeadlineRule, day: string, calendar: HolidayCalendar): Date | null {
  if (rule.kind === 'none') return null;
  return parisInstant(deadlineDay(rule, day, calendar), rule.time);
}

/**
 * Whether a booking or cancellation for `day` may still change at `now`.
 * Without a deadline (kind 'none'), changes are allowed until the day is over in Paris, the day itself included.
 */
export function isChangeAllowed(rule: DeadlineRule, day: string, now: Date, calendar: HolidayCalendar): boolean {
  const deadline = deadlineFor(rule, day, calendar);
  if (deadline === null) return parisDay(now) <= day;
  return now.getTime() < deadline.getTime();
}

const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

function weekdayName(weekday: Weekday): string {
  return WEEKDAY_NAMES[weekday - 1]!;
}

function frenchList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/**
 * How the open days are qualified: weekends + holidays is the usual "jours ouvrés"; anything else
 * spells out what is left out ("hors week-ends et mercredis").
 */
function skipWording(skip: DaysBefore['skip']): { ouvres: boolean; hors: string | null } {
  const ouvres = skip.weekends && skip.holidays;
  const excluded: string[] = [];
  if (skip.weekends && !ouvres) excluded.push('week-ends');
  if (skip.holidays && !ouvres) excluded.push('jours fériés');
  const weekdays = [...new Set(skip.weekdays)].filter((w) => !(skip.weekends && w >= 6)).sort();
  excluded.push(...weekdays.map((w) => `${weekdayName(w)}s`));
  return { ouvres, hors: excluded.length ? `hors ${frenchList(excluded)}` : null };
}

/**
 * The rule in French, for staff screens and families: "la veille à 10:00 (jours ouvrés)",
 * "2 jours ouvrés avant à 18:00", "le jeudi précédent à 12:00", "le 20 du mois précédent à 23:59", "sans délai".
 */
export function describeDeadline(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'none':
      return 'sans délai';
    case 'days_before': {
      if (rule.days === 0) return `le jour même à ${rule.time}`;
      const { ouvres, hors } = skipWording(rule.skip);
      if (rule.days === 1) {
        const note = [ouvres ? 'jours ouvrés' : null, hors].filter(Boolean).join(', ');
        return `la veille à ${rule.time}${note ? ` (${note})` : ''}`;
      }
      return `${rule.days} jours${ouvres ? ' ouvrés' : ''} avant à ${rule.time}${hors ? ` (${hors})` : ''}`;
    }
    case 'weekday_before':
      return `le ${weekdayName(rule.weekday)} précédent à ${rule.time}`;
    case 'weekday_previous_week':
      return `le ${weekdayName(rule.weekday)} de la semaine précédente à ${rule.time}`;
    case 'day_of_previous_month': {
      if (rule.day === 31) return `le dernier jour du mois précédent à ${rule.time}`;
      const date = rule.day === 1 ? '1er' : String(rule.day);
      const clamp = rule.day >= 29 ? ' (ou son dernier jour s’il est plus court)' : '';
      return `le ${date} du mois précédent${clamp} à ${rule.time}`;
    }
  }
}
