import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

/** Staff API of online payment: provider settings, payments and their events. */
export function adminPaymentRoutes() {
  return new Hono<AppEnv>();
}
