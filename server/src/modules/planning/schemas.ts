/** What the planning routes accept: the bodies, for families and staff alike, and the day range of a grid. */
import { z } from 'zod';
import { validationError } from '../../errors.js';
import { bodyOf, day, dayProblem, text } from '../../http/validate.js';
import type { AbsenceDeclaration, AbsenceWithdrawal } from '../../contracts/index.js';
import { daysBetween, isDayInRange } from '../../domain/dates.js';
import { parseDeadlineRule } from '../../domain/deadline-rules.js';
import { DeadlineRuleError, type DeadlineRule } from '../../domain/deadlines.js';
import type { Weekday } from '../../domain/dates.js';

const MAX_RANGE_DAYS = 62;
const MAX_CHANGES = 400;
const MAX_DECISIONS = 200;

const uuid = (label: string) => z.uuid({ error: `${label} est invalide.` });
const count = (label: string, max: number) =>
  z.number({ error: `${label} doit être un nombre entier.` }).int(`${label} doit être un nombre entier.`).min(0, `${label} ne peut pas être négatif.`).max(max, `${label} est trop grand.`);

/** Whether a query names a child the way a body would. */
export const isChildId = (value: unknown): value is string => z.uuid().safeParse(value).success;

/**
 * The days a grid shows, from `from` to `to` (at most 62); `fields` holds the problems already
 * found in the rest of the query, answered in the same 422.
 */
export function dayRangeOf(query: Record<string, string>, problems: Record<string, string> = {}) {
  const fields = { ...problems };
  if (!isDayInRange(query.from)) fields.from = dayProblem('La date de début');
  if (!isDayInRange(query.to)) fields.to = dayProblem('La date de fin');
  if (!fields.from && !fields.to) {
    const length = daysBetween(query.from, query.to);
    if (length < 0) fields.to = 'La date de fin doit suivre la date de début.';
    else if (length >= MAX_RANGE_DAYS) fields.to = `La période affichée ne peut pas dépasser ${MAX_RANGE_DAYS} jours.`;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  return { from: query.from, to: query.to };
}

// Bookings, written by a family or by staff on its behalf

export const changesBody = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        childId: uuid('L’enfant'),
        serviceId: uuid('Le service'),
        date: day('La date'),
        action: z.enum(['book', 'cancel'], { error: 'L’action doit être « book » ou « cancel ».' }),
      }),
      { error: 'La liste des modifications est obligatoire.' },
    )
    .min(1, 'Aucune modification à enregistrer.')
    .max(MAX_CHANGES, `Pas plus de ${MAX_CHANGES} modifications à la fois.`),
});

export const MAX_ABSENCE_COMMENT = 500;

export const absenceBody = bodyOf<AbsenceDeclaration>()(
  z.strictObject({
    childId: uuid('L’enfant'),
    serviceId: uuid('Le service'),
    date: day('La date'),
    reasonId: uuid('Le motif'),
    comment: z
      .string({ error: 'Le commentaire doit être un texte.' })
      .trim()
      .max(MAX_ABSENCE_COMMENT, `Le commentaire ne peut pas dépasser ${MAX_ABSENCE_COMMENT} caractères.`)
      .nullish()
      .transform((v) => v || null),
    documentId: uuid('Le justificatif').nullish().transform((v) => v ?? null),
  }),
);

export const withdrawalBody = bodyOf<AbsenceWithdrawal>()(
  z.strictObject({ childId: uuid('L’enfant'), serviceId: uuid('Le service'), date: day('La date') }),
);

export const decideBody = z.strictObject({
  bookingIds: z
    .array(uuid('La demande'), { error: 'Choisissez au moins une demande.' })
    .min(1, 'Choisissez au moins une demande.')
    .max(MAX_DECISIONS, `Pas plus de ${MAX_DECISIONS} demandes à la fois.`)
    .transform((ids) => [...new Set(ids)]),
  decision: z.enum(['approve', 'refuse'], { error: 'La décision doit être « approve » ou « refuse ».' }),
});

// Services

const NO_DEADLINE: DeadlineRule = { kind: 'none' };

/** Validated by the domain's own parser, whose French message goes back to the form as is. */
const deadline = z.unknown().transform((value, ctx) => {
  try {
    return parseDeadlineRule(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof DeadlineRuleError ? error.message : 'Règle de délai invalide.' });
    return z.NEVER;
  }
});

const weekdays = z
  .array(z.number().int().min(1).max(7), { error: 'Choisissez les jours de la semaine du service.' })
  .min(1, 'Choisissez au moins un jour de la semaine.')
  .max(7, 'Choisissez au plus sept jours.')
  .refine((days) => days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7), 'Les jours de la semaine vont de 1 (lundi) à 7 (dimanche).')
  .transform((days) => [...new Set(days)].sort((a, b) => a - b) as Weekday[]);

const schoolCapacities = z
  .array(z.strictObject({ schoolId: uuid('L’école'), capacity: count('Le nombre de places de l’école', 100_000) }), { error: 'La liste des places par école est invalide.' })
  .max(200, 'Trop d’écoles.')
  .refine((caps) => new Set(caps.map((c) => c.schoolId)).size === caps.length, 'Une école figure deux fois dans les places par école.');

