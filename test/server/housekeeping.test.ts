import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { familySessions, idempotencyKeys, oneTimeCodes, rateLimits } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { FakeClock } from '../../server/src/clock.js';
import type { LogLine } from '../../server/src/deps.js';
import { housekeeping } from '../../server/src/jobs/housekeeping.js';
import { sha256 } from '../../server/src/security/tokens.js';
import { startServer } from '../../server/src/start.js';
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

  it('runs from the server start even when no SMTP server is configured', async () => {
    const town = await seedTenant(ctx);
    const { family } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
    // The same early "now" as above, so that rows of test files running beside this one stay.
    const clock = new FakeClock(new Date('2026-07-01T00:00:00Z'));
    const old = new Date('2026-05-01T00:00:00Z');
    const sessionHash = sha256(unique('ended-'));
    await database.db.insert(familySessions).values({ tenantId: town.tenant.id, familyId: family.id, tokenHash: sessionHash, lastSeenAt: old, expiresAt: old });
    const codeHash = sha256(unique('code-'));
    await database.db.insert(oneTimeCodes).values({ tenantId: town.tenant.id, familyId: family.id, purpose: 'reset', codeHash, expiresAt: old });
    const key = unique('key-');
    await database.db.insert(idempotencyKeys).values({ tenantId: town.tenant.id, actor: `family:${family.id}`, key, requestHash: 'x', status: 200, response: {}, createdAt: old });

    const logs: LogLine[] = [];
    const server = await startServer({ port: 0, encryptionKey: Buffer.alloc(32, 7).toString('base64'), database, clock, log: (line) => logs.push(line) });
    try {
      expect(logs.some((line) => line.event === 'smtp_absent')).toBe(true);
      const left = async () =>
        (await database.db.select().from(familySessions).where(eq(familySessions.tokenHash, sessionHash))).length +
        (await database.db.select().from(oneTimeCodes).where(eq(oneTimeCodes.codeHash, codeHash))).length +
        (await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).length;
      const end = Date.now() + 10_000;
      while ((await left()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await left()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
