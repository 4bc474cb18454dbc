import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';

/** Parents' invoices: list and statement, PDF, invoice e-mail subscription. */
export const billingFamilyRoutes = new Hono<AppEnv>().use('/factures', requireFamily()).use('/factures/*', requireFamily());
