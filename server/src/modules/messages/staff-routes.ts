import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { jsonBody } from '../../http/validate.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { attachmentHeaders } from '../documents/service.js';
import * as inbox from './staff-inbox.js';
import { replyAsTown, startAsTown } from './staff-writes.js';
import * as templates from './templates.js';
import { listBulks, previewBulk, sendBulk } from './bulk.js';
import { saveMessageSettings, staffMessageSettings } from './settings.js';
import {
  assigneeQuery,
  attachmentId,
  bulkMessageBody,
  bulkPreviewBody,
  conversationChange,
  conversationId,
  familyQuery,
  messageSettingsBody,
  noteBody,
  pageQuery,
  searchQuery,
  staffFilter,
  staffNewConversationBody,
  staffReplyBody,
  templateBody,
  templateId,
  withFilesLimit,
} from './schemas.js';

/**
 * Staff, mounted behind requireStaff: agents and admins run the inbox, templates and messages to
 * many families; only admins change the commune's contact, help and message settings.
 */
export function messageStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/messages', async (c) =>
      c.json(
        await inbox.listInbox(c.get('deps'), c.get('staff'), {
          state: staffFilter.parse(c.req.query('state')),
          q: searchQuery.parse(c.req.query('q') ?? ''),
          assignee: assigneeQuery.parse(c.req.query('assignee')),
          familyId: familyQuery.parse(c.req.query('familyId')),
          page: pageQuery.parse(c.req.query('page') ?? '1'),
        }),
      ),
    )
    .post('/messages', withFilesLimit, async (c) => c.json(await startAsTown(c.get('deps'), c.get('staff'), await jsonBody(c, staffNewConversationBody)), 201))
    .get('/messages/bulk', async (c) => c.json(await listBulks(c.get('deps'), c.get('staff').tenantId)))
    .post('/messages/bulk/preview', async (c) => c.json(await previewBulk(c.get('deps'), c.get('staff'), (await jsonBody(c, bulkPreviewBody)).target)))
    .post('/messages/bulk', async (c) => c.json(await sendBulk(c.get('deps'), c.get('staff'), await jsonBody(c, bulkMessageBody)), 201))
    .get('/messages/:id', async (c) => c.json(await inbox.openConversation(c.get('deps'), c.get('staff'), conversationId(c.req.param('id')))))
    .patch('/messages/:id', async (c) => {
      const id = conversationId(c.req.param('id'));
      return c.json(await inbox.changeConversation(c.get('deps'), c.get('staff'), id, await jsonBody(c, conversationChange)));
    })
    .post('/messages/:id/replies', withFilesLimit, async (c) => {
      const id = conversationId(c.req.param('id'));
      return c.json(await replyAsTown(c.get('deps'), c.get('staff'), id, await jsonBody(c, staffReplyBody)), 201);
    })
    .post('/messages/:id/notes', async (c) => {
      const id = conversationId(c.req.param('id'));
      return c.json(await inbox.addNote(c.get('deps'), c.get('staff'), id, (await jsonBody(c, noteBody)).body), 201);
    })
    .get('/messages/:id/attachments/:attachmentId', async (c) => {
      const file = await inbox.staffAttachment(c.get('deps'), c.get('staff'), conversationId(c.req.param('id')), attachmentId(c.req.param('attachmentId')));
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, attachmentHeaders(file));
    })
    .get('/message-templates', async (c) => c.json(await templates.listTemplates(c.get('deps'), c.get('staff').tenantId)))
    .post('/message-templates', async (c) => c.json(await templates.createTemplate(c.get('deps'), c.get('staff'), await jsonBody(c, templateBody)), 201))
    .put('/message-templates/:id', async (c) => {
      const id = templateId(c.req.param('id'));
      return c.json(await templates.updateTemplate(c.get('deps'), c.get('staff'), id, await jsonBody(c, templateBody)));
    })
    .delete('/message-templates/:id', async (c) => c.json(await templates.deleteTemplate(c.get('deps'), c.get('staff'), templateId(c.req.param('id')))))
    .get('/message-settings', async (c) => c.json(await staffMessageSettings(c.get('deps'), c.get('staff').tenantId)))
    .put('/message-settings', admin, async (c) => c.json(await saveMessageSettings(c.get('deps'), c.get('staff'), await jsonBody(c, messageSettingsBody))));
}
