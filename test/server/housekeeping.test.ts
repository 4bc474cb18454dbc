import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { familySessions, idempotencyKeys, oneTimeCodes, rateLimits } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { housekeeping } from '../../server/src/jobs/housekeeping.js';
import { sha256 } from '../../server/src/security/tokens.js';
import { call, makeContext, openTestDatabase, seedFamily, seedTenant, unique, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

describe('housekeeping', () => {
  it('removes ended sessions, spent throttling windows, old codes and old idempotency answers, and keeps the rest', async () => {
    const town = await seedTenant(ctx);
    const { email, family } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
    const { token: live } = await (await call(ctx, 'POST', `${town.base}/session`, { body: { login: email, password: 'un mot de passe solide' }, headers: { 'X-Forwarded-For': unique('ip-') } })).json();
    // A "now" before every other test's clock: the PostgreSQL database is shared with test files
    // running at the same time, and housekeeping is global by design.
    const now = new Date('2026-07-01T00:00:00Z');
    const old = new Date('2026-05-01T00:00:00Z');
    const oldSessionHash = sha256(unique('ended-'));
    await database.db.insert(familySessions).values({ tenantId: town.tenant.id, familyId: family.id, tokenHash: oldSessionHash, lastSeenAt: old, expiresAt: old });
    const spent = sha256(unique('bucket-'));
    await database.db.insert(rateLimits).values({ bucket: spent, count: 5, windowEndsAt: old });
    const oldCode = sha256(unique('code-'));
    await database.db.insert(oneTimeCodes).values({ tenantId: town.tenant.id, familyId: family.id, purpose: 'reset', codeHash: oldCode, expiresAt: old });
    const oldKey = unique('key-');
    await database.db.insert(idempotencyKeys).values({ tenantId: town.tenant.id, actor: `family:${family.id}`, key: oldKey, requestHash: 'x', status: 200, response: {}, createdAt: old });

    const removed = await housekeeping(database.db, now);
    expect(removed.sessions).toBeGreaterThanOrEqual(1);

    expect(await database.db.select().from(familySessions).where(eq(familySessions.tokenHash, oldSessionHash))).toHaveLength(0);
    expect(await database.db.select().from(rateLimits).where(eq(rateLimits.bucket, spent))).toHaveLength(0);
    expect(await database.db.select().from(oneTimeCodes).where(eq(oneTimeCodes.codeHash, oldCode))).toHaveLength(0);
    expect(await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, oldKey))).toHaveLength(0);
    // The live session still works.
    expect((await call(ctx, 'GET', `${town.base}/me`, { token: live })).status).toBe(200);
  });
});
