import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { addressGroup } from '../../server/src/modules/throttle/service.js';
import { call, makeContext, openTestDatabase, seedFamily, seedTenant, testHasher, unique, type TestContext } from './helpers.js';

/**
 * Failed logins are counted before the password is checked, per account whatever identifier is
 * typed, and per client address (an IPv6 /64 being one address).
 */

let database: Database;
let ctx: TestContext;
let town: Awaited<ReturnType<typeof seedTenant>>;
let verifications = 0;
const PASSWORD = 'cantine du lundi 2026';

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, {
    hasher: {
      hash: (password) => testHasher.hash(password),
      verify: (password, stored) => {
        verifications += 1;
        return testHasher.verify(password, stored);
      },
    },
  });
  town = await seedTenant(ctx);
});
afterAll(() => database.close());

const login = (body: unknown, ip = `198.51.100.${Math.floor(Math.random() * 250)}`) =>
  call(ctx, 'POST', `${town.base}/session`, { body, headers: { 'X-Forwarded-For': ip } });

describe('login throttling under concurrency', () => {
  it('checks exactly 5 passwords out of 20 parallel wrong ones on one account', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    verifications = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login({ login: email, password: `mauvais ${i}` })));
    const statuses = answers.map((r) => r.status);
    expect(verifications).toBe(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });
});

describe('what a limit counts', () => {
  it('counts failures per account, whether the e-mail or the family number is typed', async () => {
    const { email, number } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await login({ login: email, password: 'mauvais mot de passe' })).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await login({ login: number, password: 'mauvais mot de passe' })).status).toBe(401);
    const byNumber = await login({ login: number.toLowerCase(), password: PASSWORD });
    expect(byNumber.status).toBe(429);
    expect((await login({ login: email, password: PASSWORD })).status).toBe(429);
  });

  it('counts an unknown identifier per client address, so one address cannot lock it for others', async () => {
    const ghost = `${unique('ghost')}@exemple.fr`;
    for (let i = 0; i < 5; i++) expect((await login({ login: ghost, password: 'mauvais' }, '203.0.113.7')).status).toBe(401);
    expect((await login({ login: ghost, password: 'mauvais' }, '203.0.113.7')).status).toBe(429);
    expect((await login({ login: ghost, password: 'mauvais' }, '203.0.113.8')).status).toBe(401);
  });

  it('treats a whole IPv6 /64 as one client address', async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:42`;
    for (let i = 1; i <= 50; i++) {
      expect((await login({ login: `${unique('spray')}@exemple.fr`, password: 'mauvais' }, `${prefix}::${i.toString(16)}`)).status).toBe(401);
    }
    const sameNetwork = await login({ login: `${unique('spray')}@exemple.fr`, password: 'mauvais' }, `${prefix}:ffff:1:2:3`);
    expect(sameNetwork.status).toBe(429);
    expect(Number(sameNetwork.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login({ login: `${unique('spray')}@exemple.fr`, password: 'mauvais' }, `${prefix.replace(/42$/, '43')}::1`)).status).toBe(401);
  });

  it('does not count successful logins against the client address', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const ip = '192.0.2.200';
    for (let i = 0; i < 55; i++) expect((await login({ login: email, password: PASSWORD }, ip)).status).toBe(201);
  });
});

describe('address groups', () => {
  it('keeps IPv4 addresses and groups IPv6 by /64', () => {
    expect(addressGroup('192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('2001:db8:0:42::1')).toBe('2001:db8:0:42::/64');
    expect(addressGroup('2001:0DB8:0000:0042:abcd:1:2:3')).toBe('2001:db8:0:42::/64');
    expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('inconnue')).toBe('inconnue');
  });
});
