import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

/** Staff billing API: régies, tariffs, invoicing runs, invoices, credit notes, offline payments. */
export function adminBillingRoutes() {
  return new Hono<AppEnv>();
}
