import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

/** What the providers call (notifications) and where they send the payer back (returns). */
export const paymentProviderRoutes = new Hono<AppEnv>();