const clock = (label: string) => z.string({ error: `${label} est invalide.` }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, `${label} doit être une heure au format HH:MM.`);

/** Opening hours, both or neither: the times of the families' calendar feeds (null: the whole day). */
const hours = z
  .strictObject({ start: clock('L’heure d’ouverture'), end: clock('L’heure de fermeture') }, { error: 'Les horaires sont invalides.' })
  .refine((h) => h.start < h.end, 'L’heure de fermeture doit suivre l’heure d’ouverture.')
  .nullable();

const serviceFields = {
  label: text('Le libellé', 80),
  groupLabel: text('Le groupe', 80),
  position: count('L’ordre d’affichage', 10_000),
  weekdays,
  periodKind: z.enum(['school', 'holidays', 'all'], { error: 'La période doit être « school », « holidays » ou « all ».' }),
  capacity: count('La capacité', 100_000).nullable(),
  schoolCapacities,
  bookingDeadline: deadline,
  cancellationDeadline: deadline,
  needsApproval: z.boolean({ error: 'Indiquez si les réservations demandent une validation.' }),
  priceCents: count('Le prix', 1_000_000),
  billingMode: z.enum(['monthly', 'prepaid'], { error: 'Le mode de paiement doit être « monthly » (facturation mensuelle) ou « prepaid » (paiement à la réservation).' }),
  hours,
  place: text('Le lieu', 200).nullable(),
};

export const serviceBody = z.strictObject(
  {
    ...serviceFields,
    groupLabel: serviceFields.groupLabel.default('Activités'),
    position: serviceFields.position.optional(),
    periodKind: serviceFields.periodKind.default('school'),
    capacity: serviceFields.capacity.default(null),
    schoolCapacities: serviceFields.schoolCapacities.default([]),
    needsApproval: serviceFields.needsApproval.default(false),
    bookingDeadline: deadline.optional().transform((rule) => rule ?? NO_DEADLINE),
    cancellationDeadline: deadline.optional().transform((rule) => rule ?? NO_DEADLINE),
    priceCents: serviceFields.priceCents.default(0),
    billingMode: serviceFields.billingMode.default('monthly'),
    hours: serviceFields.hours.default(null),
    place: serviceFields.place.default(null),
  },
  { error: 'Ce champ n’existe pas.' },
);

export const serviceChange = z.strictObject(
  {
    ...Object.fromEntries(Object.entries(serviceFields).map(([key, schema]) => [key, schema.optional()])),
    active: z.boolean({ error: 'Indiquez si le service est proposé.' }).optional(),
  } as { [K in keyof typeof serviceFields]: z.ZodOptional<(typeof serviceFields)[K]> } & { active: z.ZodOptional<z.ZodBoolean> },
  { error: 'Ce champ n’existe pas.' },
);

// School calendar

const periodFields = {
  label: text('Le libellé', 120),
  kind: z.enum(['school', 'holidays'], { error: 'Le type doit être « school » (période scolaire) ou « holidays » (vacances).' }),
  startDate: day('La date de début'),
  endDate: day('La date de fin'),
};
export const periodBody = z.strictObject(periodFields, { error: 'Ce champ n’existe pas.' });
export const periodChange = periodBody.partial();

const closureFields = {
  serviceId: uuid('Le service').nullable(),
  startDate: day('La date de début'),
  endDate: day('La date de fin'),
  reason: text('Le motif affiché aux familles', 200),
};
export const closureBody = z.strictObject({ ...closureFields, serviceId: closureFields.serviceId.default(null) }, { error: 'Ce champ n’existe pas.' });
export const closureChange = z.strictObject(closureFields, { error: 'Ce champ n’existe pas.' }).partial();

export const optionsBody = z.strictObject({ alsaceMoselle: z.boolean({ error: 'Indiquez si la commune applique les jours fériés d’Alsace-Moselle.' }) });

export const importBody = z.strictObject({
  ics: z.string({ error: 'Le fichier du calendrier est obligatoire.' }).min(1, 'Le fichier du calendrier est obligatoire.'),
  zone: z.string({ error: 'La zone est obligatoire.' }).trim().min(1, 'La zone est obligatoire.').max(40, 'La zone est inconnue.'),
});

// Absence reasons and enrolments

export const reasonBody = z.strictObject({ label: text('Le libellé', 80), billed: z.boolean({ error: 'Indiquez si l’absence est facturée.' }) }, { error: 'Ce champ n’existe pas.' });
export const reasonChange = z.strictObject(
  { label: text('Le libellé', 80).optional(), billed: z.boolean({ error: 'Indiquez si l’absence est facturée.' }).optional(), active: z.boolean().optional() },
  { error: 'Ce champ n’existe pas.' },
);

export const enrollmentBody = z.strictObject({ serviceId: uuid('Le service'), startDate: day('La date de début'), endDate: day('La date de fin').nullable().default(null) }, { error: 'Ce champ n’existe pas.' });
export const endBody = z.strictObject({ endDate: day('La date de fin') });
