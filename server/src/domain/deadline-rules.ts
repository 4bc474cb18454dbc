import { z } from 'zod';
import { isValidTime } from './dates.js';
import { DeadlineRuleError, type DeadlineRule } from './deadlines.js';
import type { Weekday } from './dates.js';

/**
 * Validation of deadline rules coming from the outside world (staff JSON, the database). Kept apart
 * from deadlines.ts, which the staff page bundles for `describeDeadline`: zod stays on the server.
 */

/** An integer from `min` to `max`, with one French message for every way of missing it. */
const integer = (min: number, max: number, message: string) =>
  z.number({ message }).int({ message }).min(min, { message }).max(max, { message });

const time = z.string().refine(isValidTime, { message: 'heure invalide : format HH:MM attendu, de 00:00 à 23:59' });
const weekday = integer(1, 7, 'jour de la semaine invalide : entier de 1 (lundi) à 7 (dimanche) attendu').transform((n) => n as Weekday);
const flag = z.boolean({ message: 'valeur vrai/faux attendue' });

const ruleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({
      kind: z.literal('days_before'),
      days: integer(0, 60, 'nombre de jours invalide : entier de 0 à 60 attendu'),
      time,
      skip: z.strictObject(
        { weekends: flag, holidays: flag, weekdays: z.array(weekday, { message: 'liste de jours de la semaine attendue' }) },
        { message: 'jours à sauter (skip) attendus' },
      ),
    }),
    z.strictObject({ kind: z.literal('weekday_before'), weekday, time }),
    z.strictObject({ kind: z.literal('weekday_previous_week'), weekday, time }),
    z.strictObject({ kind: z.literal('day_of_previous_month'), day: integer(1, 31, 'jour du mois invalide : entier de 1 à 31 attendu'), time }),
  ],
  { message: 'type de délai inconnu : none, days_before, weekday_before, weekday_previous_week ou day_of_previous_month attendu' },
);

/** The value at an issue's path (zod does not keep the input in its issues). */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** French text for the issues zod reports without a message of ours (missing or unknown keys, non-objects). */
function frenchIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return `champ(s) inconnu(s) : ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.path.length === 0) return 'objet attendu';
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return 'champ obligatoire manquant';
  return issue.message;
}

/**
 * Validates a deadline rule from the outside world (JSON from staff, DB). Returns a clean copy:
 * unknown keys refused, skip.weekdays deduplicated and sorted. Throws a `DeadlineRuleError` in French.
 */
export function parseDeadlineRule(input: unknown): DeadlineRule {
  const result = ruleSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
    throw new DeadlineRuleError(`Règle de délai invalide${where} : ${frenchIssue(issue, input)}.`);
  }
  const rule = result.data as DeadlineRule;
  if (rule.kind !== 'days_before') return rule;
  const weekdays = [...new Set(rule.skip.weekdays)].sort((a, b) => a - b);
  const closed = new Set<number>([...weekdays, ...(rule.skip.weekends ? [6, 7] : [])]);
  if (rule.days > 0 && closed.size === 7) {
    throw new DeadlineRuleError('Règle de délai invalide (skip) : tous les jours de la semaine sont exclus, aucun jour ne reste pour compter.');
  }
  return { ...rule, skip: { ...rule.skip, weekdays } };
}
