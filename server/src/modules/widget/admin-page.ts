import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../errors.js';

/**
 * Nothing inline: scripts and styles come from this origin only (Lit adopts constructed
 * stylesheets, which style-src does not govern), images may be the town's https logo, and the
 * page can never be framed.
 */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const shell = (title: string) => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/admin.css">
<script type="module" src="/admin/app.js"></script>
</head>
<body>
<portail-admin><p>Chargement de la page des réglages…</p></portail-admin>
<noscript><p>Cette page a besoin de JavaScript pour fonctionner.</p></noscript>
</body>
</html>
`;

/** The document around the staff elements; everything else is styled inside their shadow roots. */
const PAGE_CSS = `html { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1f2328; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
body > p, noscript p { margin: 2em auto; max-width: 40em; padding: 0 1em; }
`;

const ASSET = /^[A-Za-z0-9._-]+\.js$/;

function htmlPage(title: string) {
  return new Response(shell(title), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': ADMIN_CSP,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
    },
  });
}

function asset(dir: string, file: string) {
  const path = join(dir, file);
  if (!existsSync(path)) return null;
  return new Response(new Uint8Array(readFileSync(path)), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
  });
}

const notBuilt = () => new ApiError(503, 'admin_absent', 'La page des réglages n’est pas encore construite (npm run build).');

/** The settings page, its activation twin, and the built staff bundle (widget/dist/admin.js + chunks). */
export const staffPageRoutes = new Hono<AppEnv>()
  .get('/', () => htmlPage('Réglages du portail famille'))
  .get('/activation', () => htmlPage('Activation de votre compte – Portail famille'))
  .get('/admin.css', (c) => c.body(PAGE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }))
  .get('/app.js', (c) => {
    const found = asset(c.get('deps').widgetDir, 'admin.js');
    if (!found) throw notBuilt();
    return found;
  })
  .get('/chunks/:file', (c) => {
    const file = c.req.param('file');
    const found = ASSET.test(file) ? asset(join(c.get('deps').widgetDir, 'chunks'), file) : null;
    if (!found) throw new ApiError(404, 'introuvable', 'Ce fichier n’existe pas.');
    return found;
  });
