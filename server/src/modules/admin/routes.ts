import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../http/errors.js';
import { clientIp } from '../../http/client-ip.js';
import { email, idParam, jsonBody, password, text } from '../../http/validate.js';
import { isLocalHost } from '../../domain/web-address.js';
import { HEX_COLOR } from './colors.js';
import { clearStaffCookie, requireAdmin, requireStaff, sameOriginJson, setStaffCookie, staffCookie } from '../../http/staff-auth.js';
import { MAX_LOGO_BYTES } from '../../security/images.js';
import { adminPageRoutes } from './page.js';
import { planningStaffRoutes as adminPlanningRoutes } from '../planning/staff-routes.js';
import { adminBillingRoutes } from '../billing/admin-routes.js';
import { adminPaymentRoutes } from '../payments/admin-routes.js';
import { adminDocumentRoutes } from '../documents/routes.js';
import { adminFamiliesRoutes } from './families-routes.js';
import * as admin from './service.js';
import { activateStaff, sessionAnswer, sessionExpired, staffAuthenticate, staffLogin, staffLogout } from '../auth/staff-session.js';

const loginBody = z.object({
  email: email(),
  password: z.string({ error: 'Le mot de passe est obligatoire.' }).min(1, 'Le mot de passe est obligatoire.').max(128, 'Adresse e-mail ou mot de passe incorrect.'),
});
const activationBody = z.object({
  token: z.string({ error: 'Le lien d’activation est incomplet.' }).regex(/^[A-Za-z0-9_-]{20,128}$/, 'Le lien d’activation est incomplet ou mal copié.'),
  password: password(),
});

/** Empty text clears an optional setting. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? null : value), schema.nullable()).optional();

const color = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .toLowerCase()
    .regex(HEX_COLOR, `${label} doit être un code hexadécimal de la forme #1d4f91.`);


/** An https address without credentials (http only on localhost for the demo); `hash` says whether a fragment may follow. */
const webAddress = (label: string, { fragment }: { fragment: boolean }) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .max(2000, `${label} est trop longue.`)
    .refine((value) => {
      try {
        const url = new URL(value);
        const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
        return schemeOk && !url.username && !url.password && (fragment || !url.hash);
      } catch {
        return false;
      }
    }, `${label} doit être une adresse https complète (par exemple https://www.ville.fr/…), sans identifiant ni mot de passe.`);

const isCalendarDay = (value: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.getUTCFullYear() === +match[1] && date.getUTCMonth() === +match[2] - 1 && date.getUTCDate() === +match[3];
};

const settingsBody = z.strictObject(
  {
    name: text('Le nom de la commune', 120).optional(),
    primaryColor: color('La couleur principale').optional(),
    primaryTextColor: color('La couleur du texte').optional(),
    infoMessage: optional(z.string().trim().max(1000, 'Le message d’information ne doit pas dépasser 1000 caractères.')),
    infoDate: optional(z.string().trim().refine(isCalendarDay, 'La date du message doit être une date valide (AAAA-MM-JJ).')),
    contactEmail: optional(email('L’e-mail de contact')),
    portalUrl: optional(webAddress('L’adresse du portail', { fragment: false })),
  },
  { error: 'Ce réglage n’existe pas.' },
);

const logoBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('image'), data: z.string({ error: 'Le fichier du logo est obligatoire.' }).min(1, 'Le fichier du logo est obligatoire.') }),
    z.object({
      kind: z.literal('url'),
      url: webAddress('L’adresse du logo', { fragment: true }).refine((value) => value.startsWith('https:'), 'L’adresse du logo doit commencer par https://.'),
    }),
  ],
  { error: 'Indiquez un fichier ou une adresse pour le logo.' },
);

const originBody = z.object({ origin: z.string({ error: 'L’origine est obligatoire.' }).trim().min(1, 'L’origine est obligatoire.').max(300, 'L’origine est trop longue.') });
const keyBody = z.object({ label: z.string().trim().max(80, 'Le libellé est trop long.').optional() });
const revokeBody = z.object({ confirmLast: z.boolean().optional() });


