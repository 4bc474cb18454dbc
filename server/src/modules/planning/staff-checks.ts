import { ApiError } from '../../errors.js';
import { formatDayShort } from '../../domain/dates.js';

/** 422 with the code the staff forms recognise and the message shown next to each field. */
export const invalid = (code: string, message: string, fields: Record<string, string> = {}) => new ApiError(422, code, message, { fields });

/** "8 septembre 2026": the short form used in messages. */
export const frenchDay = (day: string) => formatDayShort(day, true);

/** A period, closure or enrolment ends on or after the day it starts (an open end always does). */
export function checkDateOrder(startDate: string, endDate: string | null) {
  if (endDate !== null && startDate > endDate) {
    throw invalid('dates_inversees', 'La date de début doit précéder la date de fin.', { endDate: 'La date de fin doit suivre la date de début.' });
  }
}
