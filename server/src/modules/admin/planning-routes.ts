import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { ApiError, validationError } from '../../http/errors.js';
import { idempotencyKeyOf, requestHash } from '../../http/idempotency-key.js';
import { jsonBody, text, idParam } from '../../http/validate.js';
import { addDays, daysBetween, isValidDay, parisDay } from '../../domain/dates.js';
import { parseDeadlineRule } from '../../domain/deadline-rules.js';
import { DeadlineRuleError, type DeadlineRule, type Weekday } from '../../domain/deadlines.js';
import { applyChanges, declareAbsence } from '../planning/bookings.js';
import { readPlanning } from '../planning/read.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { applyImport, createClosure, createPeriod, deleteClosure, deletePeriod, listClosures, listPeriods, previewImport, readCalendarOptions, schoolYearHolidays, schoolYearOf, setAlsaceMoselle, updateClosure, updatePeriod } from '../planning/staff-calendar.js';
import { addEnrollment, childEnrollments, endEnrollment, searchChildren } from '../planning/staff-enrollments.js';
import { checkBookingsExist, decideRequests, requestQueue } from '../planning/staff-requests.js';
import { createService, deactivateService, listSchools, listServices, updateService } from '../planning/staff-services.js';
import { dayHeadcounts, headcountsCsv } from '../planning/headcounts.js';
import { createReason, listReasons, updateReason } from '../planning/absence-reasons.js';
import { townOf } from '../planning/scope.js';

const MAX_RANGE_DAYS = 62;
const MAX_CHANGES = 400;
const MAX_DECISIONS = 200;
const MAX_ICS_BYTES = 1024 * 1024;
// JSON escapes every line break of the file (\r\n → 4 characters): a little room on top of 1 Mo.
const MAX_ICS_BODY = Math.ceil(MAX_ICS_BYTES * 1.25);
const ICS_TOO_LARGE = 'Le fichier du calendrier ne doit pas dépasser 1 Mo.';


/** A path id that is not a UUID cannot be one of the commune's: 404, like an id of another commune. */

const uuid = (label: string) => z.uuid({ error: `${label} est invalide.` });
const day = (label: string) => z.string({ error: `${label} est obligatoire.` }).refine(isValidDay, `${label} doit être un jour valide au format AAAA-MM-JJ.`);
const count = (label: string, max: number) =>
  z.number({ error: `${label} doit être un nombre entier.` }).int(`${label} doit être un nombre entier.`).min(0, `${label} ne peut pas être négatif.`).max(max, `${label} est trop grand.`);

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
};

const serviceBody = z.strictObject(
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
  },
  { error: 'Ce champ n’existe pas.' },
);

const serviceChange = z.strictObject(
  {
    ...Object.fromEntries(Object.entries(serviceFields).map(([key, schema]) => [key, schema.optional()])),
    active: z.boolean({ error: 'Indiquez si le service est proposé.' }).optional(),
  } as { [K in keyof typeof serviceFields]: z.ZodOptional<(typeof serviceFields)[K]> } & { active: z.ZodOptional<z.ZodBoolean> },
  { error: 'Ce champ n’existe pas.' },
);

const periodFields = {
  label: text('Le libellé', 120),
  kind: z.enum(['school', 'holidays'], { error: 'Le type doit être « school » (période scolaire) ou « holidays » (vacances).' }),
  startDate: day('La date de début'),
  endDate: day('La date de fin'),
};
const periodBody = z.strictObject(periodFields, { error: 'Ce champ n’existe pas.' });
const periodChange = periodBody.partial();

const closureFields = {
  serviceId: uuid('Le service').nullable(),
  startDate: day('La date de début'),
  endDate: day('La date de fin'),
  reason: text('Le motif affiché aux familles', 200),
};
const closureBody = z.strictObject({ ...closureFields, serviceId: closureFields.serviceId.default(null) }, { error: 'Ce champ n’existe pas.' });
const closureChange = z.strictObject(closureFields, { error: 'Ce champ n’existe pas.' }).partial();

const optionsBody = z.strictObject({ alsaceMoselle: z.boolean({ error: 'Indiquez si la commune applique les jours fériés d’Alsace-Moselle.' }) });

const importBody = z.strictObject({
  ics: z.string({ error: 'Le fichier du calendrier est obligatoire.' }).min(1, 'Le fichier du calendrier est obligatoire.'),
  zone: z.string({ error: 'La zone est obligatoire.' }).trim().min(1, 'La zone est obligatoire.').max(40, 'La zone est inconnue.'),
});

const reasonBody = z.strictObject({ label: text('Le libellé', 80), billed: z.boolean({ error: 'Indiquez si l’absence est facturée.' }) }, { error: 'Ce champ n’existe pas.' });
const reasonChange = z.strictObject(
  { label: text('Le libellé', 80).optional(), billed: z.boolean({ error: 'Indiquez si l’absence est facturée.' }).optional(), active: z.boolean().optional() },
  { error: 'Ce champ n’existe pas.' },
);

