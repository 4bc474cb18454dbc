import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { validationError } from '../../errors.js';
import { requireFamily } from '../../http/family-auth.js';
import { listAbsenceReasons } from './absence-reasons.js';
import { history } from './booking-events.js';
import { bookingWriteRoutes } from './booking-routes.js';
import { readPlanning } from './read.js';
import { dayRangeOf, isChildId } from './schemas.js';

const CHILD_INVALID = 'L’enfant est invalide.';

/** Parents' planning: the grid, batched changes, absences, history. */
export const planningFamilyRoutes = new Hono<AppEnv>()
  .use('/planning/*', requireFamily())
  .use('/planning', requireFamily())
  .get('/planning', async (c) => {
    const query = c.req.query();
    const { from, to } = dayRangeOf(query, isChildId(query.childId) ? {} : { childId: CHILD_INVALID });
    return c.json(await readPlanning(c.get('deps'), c.get('tenant').id, { kind: 'family', familyId: c.get('family').familyId }, query.childId, from, to));
  })
  .route(
    '/planning',
    bookingWriteRoutes(async (c) => ({ town: c.get('tenant'), actor: { kind: 'family', familyId: c.get('family').familyId } })),
  )
  .get('/planning/absence-reasons', async (c) => c.json(await listAbsenceReasons(c.get('deps').database.db, c.get('tenant').id)))
  .get('/planning/history', async (c) => {
    const childId = c.req.query('childId');
    if (!isChildId(childId)) throw validationError({ childId: CHILD_INVALID });
    return c.json(await history(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId));
  });