const LOGO_TOO_LARGE = 'Le logo ne doit pas dépasser 2 Mo.';
// Base64 grows by 4/3; the rest of the JSON is a few bytes.
const LOGO_BODY_MAX = Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 64 * 1024;

/** Staff settings page and its API (same origin, cookie session). */
export function adminRoutes(deps: Deps) {
  const api = new Hono<AppEnv>()
    .use(sameOriginJson(deps))
    .post('/session', async (c) => {
      const body = await jsonBody(c, loginBody);
      const { token, session } = await staffLogin(c.get('deps'), body, clientIp(c));
      setStaffCookie(c, token);
      return c.json(sessionAnswer(session), 201);
    })
    .delete('/session', async (c) => {
      const token = staffCookie(c);
      if (token) await staffLogout(c.get('deps'), token);
      clearStaffCookie(c);
      return c.body(null, 204);
    })
    .post('/activation', async (c) => {
      const body = await jsonBody(c, activationBody);
      await activateStaff(c.get('deps'), body, clientIp(c));
      return c.json({ message: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.' });
    })
    .get('/session', async (c) => {
      const token = staffCookie(c);
      if (!token) throw sessionExpired();
      return c.json(sessionAnswer(await staffAuthenticate(c.get('deps'), token)));
    })
    .use(requireStaff())
    .get('/settings', async (c) => c.json(await admin.readSettings(c.get('deps'), c.get('staff').tenantId)))
    .get('/settings/logo', async (c) => {
      const { image, mime } = await admin.readLogo(c.get('deps'), c.get('staff').tenantId);
      return c.body(image as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': mime, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' });
    })
    .get('/origins', async (c) => c.json(await admin.listOrigins(c.get('deps'), c.get('staff').tenantId)))
    .get('/keys', async (c) => c.json(await admin.listKeys(c.get('deps'), c.get('staff').tenantId)))
    .get('/snippet', async (c) => c.json(await admin.integrationSnippet(c.get('deps'), c.get('staff').tenantId)))
    .get('/audit', async (c) => c.json(await admin.auditTrail(c.get('deps'), c.get('staff').tenantId)))
    .route('/', adminPlanningRoutes())
    .route('/', adminDocumentRoutes())
    .route('/', adminFamiliesRoutes())
    .route('/', adminBillingRoutes())
    .route('/', adminPaymentRoutes())
    .use(requireAdmin())
    .patch('/settings', async (c) => c.json(await admin.updateSettings(c.get('deps'), c.get('staff'), await jsonBody(c, settingsBody))))
    .put(
      '/settings/logo',
      bodyLimit({
        maxSize: LOGO_BODY_MAX,
        onError: () => {
          throw new ApiError(413, 'image_trop_lourde', LOGO_TOO_LARGE);
        },
      }),
      async (c) => {
        const body = await jsonBody(c, logoBody, { maxBytes: LOGO_BODY_MAX, tooLarge: LOGO_TOO_LARGE });
        const deps = c.get('deps');
        const staff = c.get('staff');
        return c.json(body.kind === 'image' ? await admin.uploadLogo(deps, staff, admin.decodeBase64Image(body.data)) : await admin.setLogoUrl(deps, staff, body.url));
      },
    )
    .delete('/settings/logo', async (c) => c.json(await admin.removeLogo(c.get('deps'), c.get('staff'))))
    .post('/origins', async (c) => c.json(await admin.addOrigin(c.get('deps'), c.get('staff'), (await jsonBody(c, originBody)).origin), 201))
    .delete('/origins/:id', async (c) => c.json(await admin.removeOrigin(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))
    .post('/keys', async (c) => c.json(await admin.createKey(c.get('deps'), c.get('staff'), (await jsonBody(c, keyBody)).label || undefined), 201))
    .post('/keys/:id/revoke', async (c) => {
      const id = idParam(c.req.param('id'));
      const body = await jsonBody(c, revokeBody);
      return c.json(await admin.revokeKey(c.get('deps'), c.get('staff'), id, body.confirmLast === true));
    });

  return new Hono<AppEnv>().route('/api', api).route('/', adminPageRoutes);
}
