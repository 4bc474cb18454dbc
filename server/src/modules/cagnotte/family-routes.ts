import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { readCagnotte } from './accounts.js';

/** The family's cagnotte (pay at booking): balance and movements per régie. */
export const cagnotteFamilyRoutes = new Hono<AppEnv>()
  .use('/cagnotte', requireFamily())
  .get('/cagnotte', async (c) => c.json(await readCagnotte(c.get('deps').database.db, c.get('tenant').id, c.get('family').familyId)));
