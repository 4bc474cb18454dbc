/** A child's private calendar feed (ADR 18): create, show, regenerate and revoke its address. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { calendarFeeds, children } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { newToken, sha256 } from '../../security/tokens.js';
import type { CalendarFeed, CalendarFeeds } from '../../contracts/index.js';

/** The public path of a feed; the token is its only credential (43 base64url characters, 256 bits). */
export const feedPath = (token: string) => `/v1/agenda/${token}.ics`;

export function feedAddresses(publicUrl: string, token: string) {
  const url = new URL(feedPath(token), publicUrl).toString();
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}

const childMissing = () => notFound('Cet enfant est introuvable.');

async function checkChild(db: Db | Tx, tenantId: string, familyId: string, childId: string) {
  const [child] = await db
    .select({ id: children.id, firstName: children.firstName })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId), eq(children.id, childId)));
  if (!child) throw childMissing();
  return child;
}

function present(deps: Deps, row: { childId: string; sealedToken: string; createdAt: Date }): CalendarFeed {
  return { childId: row.childId, ...feedAddresses(deps.publicUrl, deps.encryption.decrypt(row.sealedToken)), createdAt: row.createdAt.toISOString() };
}

/** The live feeds of the family's children, one per child that has one. */
export async function listFeeds(deps: Deps, tenantId: string, familyId: string): Promise<CalendarFeeds> {
  const rows = await deps.database.db
    .select({ childId: calendarFeeds.childId, sealedToken: calendarFeeds.sealedToken, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tenantId, tenantId), eq(calendarFeeds.familyId, familyId), isNull(calendarFeeds.revokedAt)))
    .orderBy(asc(calendarFeeds.createdAt));
  return { feeds: rows.map((row) => present(deps, row)) };
}

async function insertFeed(deps: Deps, tx: Tx, tenantId: string, familyId: string, childId: string) {
  const token = newToken();
  const [row] = await tx
    .insert(calendarFeeds)
    .values({ tenantId, familyId, childId, tokenHash: sha256(token), sealedToken: deps.encryption.encrypt(token), createdAt: deps.clock.now() })
    .returning();
  return row!;
}

async function liveFeed(tx: Tx, tenantId: string, childId: string) {
  const [row] = await tx
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tenantId, tenantId), eq(calendarFeeds.childId, childId), isNull(calendarFeeds.revokedAt)))
    .for('update');
  return row;
}

/**
 * The child's feed, created when it has none: asking twice gives the same address. `fresh`
 * revokes the current address first (its calendars stop updating) and gives a new one.
 */
export async function openFeed(deps: Deps, tenantId: string, familyId: string, childId: string, fresh = false): Promise<{ feed: CalendarFeed; created: boolean }> {
  return deps.database.db.transaction(async (tx) => {
    await checkChild(tx, tenantId, familyId, childId);
    // The child row, locked: two requests for the same child wait for each other instead of racing on the unique index.
    await tx.select({ id: children.id }).from(children).where(and(eq(children.tenantId, tenantId), eq(children.id, childId))).for('update');
    const current = await liveFeed(tx, tenantId, childId);
    if (current && !fresh) return { feed: present(deps, current), created: false };
    if (current) await tx.update(calendarFeeds).set({ revokedAt: deps.clock.now() }).where(and(eq(calendarFeeds.tenantId, tenantId), eq(calendarFeeds.id, current.id)));
    return { feed: present(deps, await insertFeed(deps, tx, tenantId, familyId, childId)), created: true };
  });
}

/** Revokes the child's feed: its address answers 410 from now on. Revoking twice changes nothing. */
export async function revokeFeed(deps: Deps, tenantId: string, familyId: string, childId: string): Promise<CalendarFeeds> {
  await deps.database.db.transaction(async (tx) => {
    await checkChild(tx, tenantId, familyId, childId);
    await tx
      .update(calendarFeeds)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(calendarFeeds.tenantId, tenantId), eq(calendarFeeds.childId, childId), isNull(calendarFeeds.revokedAt)));
  });
  return listFeeds(deps, tenantId, familyId);
}
