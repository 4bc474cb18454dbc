import { Hono, type Context } from 'hono';
import type { Idempotent } from '../../db/idempotency.js';
import type { AppEnv } from '../../http/context.js';
import { idempotencyKeyOf, requestHash } from '../../http/idempotency-key.js';
import { jsonBody } from '../../http/validate.js';
import { applyChanges, declareAbsence, withdrawAbsence } from './bookings.js';
import { absenceBody, changesBody, withdrawalBody } from './schemas.js';
import type { Actor, Town } from './scope.js';

/** Who writes, for which commune: the family of the session, or a staff member on a family's behalf. */
export type Writer = (c: Context<AppEnv>) => Promise<{ town: Town; actor: Actor }>;

/** A key is the writer's own: a family and an agent may use the same one without meeting. */
const idempotency = (town: Town, actor: Actor, key: string, request: unknown): Idempotent => ({
  tenantId: town.id,
  actor: actor.kind === 'family' ? `family:${actor.familyId}` : `staff:${actor.staffUserId}`,
  key,
  hash: requestHash(request),
});

/**
 * Batched booking changes and absences, the same for a family and for staff writing on its behalf
 * (channel "mairie"); a retried request with its Idempotency-Key gets the first answer again.
 */
export function bookingWriteRoutes(writer: Writer) {
  return new Hono<AppEnv>()
    .post('/changes', async (c) => {
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const body = await jsonBody(c, changesBody);
      const { town, actor } = await writer(c);
      return c.json(await applyChanges(c.get('deps'), town, actor, body.changes, idempotency(town, actor, key, body)));
    })
    .post('/absences', async (c) => {
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const body = await jsonBody(c, absenceBody);
      const { town, actor } = await writer(c);
      return c.json(await declareAbsence(c.get('deps'), town, actor, body, idempotency(town, actor, key, { absence: body })));
    })
    .post('/absences/withdrawal', async (c) => {
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const body = await jsonBody(c, withdrawalBody);
      const { town, actor } = await writer(c);
      return c.json(await withdrawAbsence(c.get('deps'), town, actor, body, idempotency(town, actor, key, { withdrawal: body })));
    });
}
