import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';

/** Parents' online payments: start one (redirect to the provider), read its verified result. */
export const paymentFamilyRoutes = new Hono<AppEnv>().use('/paiements', requireFamily()).use('/paiements/*', requireFamily());
