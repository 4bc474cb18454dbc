import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { idParam } from '../../http/validate.js';
import { listFeeds, openFeed, revokeFeed } from './feeds.js';

const childParam = (value: string) => idParam(value, 'Cet enfant est introuvable.');

/** Parents: each child's private calendar feed, shown in the family file (ADR 18). */
export const calendarFamilyRoutes = new Hono<AppEnv>()
  .use('/agenda', requireFamily())
  .use('/agenda/*', requireFamily())
  .get('/agenda', async (c) => c.json(await listFeeds(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .post('/agenda/children/:childId', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const { feed, created } = await openFeed(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId);
    return c.json({ feed }, created ? 201 : 200);
  })
  .post('/agenda/children/:childId/regenerate', async (c) => {
    const childId = childParam(c.req.param('childId'));
    const { feed } = await openFeed(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId, true);
    return c.json({ feed }, 201);
  })
  .delete('/agenda/children/:childId', async (c) => {
    const childId = childParam(c.req.param('childId'));
    return c.json(await revokeFeed(c.get('deps'), c.get('tenant').id, c.get('family').familyId, childId));
  });
