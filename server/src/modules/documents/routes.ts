import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../db/schema/index.js';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../http/errors.js';
import { requireFamily } from '../../http/family-auth.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { requireAdmin } from '../../http/staff-auth.js';
import * as documents from './service.js';

// Base64 grows by 4/3; the title and the rest of the JSON take a few bytes more.
const UPLOAD_BODY_MAX = Math.ceil((documents.MAX_DOCUMENT_BYTES * 4) / 3) + 16 * 1024;

/** The 413 before the body is even read, when the request says or turns out to be too long. */
const uploadLimit = bodyLimit({
  maxSize: UPLOAD_BODY_MAX,
  onError: () => {
    throw new ApiError(413, 'fichier_trop_lourd', documents.DOCUMENT_TOO_LARGE);
  },
});

const readUpload = <T extends z.ZodType>(c: Parameters<typeof jsonBody>[0], schema: T) =>
  jsonBody(c, schema, { maxBytes: UPLOAD_BODY_MAX, tooLarge: documents.DOCUMENT_TOO_LARGE });

const type = z.enum(DOCUMENT_TYPES, { error: 'Choisissez le type de document dans la liste.' });
const title = z
  .string({ error: 'Le titre du document est obligatoire.' })
  .trim()
  .min(1, 'Le titre du document est obligatoire.')
  .max(120, 'Le titre ne doit pas dépasser 120 caractères.')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Le titre ne doit pas contenir de retour à la ligne ni de caractère de contrôle.');
const data = z.string({ error: 'Le fichier est obligatoire.' }).min(1, 'Le fichier est obligatoire.');

const familyUpload = z.strictObject(
  { type, title, childId: z.uuid({ error: 'L’enfant est invalide.' }).nullish(), data },
  { error: 'Ce champ n’existe pas.' },
);
const publication = z.strictObject({ type: type.default('autre'), title, data }, { error: 'Ce champ n’existe pas.' });
const rejection = z.strictObject({
  reason: z
    .string({ error: 'Le motif du refus est obligatoire.' })
    .trim()
    .min(3, 'Expliquez en quelques mots pourquoi le document est refusé.')
    .max(500, 'Le motif ne doit pas dépasser 500 caractères.'),
});
const statusFilter = z.enum(['pending', 'accepted', 'rejected', 'published', 'all']).catch('pending');

/** A path id that is not a UUID cannot be one of the commune's: 404, like any id of another commune. */
const idOf = (value: string) => idParam(value, 'Ce document est introuvable.');

/** Parents: their documents and the commune's, upload, download. */
export const documentRoutes = new Hono<AppEnv>()
  .use('/documents', requireFamily())
  .use('/documents/*', requireFamily())
  .get('/documents', async (c) => c.json(await documents.listFamilyDocuments(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .post('/documents', uploadLimit, async (c) => {
    const body = await readUpload(c, familyUpload);
    const bytes = documents.decodeBase64File(body.data);
    const created = await documents.uploadFamilyDocument(c.get('deps'), c.get('tenant').id, c.get('family').familyId, {
      type: body.type,
      title: body.title,
      childId: body.childId ?? undefined,
      bytes,
    });
    return c.json(created, 201);
  })
  .get('/documents/:id/file', async (c) => {
    const file = await documents.familyDocumentFile(c.get('deps'), c.get('tenant').id, c.get('family').familyId, idOf(c.req.param('id')));
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200, documents.attachmentHeaders(file));
  });

/**
 * Staff, mounted behind requireStaff on the staff API: agents check the parents' documents, admins
 * publish the commune's own. Middleware is per route so that nothing leaks onto sibling routes.
 */
export function adminDocumentRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/documents', async (c) => c.json(await documents.listCommuneDocuments(c.get('deps'), c.get('staff').tenantId, statusFilter.parse(c.req.query('status')))))
    .get('/documents/:id/file', async (c) => {
      const file = await documents.staffDocumentFile(c.get('deps'), c.get('staff'), idOf(c.req.param('id')));
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, documents.attachmentHeaders(file));
    })
    .post('/documents/:id/accept', async (c) => c.json(await documents.decideDocument(c.get('deps'), c.get('staff'), idOf(c.req.param('id')), { kind: 'accept' })))
    .post('/documents/:id/reject', async (c) => {
      const id = idOf(c.req.param('id'));
      const { reason } = await jsonBody(c, rejection);
      return c.json(await documents.decideDocument(c.get('deps'), c.get('staff'), id, { kind: 'reject', reason }));
    })
    .post('/documents', admin, uploadLimit, async (c) => {
      const body = await readUpload(c, publication);
      return c.json(await documents.publishDocument(c.get('deps'), c.get('staff'), { type: body.type, title: body.title, bytes: documents.decodeBase64File(body.data) }), 201);
    })
    .delete('/documents/:id', admin, async (c) => {
      await documents.unpublishDocument(c.get('deps'), c.get('staff'), idOf(c.req.param('id')));
      return c.body(null, 204);
    });
}
