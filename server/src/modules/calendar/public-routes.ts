import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { scopeToTenant } from '../../http/context.js';
import { calendarFeeds, tenants } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { sha256 } from '../../security/tokens.js';
import { feedCalendar } from './feed-content.js';

/** `<43 base64url characters>.ics`: anything else is refused before the database is asked. */
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

const unknownFeed = () => new ApiError(404, 'agenda_introuvable', 'Cet agenda est introuvable.');

/**
 * GET /v1/agenda/{token}.ics, read by calendar apps: no Origin, no session, no CORS grant. The
 * token names one child's feed and grants nothing else; the commune is found from it (owner
 * connection, like the tenant gate's key lookup), then the feed is read as that commune (ADR 9, 18).
 */
export const calendarPublicRoutes = new Hono<AppEnv>().get('/:token', async (c) => {
  const token = FEED_FILE.exec(c.req.param('token'))?.[1];
  if (!token) throw unknownFeed();
  const deps = c.get('deps');
  const [feed] = await deps.database.db
    .select({ tenantId: calendarFeeds.tenantId, tenantName: tenants.name, childId: calendarFeeds.childId, revokedAt: calendarFeeds.revokedAt })
    .from(calendarFeeds)
    .innerJoin(tenants, eq(tenants.id, calendarFeeds.tenantId))
    .where(eq(calendarFeeds.tokenHash, sha256(token)))
    .limit(1);
  if (!feed) throw unknownFeed();
  // Gone, not missing: a calendar app may stop asking.
  if (feed.revokedAt) throw new ApiError(410, 'agenda_revoque', 'Cet agenda a été désactivé par la famille.');
  scopeToTenant(c, feed.tenantId);
  const calendar = await feedCalendar(c.get('deps').database.db, feed, deps.clock.now());
  if (!calendar) throw unknownFeed();

  const etag = `"${createHash('sha256').update(calendar.text).digest('base64url').slice(0, 32)}"`;
  c.header('ETag', etag);
  c.header('Last-Modified', calendar.lastModified.toUTCString());
  // Personal data: the calendar app may keep it, but asks again every time; no shared cache keeps it.
  c.header('Cache-Control', 'private, no-cache');
  c.header('X-Robots-Tag', 'noindex');
  const asked = c.req.header('if-none-match');
  if (asked && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', 'inline; filename="agenda.ics"');
  return c.body(calendar.text);
});
