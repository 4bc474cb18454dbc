import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { jsonBody } from '../../http/validate.js';
import { attachmentHeaders } from '../documents/service.js';
import * as family from './family.js';
import { myRequests } from './requests.js';
import { readMailPreferences, saveMailPreferences } from './preferences.js';
import { attachmentId, conversationId, mailPreferencesBody, newConversationBody, replyBody, withFilesLimit } from './schemas.js';

/** Parents: their conversations with the town hall, "Mes demandes", their e-mail choices. */
export const messageFamilyRoutes = new Hono<AppEnv>()
  .use('/messages', requireFamily())
  .use('/messages/*', requireFamily())
  .use('/demandes', requireFamily())
  .use('/mail-preferences', requireFamily())
  .get('/messages', async (c) => c.json(await family.listConversations(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .get('/messages/unread', async (c) => c.json({ unread: await family.unreadCount(c.get('deps').database.db, c.get('tenant').id, c.get('family').familyId) }))
  .post('/messages', withFilesLimit, async (c) => {
    const body = await jsonBody(c, newConversationBody);
    return c.json(await family.startConversation(c.get('deps'), c.get('tenant').id, c.get('family').familyId, body), 201);
  })
  .get('/messages/:id', async (c) => c.json(await family.readConversation(c.get('deps'), c.get('tenant').id, c.get('family').familyId, conversationId(c.req.param('id')))))
  .post('/messages/:id/replies', withFilesLimit, async (c) => {
    const id = conversationId(c.req.param('id'));
    const body = await jsonBody(c, replyBody);
    return c.json(await family.replyAsFamily(c.get('deps'), c.get('tenant').id, c.get('family').familyId, id, body), 201);
  })
  .post('/messages/:id/read', async (c) => c.json(await family.markRead(c.get('deps'), c.get('tenant').id, c.get('family').familyId, conversationId(c.req.param('id')))))
  .get('/messages/:id/attachments/:attachmentId', async (c) => {
    const file = await family.familyAttachment(c.get('deps'), c.get('tenant').id, c.get('family').familyId, conversationId(c.req.param('id')), attachmentId(c.req.param('attachmentId')));
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200, attachmentHeaders(file));
  })
  .get('/demandes', async (c) => c.json(await myRequests(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .get('/mail-preferences', async (c) => c.json(await readMailPreferences(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .put('/mail-preferences', async (c) => {
    const body = await jsonBody(c, mailPreferencesBody);
    return c.json(await saveMailPreferences(c.get('deps'), c.get('tenant').id, c.get('family').familyId, body));
  });
