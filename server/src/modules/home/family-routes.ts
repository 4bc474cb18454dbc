import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { homeSummary } from './service.js';

/** Parents' home page summary. */
export const homeFamilyRoutes = new Hono<AppEnv>().get('/accueil', requireFamily(), async (c) =>
  c.json(await homeSummary(c.get('deps'), c.get('tenant').id, c.get('family').familyId)),
);
