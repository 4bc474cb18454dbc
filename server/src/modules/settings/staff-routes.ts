import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { MAX_LOGO_BYTES } from '../../security/images.js';
import { decodeBase64Image, readLogo, readSettings, removeLogo, setLogoUrl, updateSettings, uploadLogo } from './commune.js';
import { addOrigin, listOrigins, removeOrigin } from './origins.js';
import { createKey, listKeys, revokeKey } from './keys.js';
import { integrationSnippet } from './snippet.js';
import { auditTrail } from './audit-history.js';
import { keyBody, logoBody, originBody, revokeBody, settingsBody } from './schemas.js';

const LOGO_TOO_LARGE = 'Le logo ne doit pas dépasser 2 Mo.';
// Base64 grows by 4/3; the rest of the JSON is a few bytes.
const LOGO_BODY_MAX = Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 64 * 1024;

/**
 * Staff settings of the commune, mounted behind requireStaff: every staff member reads them and
 * the history; only admins change the commune, its logo, the allowed origins and the keys.
 */
export function settingsStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/settings', async (c) => c.json(await readSettings(c.get('deps'), c.get('staff').tenantId)))
    .patch('/settings', admin, async (c) => c.json(await updateSettings(c.get('deps'), c.get('staff'), await jsonBody(c, settingsBody))))
    .get('/settings/logo', async (c) => {
      const { image, mime } = await readLogo(c.get('deps'), c.get('staff').tenantId);
      return c.body(image as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': mime, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' });
    })
    .put(
      '/settings/logo',
      admin,
      bodyLimit({ maxBytes: LOGO_BODY_MAX, code: 'image_trop_lourde', tooLarge: LOGO_TOO_LARGE }),
      async (c) => {
        const body = await jsonBody(c, logoBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        return c.json(body.kind === 'image' ? await uploadLogo(deps, staff, decodeBase64Image(body.data)) : await setLogoUrl(deps, staff, body.url));
      },
    )
    .delete('/settings/logo', admin, async (c) => c.json(await removeLogo(c.get('deps'), c.get('staff'))))

    .get('/origins', async (c) => c.json(await listOrigins(c.get('deps'), c.get('staff').tenantId)))
    .post('/origins', admin, async (c) => c.json(await addOrigin(c.get('deps'), c.get('staff'), (await jsonBody(c, originBody)).origin), 201))
    .delete('/origins/:id', admin, async (c) => c.json(await removeOrigin(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))

    .get('/keys', async (c) => c.json(await listKeys(c.get('deps'), c.get('staff').tenantId)))
    .post('/keys', admin, async (c) => c.json(await createKey(c.get('deps'), c.get('staff'), (await jsonBody(c, keyBody)).label || undefined), 201))
    .post('/keys/:id/revoke', admin, async (c) => {
      const id = idParam(c.req.param('id'));
      const body = await jsonBody(c, revokeBody);
      return c.json(await revokeKey(c.get('deps'), c.get('staff'), id, body.confirmLast === true));
    })

    .get('/snippet', async (c) => c.json(await integrationSnippet(c.get('deps'), c.get('staff').tenantId)))
    .get('/audit', async (c) => c.json(await auditTrail(c.get('deps'), c.get('staff').tenantId)));
}
