import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { jsonBody } from '../../http/validate.js';
import { requireAdmin } from '../../http/staff-auth.js';
import * as documents from './service.js';
import { documentId, publication, readUpload, rejection, statusFilter, uploadLimit } from './schemas.js';

/**
 * Staff, mounted behind requireStaff on the staff API: agents check the parents' documents, admins
 * publish the commune's own. Middleware is per route so that nothing leaks onto sibling routes.
 */
export function documentStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/documents', async (c) => c.json(await documents.listCommuneDocuments(c.get('deps'), c.get('staff').tenantId, statusFilter.parse(c.req.query('status')))))
    .get('/documents/:id/file', async (c) => {
      const file = await documents.staffDocumentFile(c.get('deps'), c.get('staff'), documentId(c.req.param('id')));
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, documents.attachmentHeaders(file));
    })
    .post('/documents/:id/accept', async (c) => c.json(await documents.decideDocument(c.get('deps'), c.get('staff'), documentId(c.req.param('id')), { kind: 'accept' })))
    .post('/documents/:id/reject', async (c) => {
      const id = documentId(c.req.param('id'));
      const { reason } = await jsonBody(c, rejection);
      return c.json(await documents.decideDocument(c.get('deps'), c.get('staff'), id, { kind: 'reject', reason }));
    })
    .post('/documents', admin, uploadLimit, async (c) => {
      const body = await readUpload(c, publication);
      return c.json(await documents.publishDocument(c.get('deps'), c.get('staff'), { type: body.type, title: body.title, bytes: documents.decodeBase64File(body.data) }), 201);
    })
    .delete('/documents/:id', admin, async (c) => {
      await documents.unpublishDocument(c.get('deps'), c.get('staff'), documentId(c.req.param('id')));
      return c.body(null, 204);
    });
}
