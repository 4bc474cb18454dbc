import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { publicConfig, readLogo } from './commune.js';

/** The commune's public face for the widget, before anyone logs in: configuration and logo. Nothing personal. */
export const settingsPublicRoutes = new Hono<AppEnv>()
  .get('/config', async (c) => {
    const config = await publicConfig(c.get('deps'), c.get('tenant'));
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(config);
  })
  .get('/logo', async (c) => {
    const { image, mime } = await readLogo(c.get('deps'), c.get('tenant').id);
    return c.body(image as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': mime,
      'Cache-Control': 'public, max-age=86400',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  });
