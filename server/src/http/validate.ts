import type { Context } from 'hono';
import { z } from 'zod';
import { isUuid } from '../domain/ids.js';
import { FIRST_YEAR, isDayInRange, isMonthInRange, LAST_YEAR } from '../domain/dates.js';
import { ApiError, validationError } from '../errors.js';
import { refuseControlCharactersIn } from './control-characters.js';

/**
 * Reads and validates a JSON body; every failure is a French 4xx and nothing is written. The read
 * stops at the route's body limit (http/body-limit.ts) with its 413.
 */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'type_contenu', 'Le contenu doit être envoyé en JSON (Content-Type: application/json).');
  }
  const raw = await c.req.text();
  let data: unknown;
  try {
    data = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'json_invalide', 'Le contenu envoyé n’est pas un JSON valide.');
  }
  refuseControlCharactersIn(data);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || '_';
      fields[key] ??= issue.message;
    }
    throw validationError(fields);
  }
  return parsed.data;
}

type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;

/**
 * A route body's schema tied to its contract type: typecheck fails unless every body the contract
 * allows is a valid input of the schema and both name the same fields. `bodyOf<LoginEmailBody>()(schema)`.
 */
export const bodyOf =
  <Body>() =>
  <S extends z.ZodType>(schema: S & ([Body] extends [z.input<S>] ? (SameKeys<z.output<S>, Body> extends true ? unknown : { fieldsDifferFromContract: Body }) : { contractNotAccepted: Body })): S =>
    schema;

/** French messages for the zod checks used at the edge. */
export const text = (label: string, max = 200) =>
  z.string({ error: `${label} est obligatoire.` }).trim().min(1, `${label} est obligatoire.`).max(max, `${label} est trop long.`);

export const password = (label = 'Le mot de passe') =>
  z
    .string({ error: `${label} est obligatoire.` })
    .min(12, `${label} doit contenir au moins 12 caractères.`)
    .max(128, `${label} ne doit pas dépasser 128 caractères.`);

export const email = (label = 'L’adresse e-mail') =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .max(254, `${label} est trop longue.`)
    .pipe(z.email({ error: `${label} n’est pas valide.` }))
    .transform((value) => value.toLowerCase());

/** The French problem with a day outside the accepted years or not written `AAAA-MM-JJ`. */
export const dayProblem = (label: string) => `${label} doit être un jour valide au format AAAA-MM-JJ, entre ${FIRST_YEAR} et ${LAST_YEAR}.`;

/** A calendar day `YYYY-MM-DD` in the accepted years (domain/dates.ts). */
export const day = (label: string) => z.string({ error: `${label} est obligatoire.` }).refine(isDayInRange, dayProblem(label));

/** A month `YYYY-MM` in the accepted years (domain/dates.ts). */
export const month = (label = 'Le mois') =>
  z.string({ error: `${label} est obligatoire.` }).refine(isMonthInRange, `${label} doit être au format AAAA-MM, par exemple 2026-09, entre ${FIRST_YEAR} et ${LAST_YEAR}.`);

/** A path id: anything but a UUID cannot name a row, so it is answered like a row that does not exist. */
export function idParam(value: string, message = 'Cet élément n’existe pas.'): string {
  if (!isUuid(value)) throw new ApiError(404, 'introuvable', message);
  return value;
}
