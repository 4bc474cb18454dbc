/**
 * Calendar arithmetic on `YYYY-MM-DD` days. Days are handled as UTC midnights so that no time
 * zone or daylight-saving change can shift them.
 */
import { addDays } from '../../base/dates.js';

export function toDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && toDay(toDate(value)) === value;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return toDate(day).getUTCDay() || 7;
}

export function startOfWeek(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** ISO 8601 week number (the week holding the year's first Thursday is week 1). */
export function isoWeek(day: string): number {
  const thursday = toDate(addDays(day, 4 - isoWeekday(day)));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

export function endOfMonth(day: string): string {
  const date = toDate(startOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + 1, 0);
  return toDay(date);
}

export function addMonths(day: string, months: number): string {
  const date = toDate(startOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

export type PlanningView = 'week' | 'month';

/** The days a view shows around `anchor`: its ISO week, or its calendar month. */
export function rangeOf(view: PlanningView, anchor: string): { from: string; to: string } {
  if (view === 'week') {
    const from = startOfWeek(anchor);
    return { from, to: addDays(from, 6) };
  }
  return { from: startOfMonth(anchor), to: endOfMonth(anchor) };
}

export function shiftAnchor(view: PlanningView, anchor: string, step: 1 | -1): string {
  return view === 'week' ? addDays(startOfWeek(anchor), 7 * step) : addMonths(anchor, step);
}
