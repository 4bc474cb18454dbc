import { msg, str } from '@lit/localize';
import { intlLocale } from './localization.js';

/**
 * Every date of the widget and the staff page goes through here: Intl's output, with "1er" for
 * the first of the month as French typography wants ("1er novembre 2026", not "1 novembre").
 */
export function formatDateWith(options: Intl.DateTimeFormatOptions, date: Date): string {
  const locale = intlLocale();
  const parts = new Intl.DateTimeFormat(locale, options).formatToParts(date);
  const french = locale.startsWith('fr');
  return parts.map((p) => (french && p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

/** Formats a `YYYY-MM-DD` day or an ISO instant as a long date ("2 septembre 2026", "1er octobre 2026"). */
export function formatDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(Date.UTC(+day[1], +day[2] - 1, +day[3])) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatDateWith(
    // A calendar day has no time zone; an instant is shown as the town sees it.
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: day ? 'UTC' : 'Europe/Paris' },
    date,
  );
}

/** The time of an ISO instant as the town sees it ("10:20"). */
export function timeOfDay(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(date);
}

/** The time of an ISO instant in a sentence, as the town sees it: "14 h 35" in French, "14:35" in English. */
export function clockTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const locale = intlLocale();
  const parts = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return locale.startsWith('fr') ? `${Number(part('hour'))}\u00a0h\u00a0${part('minute')}` : `${part('hour')}:${part('minute')}`;
}

/** "Famille Martin" from "Martin"; names the server already prefixes are kept as they are. */
export function familyLabel(name: string): string {
  return /^famille\s/i.test(name) ? name : msg(str`Famille ${name}`);
}

/** An ISO instant with its time, as the town sees it ("8 septembre 2026 à 10:15"). */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatDateWith({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }, date);
}

/** A `YYYY-MM` month by its name ("2026-09" → "septembre 2026"). */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Intl.DateTimeFormat(intlLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(+match[1], +match[2] - 1, 1)));
}

/** "de Léa", but "d’Emma", "d’Accueil matin": the French elision before a vowel or a mute h. */
export function ofName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûü]/i.test(name.trim()) ? `d’${name.trim()}` : `de ${name.trim()}`;
}

/** Cents as a price ("4,15 €"). */
export function formatPrice(cents: number): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Cents as a price field shows them, without the currency (415 → "4,15"). */
export const centsToEuros = (cents: number): string => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** A typed amount ("4,15", "4.15 €") in cents, exactly (no floating point); null when it is not an amount. */
export function eurosToCents(text: string): number | null {
  const match = /^\s*(\d{1,5})(?:[,.](\d{1,2}))?\s*(?:€)?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** A typed percentage ("12", "12,5 %") as a number; null unless from 0 to 100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[,.](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(`${match[1]}.${match[2] ?? '0'}`);
  return value <= 100 ? value : null;
}

/** A percentage with the decimal comma (12.5 → "12,5"). */
export const formatPercent = (value: number): string => String(value).replace('.', ',');
