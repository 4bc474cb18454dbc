import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { jsonBody } from '../../http/validate.js';
import { requireFamily } from '../../http/family-auth.js';
import { idempotencyKeyOf, requestHash } from '../../http/idempotency-key.js';
import { ApiError } from '../../http/errors.js';
import { daysBetween, isValidDay } from '../../domain/dates.js';
import { history } from './booking-events.js';
import { listAbsenceReasons } from './absence-reasons.js';
import { applyChanges, declareAbsence } from './bookings.js';
import { readPlanning } from './read.js';

const MAX_RANGE_DAYS = 62;
const MAX_CHANGES = 400;

const uuid = (label: string) => z.uuid({ error: `${label} est invalide.` });
const day = z.string({ error: 'La date est obligatoire.' }).refine(isValidDay, 'La date doit être un jour valide au format AAAA-MM-JJ.');

const changesBody = z.object({
  changes: z
    .array(z.object({ childId: uuid('L’enfant'), serviceId: uuid('Le service'), date: day, action: z.enum(['book', 'cancel'], { error: 'L’action doit être « book » ou « cancel ».' }) }).strict(), {
      error: 'La liste des modifications est obligatoire.',
    })
    .min(1, 'Aucune modification à enregistrer.')
    .max(MAX_CHANGES, `Pas plus de ${MAX_CHANGES} modifications à la fois.`),
}).strict();

const absenceBody = z.object({ childId: uuid('L’enfant'), serviceId: uuid('Le service'), date: day, reasonId: uuid('Le motif') }).strict();

function rangeOf(query: Record<string, string>) {
  const fields: Record<string, string> = {};
  if (!z.uuid().safeParse(query.childId).success) fields.childId = 'L’enfant est invalide.';
  if (!isValidDay(query.from ?? '')) fields.from = 'La date de début doit être un jour valide au format AAAA-MM-JJ.';
  if (!isValidDay(query.to ?? '')) fields.to = 'La date de fin doit être un jour valide au format AAAA-MM-JJ.';
  if (!fields.from && !fields.to) {
    const length = daysBetween(query.from, query.to);
    if (length < 0) fields.to = 'La date de fin doit suivre la date de début.';
    else if (length >= MAX_RANGE_DAYS) fields.to = `La période affichée ne peut pas dépasser ${MAX_RANGE_DAYS} jours.`;
  }
  if (Object.keys(fields).length) throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields });
  return { childId: query.childId, from: query.from, to: query.to };
}

/** Parents' planning: the grid, batched changes, absences, history. */
export const planningRoutes = new Hono<AppEnv>()
  .use('/planning/*', requireFamily())
  .use('/planning', requireFamily())
  .get('/planning', async (c) => {
    const { childId, from, to } = rangeOf(c.req.query());
    return c.json(await readPlanning(c.get('deps'), c.get('tenant').id, { kind: 'family', familyId: c.get('family').familyId }, childId, from, to));
  })
  .post('/planning/changes', async (c) => {
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const body = await jsonBody(c, changesBody);
    const family = c.get('family');
    const tenant = c.get('tenant');
    const idem = { tenantId: tenant.id, actor: `family:${family.familyId}`, key, hash: requestHash(body) };
    return c.json(await applyChanges(c.get('deps'), tenant, { kind: 'family', familyId: family.familyId }, body.changes, idem));
  })
  .post('/planning/absences', async (c) => {
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const body = await jsonBody(c, absenceBody);
    const family = c.get('family');
    const tenant = c.get('tenant');
    const idem = { tenantId: tenant.id, actor: `family:${family.familyId}`, key, hash: requestHash({ absence: body }) };
    return c.json(await declareAbsence(c.get('deps'), tenant, { kind: 'family', familyId: family.familyId }, body, idem));
  })
  .get('/planning/absence-reasons', async (c) => c.json(await listAbsenceReasons(c.get('deps').database.db, c.get('tenant').id)))
  .get('/planning/history', async (c) => {
    const childId = c.req.query('childId');
    if (!z.uuid().safeParse(childId).success) throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { childId: 'L’enfant est invalide.' } });
    return c.json(await history(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId!));
  });