const enrollmentBody = z.strictObject({ serviceId: uuid('Le service'), startDate: day('La date de début'), endDate: day('La date de fin').nullable().default(null) }, { error: 'Ce champ n’existe pas.' });
const endBody = z.strictObject({ endDate: day('La date de fin') });

const changesBody = z.strictObject({
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
const absenceBody = z.strictObject({ childId: uuid('L’enfant'), serviceId: uuid('Le service'), date: day('La date'), reasonId: uuid('Le motif') });

const decideBody = z.strictObject({
  bookingIds: z
    .array(uuid('La demande'), { error: 'Choisissez au moins une demande.' })
    .min(1, 'Choisissez au moins une demande.')
    .max(MAX_DECISIONS, `Pas plus de ${MAX_DECISIONS} demandes à la fois.`)
    .transform((ids) => [...new Set(ids)]),
  decision: z.enum(['approve', 'refuse'], { error: 'La décision doit être « approve » ou « refuse ».' }),
});

function rangeOf(query: Record<string, string>) {
  const fields: Record<string, string> = {};
  if (!isValidDay(query.from ?? '')) fields.from = 'La date de début doit être un jour valide au format AAAA-MM-JJ.';
  if (!isValidDay(query.to ?? '')) fields.to = 'La date de fin doit être un jour valide au format AAAA-MM-JJ.';
  if (!fields.from && !fields.to) {
    const length = daysBetween(query.from, query.to);
    if (length < 0) fields.to = 'La date de fin doit suivre la date de début.';
    else if (length >= MAX_RANGE_DAYS) fields.to = `La période affichée ne peut pas dépasser ${MAX_RANGE_DAYS} jours.`;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  return { from: query.from, to: query.to };
}

/** The day asked for, or tomorrow in Paris: headcounts are prepared the day before. */
function headcountDay(value: string | undefined, now: Date) {
  if (value === undefined || value === '') return addDays(parisDay(now), 1);
  if (!isValidDay(value)) throw validationError({ day: 'Le jour doit être une date valide au format AAAA-MM-JJ.' });
  return value;
}

const icsLimit = bodyLimit({
  maxSize: MAX_ICS_BODY,
  onError: () => {
    throw new ApiError(413, 'fichier_trop_lourd', ICS_TOO_LARGE);
  },
});

async function importBodyOf(c: Context<AppEnv>) {
  const body = await jsonBody(c, importBody, { maxBytes: MAX_ICS_BODY, tooLarge: ICS_TOO_LARGE });
  if (Buffer.byteLength(body.ics, 'utf8') > MAX_ICS_BYTES) throw new ApiError(413, 'fichier_trop_lourd', ICS_TOO_LARGE, { fields: { ics: ICS_TOO_LARGE } });
  return body;
}

/**
 * Staff API of the planning, mounted behind requireStaff: agents run the day-to-day (enrollments,
 * bookings on behalf of a family, requests, headcounts); only admins change services, the calendar
 * and the absence reasons.
 */
export function adminPlanningRoutes() {
  const admin = requireAdmin();
  return (
    new Hono<AppEnv>()
      // Services and schools
      .get('/schools', async (c) => c.json(await listSchools(c.get('deps').database.db, c.get('staff').tenantId)))
      .get('/services', async (c) => c.json(await listServices(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/services', admin, async (c) => c.json(await createService(c.get('deps'), c.get('staff'), await jsonBody(c, serviceBody)), 201))
      .patch('/services/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateService(c.get('deps'), c.get('staff'), id, await jsonBody(c, serviceChange)));
      })
      .delete('/services/:id', admin, async (c) => c.json(await deactivateService(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))

      // School calendar
      .get('/calendar/periods', async (c) => c.json(await listPeriods(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/calendar/periods', admin, async (c) => c.json(await createPeriod(c.get('deps'), c.get('staff'), await jsonBody(c, periodBody)), 201))
      .patch('/calendar/periods/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updatePeriod(c.get('deps'), c.get('staff'), id, await jsonBody(c, periodChange)));
      })
      .delete('/calendar/periods/:id', admin, async (c) => c.json(await deletePeriod(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))
      .get('/calendar/closures', async (c) => c.json(await listClosures(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/calendar/closures', admin, async (c) => c.json(await createClosure(c.get('deps'), c.get('staff'), await jsonBody(c, closureBody)), 201))
      .patch('/calendar/closures/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateClosure(c.get('deps'), c.get('staff'), id, await jsonBody(c, closureChange)));
      })
      .delete('/calendar/closures/:id', admin, async (c) => c.json(await deleteClosure(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))
      .get('/calendar/options', async (c) => c.json(await readCalendarOptions(c.get('deps').database.db, c.get('staff').tenantId)))
      .patch('/calendar/options', admin, async (c) => c.json(await setAlsaceMoselle(c.get('deps'), c.get('staff'), (await jsonBody(c, optionsBody)).alsaceMoselle)))
      .get('/calendar/holidays', async (c) => {
        const deps = c.get('deps');
        const asked = c.req.query('schoolYear');
        if (asked !== undefined && !/^\d{4}$/.test(asked)) throw validationError({ schoolYear: 'L’année scolaire doit être une année sur quatre chiffres, par exemple 2026 pour 2026-2027.' });
        const year = asked === undefined ? schoolYearOf(parisDay(deps.clock.now())) : Number(asked);
        if (year < 2000 || year > 2100) throw validationError({ schoolYear: 'L’année scolaire doit être comprise entre 2000 et 2100.' });
        return c.json(await schoolYearHolidays(deps.database.db, c.get('staff').tenantId, year));
      })
      .post('/calendar/import/preview', admin, icsLimit, async (c) => {
        const body = await importBodyOf(c);
        return c.json(await previewImport(c.get('deps').database.db, c.get('staff').tenantId, body.ics, body.zone));
      })
      .post('/calendar/import', admin, icsLimit, async (c) => {
        const body = await importBodyOf(c);
        return c.json(await applyImport(c.get('deps'), c.get('staff'), body.ics, body.zone));
      })

      // Absence reasons
      .get('/absence-reasons', async (c) => c.json(await listReasons(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/absence-reasons', admin, async (c) => c.json(await createReason(c.get('deps'), c.get('staff'), await jsonBody(c, reasonBody)), 201))
      .patch('/absence-reasons/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateReason(c.get('deps'), c.get('staff'), id, await jsonBody(c, reasonChange)));
      })
      .delete('/absence-reasons/:id', admin, async (c) => c.json(await updateReason(c.get('deps'), c.get('staff'), idParam(c.req.param('id')), { active: false })))

      // Children and enrollments
      .get('/children', async (c) => {
        const query = (c.req.query('q') ?? '').trim();
        if (query.length < 2) throw validationError({ q: 'Tapez au moins deux lettres du prénom, du nom ou de la famille.' });
        if (query.length > 80) throw validationError({ q: 'La recherche est trop longue.' });
        return c.json(await searchChildren(c.get('deps').database.db, c.get('staff').tenantId, query));
      })
      .get('/children/:id/enrollments', async (c) => c.json(await childEnrollments(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
      .post('/children/:id/enrollments', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await addEnrollment(c.get('deps'), c.get('staff'), id, await jsonBody(c, enrollmentBody)), 201);
      })
      .post('/enrollments/:id/end', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await endEnrollment(c.get('deps'), c.get('staff'), id, (await jsonBody(c, endBody)).endDate));
      })
      .get('/children/:id/planning', async (c) => {
        const id = idParam(c.req.param('id'));
        const { from, to } = rangeOf(c.req.query());
        const staff = c.get('staff');
        return c.json(await readPlanning(c.get('deps'), staff.tenantId, { kind: 'staff', staffUserId: staff.staffUserId }, id, from, to));
      })

      // Bookings on behalf of a family (channel "mairie")
      .post('/bookings/changes', async (c) => {
        const key = idempotencyKeyOf(c.req.header('idempotency-key'));
        const body = await jsonBody(c, changesBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        const idem = { tenantId: staff.tenantId, actor: `staff:${staff.staffUserId}`, key, hash: requestHash(body) };
        const tenant = await townOf(deps.database.db, staff.tenantId);
        return c.json(await applyChanges(deps, tenant, { kind: 'staff', staffUserId: staff.staffUserId }, body.changes, idem));
      })
      .post('/bookings/absences', async (c) => {
        const key = idempotencyKeyOf(c.req.header('idempotency-key'));
        const body = await jsonBody(c, absenceBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        const idem = { tenantId: staff.tenantId, actor: `staff:${staff.staffUserId}`, key, hash: requestHash({ absence: body }) };
        const tenant = await townOf(deps.database.db, staff.tenantId);
        return c.json(await declareAbsence(deps, tenant, { kind: 'staff', staffUserId: staff.staffUserId }, body, idem));
      })

      // Request queue
      .get('/requests', async (c) => c.json(await requestQueue(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/requests/decide', async (c) => {
        const body = await jsonBody(c, decideBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        await checkBookingsExist(deps.database.db, staff.tenantId, body.bookingIds);
        const tenant = await townOf(deps.database.db, staff.tenantId);
        const outcomes = await decideRequests(deps, tenant, staff.staffUserId, body);
        return c.json({ outcomes, requests: await requestQueue(deps.database.db, staff.tenantId) });
      })

      // Headcounts
      .get('/headcounts', async (c) => {
        const deps = c.get('deps');
        const day = headcountDay(c.req.query('day'), deps.clock.now());
        return c.json(await dayHeadcounts(deps.database.db, c.get('staff').tenantId, day));
      })
      .get('/headcounts.csv', async (c) => {
        const deps = c.get('deps');
        const day = headcountDay(c.req.query('day'), deps.clock.now());
        const report = await dayHeadcounts(deps.database.db, c.get('staff').tenantId, day);
        return c.body(headcountsCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="effectifs-${day}.csv"`,
          'X-Content-Type-Options': 'nosniff',
        });
      })
  );
}
