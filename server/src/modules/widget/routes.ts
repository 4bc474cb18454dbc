import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../errors.js';
import { loadWidgetBundle } from './bundle.js';

const FILE = /^(portail\.js|chunks\/[A-Za-z0-9._-]+\.js)$/;

/**
 * The widget for town pages. /widget/v1/portail.js follows the latest build (short cache);
 * /widget/v1/<version>/… never changes (immutable), for pages that pin a version with SRI.
 * Both are readable from any origin.
 */
export const widgetRoutes = new Hono<AppEnv>().get('/v1/*', (c) => {
  const bundle = loadWidgetBundle(c.get('deps').widgetDir);
  if (!bundle) throw new ApiError(503, 'widget_absent', 'Le widget n’est pas encore construit (npm run build).');
  const rest = c.req.path.replace(/^\/widget\/v1\//, '');
  const versioned = rest.startsWith(bundle.version + '/');
  const file = versioned ? rest.slice(bundle.version.length + 1) : rest;
  const body = FILE.test(file) ? bundle.read(file) : null;
  if (!body) throw new ApiError(404, 'introuvable', 'Ce fichier du widget n’existe pas.');
  const immutable = versioned || file.startsWith('chunks/');
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
  });
});
