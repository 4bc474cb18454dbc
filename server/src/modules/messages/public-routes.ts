import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { helpContent } from './settings.js';

/** The commune's contact and help, before anyone signs in: nothing personal. */
export const messagePublicRoutes = new Hono<AppEnv>().get('/aide', async (c) => {
  const help = await helpContent(c.get('deps'), c.get('tenant').id);
  c.header('Cache-Control', 'public, max-age=60');
  return c.json(help);
});
