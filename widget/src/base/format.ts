import { msg, str } from '@lit/localize';
import { intlLocale } from './localization.js';

/** Formats a `YYYY-MM-DD` day or an ISO instant as a long date ("2 septembre 2026"). */
export function formatDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(Date.UTC(+day[1], +day[2] - 1, +day[3])) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(), {
    dateStyle: 'long',
    // A calendar day has no time zone; an instant is shown as the town sees it.
    timeZone: day ? 'UTC' : 'Europe/Paris',
  }).format(date);
}

/** The time of an ISO instant as the town sees it ("10:20"). */
export function timeOfDay(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(date);
}

/** "Famille Martin" from "Martin"; names the server already prefixes are kept as they are. */
export function familyLabel(name: string): string {
  return /^famille\s/i.test(name) ? name : msg(str`Famille ${name}`);
}
