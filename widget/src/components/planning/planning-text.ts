import { msg, str } from '@lit/localize';
import type { BookingResult, CellState, HistoryEntry, PlanningCell } from '../../api/planning.js';
import { timeOfDay } from '../../base/format.js';
import { getLocale, intlLocale } from '../../base/localization.js';
import { sourceLocale } from '../../l10n/locale-codes.js';
import { toDate } from './calendar.js';

/** Wording of the planning: dates in full, states, results and history lines. */

type DateParts = Intl.DateTimeFormatOptions;

function formatDay(day: string, options: DateParts): string {
  const date = toDate(day);
  const parts = new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).formatToParts(date);
  // French writes the first of the month "1er".
  const french = intlLocale() === 'fr-FR';
  return parts.map((p) => (french && p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

/** "lundi 7 septembre 2026" */
export function longDate(day: string): string {
  return formatDay(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "lun. 7", for column headers. */
export function columnDate(day: string): string {
  const date = toDate(day);
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "septembre 2026" */
export function monthName(day: string): string {
  return formatDay(day, { month: 'long', year: 'numeric' });
}

/** "du 7 au 13 septembre 2026", "du 28 septembre au 4 octobre 2026", "du 28 décembre 2026 au 3 janvier 2027". */
export function dayRange(from: string, to: string): string {
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  const sameMonth = sameYear && from.slice(0, 7) === to.slice(0, 7);
  const start = formatDay(
    from,
    sameMonth ? { day: 'numeric' } : sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' },
  );
  const end = formatDay(to, { day: 'numeric', month: 'long', year: 'numeric' });
  return msg(str`du ${start} au ${end}`);
}

/** "vendredi 4 septembre à 10:00", as the town's clock shows it. */
export function deadline(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const day = new Intl.DateTimeFormat(intlLocale(), { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long' }).format(date);
  return msg(str`${day} à ${timeOfDay(instant)}`);
}

export const CHECKED_STATES: ReadonlySet<CellState> = new Set(['booked', 'requested', 'waitlisted', 'absent']);

/** What a screen reader hears about a cell's state; empty when nothing is booked. */
export function stateText(cell: PlanningCell): string {
  switch (cell.state) {
    case 'booked':
      return msg('inscrit');
    case 'requested':
      return msg('demande en attente de validation');
    case 'waitlisted':
      return cell.waitlistPosition
        ? msg(str`liste d’attente, position ${cell.waitlistPosition}`)
        : msg('liste d’attente');
    case 'absent':
      return cell.absenceReason ? msg(str`absence déclarée : ${cell.absenceReason}`) : msg('absence déclarée');
    case 'refused':
      return msg('demande refusée');
    default:
      return '';
  }
}

/** The visible symbol of a state (from fonts every system has, no emoji); the text above says the same for screen readers. */
export function stateSymbol(cell: PlanningCell): string {
  switch (cell.state) {
    case 'requested':
      return '◷';
    case 'waitlisted':
      return cell.waitlistPosition ? `☰${cell.waitlistPosition}` : '☰';
    case 'absent':
      return 'Ⓐ';
    case 'refused':
      return '✕';
    default:
      return '';
  }
}

function resultAction(result: BookingResult): string {
  switch (result.status) {
    case 'booked':
      return msg('inscription');
    case 'requested':
      return msg('demande d’inscription envoyée');
    case 'waitlisted':
      return msg('inscription en liste d’attente');
    case 'cancelled':
      return msg('annulation');
    case 'absent':
      return msg('absence');
    case 'unchanged':
      return msg('aucun changement');
    case 'in_basket':
      return msg('ajout au panier');
    case 'refused':
      return result.action === 'cancel'
        ? msg('annulation refusée')
        : result.action === 'absence'
          ? msg('absence refusée')
          : msg('inscription refusée');
  }
}

/** "inscription, mardi 8 septembre 2026, Cantine – Léa", then the reason when there is one. */
export function resultText(result: BookingResult, childName: string | undefined): string {
  const what = childName ? `${result.serviceLabel} – ${childName}` : result.serviceLabel;
  const line = `${resultAction(result)}, ${longDate(result.date)}, ${what}`;
  return result.reason ? `${line} : ${result.reason}` : line;
}

const historyActions: Record<string, () => string> = {
  inscription: () => msg('inscription'),
  annulation: () => msg('annulation'),
  absence: () => msg('absence'),
  demande: () => msg('demande'),
  'liste d’attente': () => msg('liste d’attente'),
  'place attribuée': () => msg('place attribuée'),
  'demande acceptée': () => msg('demande acceptée'),
  'demande refusée': () => msg('demande refusée'),
};

/** "jeudi 24 décembre 2026 : annulation, par internet (Famille Martin) le mardi 22 décembre à 15:52" */
export function historyText(entry: HistoryEntry): string {
  const action = getLocale() === sourceLocale ? entry.action : (historyActions[entry.action]?.() ?? entry.action);
  const channel = entry.channel === 'mairie' ? msg('à la mairie') : msg('par internet');
  return msg(str`${longDate(entry.date)} : ${action}, ${channel} (${entry.by}) le ${deadline(entry.at)}`);
}
