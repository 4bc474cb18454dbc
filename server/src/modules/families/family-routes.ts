import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { requireFamily } from '../../http/family-auth.js';
import { clientIp } from '../../http/client-ip.js';
import { ApiError, notFound } from '../../errors.js';
import { pdfAnswer } from '../../http/downloads.js';
import { isFamilyGroup } from './policy.js';
import { groupBody, loginEmailBody, photoBody, pickupPersonBody } from './schemas.js';
import { familyFileHistory, readFamilyFile } from './file.js';
import { addPickupPerson, changeLoginEmail, removePickupPerson, saveBankDetails, saveGroup, updatePickupPerson } from './changes.js';
import { MAX_PHOTO_BYTES, readChildPhoto, saveChildPhoto } from './photos.js';
import { childFileEdition, familyFileEdition } from './editions.js';
import { exportFamily } from './export.js';

const childParam = (value: string) => idParam(value, 'Cet enfant est introuvable.');
const personParam = (value: string) => idParam(value, 'Cette personne est introuvable.');

const PHOTO_TOO_LARGE = 'La photo ne doit pas dépasser 2 Mo.';
// Base64 grows by 4/3; the rest of the JSON is a few bytes.
const PHOTO_BODY_MAX = Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 16 * 1024;

function decodeBase64(data: string): Uint8Array {
  const payload = data.replace(/^data:[a-z/+.-]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 === 1) {
    throw new ApiError(422, 'image_invalide', 'Le fichier envoyé n’a pas pu être lu. Choisissez une photo JPEG ou PNG.', { fields: { data: 'Le fichier n’a pas pu être lu.' } });
  }
  return new Uint8Array(Buffer.from(payload, 'base64'));
}

/** Parents' family file: read, change by group (direct or validated), pickup persons, photos, history, export. */
export const familyFileRoutes = new Hono<AppEnv>()
  .use('/famille', requireFamily())
  .use('/famille/*', requireFamily())
  .get('/famille', async (c) => c.json(await readFamilyFile(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .put('/famille/groups/:group', async (c) => {
    const group = c.req.param('group');
    if (!isFamilyGroup(group)) throw notFound('Ce groupe d’informations n’existe pas.');
    const body = (await jsonBody(c, groupBody(group))) as Record<string, unknown>;
    const deps = c.get('deps');
    const tenantId = c.get('tenant').id;
    const familyId = c.get('family').familyId;
    if (group === 'bank') return c.json(await saveBankDetails(deps, tenantId, familyId, body as Record<string, unknown> & { password: string }, clientIp(c)));
    const { childId, ...values } = body;
    return c.json(await saveGroup(deps, tenantId, familyId, group, values, { childId: (childId as string | undefined) ?? null }));
  })
  .post('/famille/login-email', async (c) => {
    const body = await jsonBody(c, loginEmailBody);
    return c.json(await changeLoginEmail(c.get('deps'), c.get('tenant').id, c.get('family').familyId, body, clientIp(c)));
  })
  .post('/famille/children/:childId/pickup-persons', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const body = await jsonBody(c, pickupPersonBody);
    return c.json(await addPickupPerson(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId, body));
  })
  .put('/famille/children/:childId/pickup-persons/:personId', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const personId = personParam(c.req.param('personId'));
    const body = await jsonBody(c, pickupPersonBody);
    return c.json(await updatePickupPerson(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId, personId, body));
  })
  .delete('/famille/children/:childId/pickup-persons/:personId', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const personId = personParam(c.req.param('personId'));
    return c.json(await removePickupPerson(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId, personId));
  })
  .put(
    '/famille/children/:childId/photo',
    bodyLimit({ maxBytes: PHOTO_BODY_MAX, code: 'image_trop_lourde', tooLarge: PHOTO_TOO_LARGE }),
    async (c) => {
      const childId = childParam(c.req.param('childId'));
      const body = await jsonBody(c, photoBody);
      return c.json(await saveChildPhoto(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId, decodeBase64(body.data)));
    },
  )
  .get('/famille/children/:childId/photo', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const photo = await readChildPhoto(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId);
    return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': photo.mime,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
      'Cache-Control': 'no-store',
    });
  })
  .get('/famille/history', async (c) => c.json(await familyFileHistory(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .get('/famille/export.pdf', async (c) => {
    const { pdf, filename } = await familyFileEdition(c.get('deps'), c.get('tenant'), c.get('family').familyId);
    return pdfAnswer(c, pdf, filename);
  })
  .get('/famille/children/:childId/fiche.pdf', async (c) => {
    const edition = c.req.query('edition') === 'complete' ? 'complete' : 'simple';
    const childId = childParam(c.req.param('childId'));
    const { pdf, filename } = await childFileEdition(c.get('deps'), c.get('tenant'), c.get('family').familyId, childId, edition);
    return pdfAnswer(c, pdf, filename);
  })
  .get('/famille/export.json', async (c) => {
    const data = await exportFamily(c.get('deps'), c.get('tenant').id, c.get('family').familyId);
    const name = `dossier-famille-${data.family.familyNumber.replace(/[^A-Za-z0-9-]/g, '')}.json`;
    return c.json(data, 200, { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
  });
