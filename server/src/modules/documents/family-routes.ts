import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import * as documents from './service.js';
import { documentId, familyUpload, readUpload, uploadLimit } from './schemas.js';

/** Parents: their documents and the commune's, upload, download. */
export const documentFamilyRoutes = new Hono<AppEnv>()
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
    const file = await documents.familyDocumentFile(c.get('deps'), c.get('tenant').id, c.get('family').familyId, documentId(c.req.param('id')));
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200, documents.attachmentHeaders(file));
  });
