import { ApiError } from '../../http/errors.js';
import { formatDayShort } from '../../domain/dates.js';

/** 422 with the code the staff forms recognise and the message shown next to each field. */
export const invalid = (code: string, message: string, fields: Record<string, string> = {}) => new ApiError(422, code, message, { fields });

/** "8 septembre 2026": the short form used in messages. */
export const frenchDay = (day: string) => formatDayShort(day, true);
