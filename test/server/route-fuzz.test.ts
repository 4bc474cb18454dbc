import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { ADMIN_ORIGIN } from './admin-fixtures.js';
import { makeContext, openTestDatabase, ORIGIN, type TestContext } from './helpers.js';
import { fillPath, routeTable, type Endpoint } from './route-table.js';
import { changedTables, fingerprint, seedWorld, type World } from './route-world.js';

/**
 * Fuzzed bodies, query strings and path ids over every route of the route table, sent by the
 * actor the route is for (family A, commune one's admin): never a 5xx, and a 4xx changes no row.
 * Fixed seed, a few runs per route, so the whole file stays within a minute.
 */
const table = routeTable(makeContext(null as unknown as Database).deps);
const endpoints = table.endpoints.filter((e) => ['family', 'tenant-public', 'staff', 'admin', 'staff-public'].includes(e.audience) && !/\/session$/.test(e.path));
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RUNS = 4;

let database: Database;
let ctx: TestContext;
let world: World;
let tried = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  world = await seedWorld(ctx);
});
afterAll(async () => {
  console.info(`route fuzz: ${endpoints.length} routes, ${tried} inputs`);
  await database.close();
});

const json = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null))));
const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom('0', '-1', '..', '%00', '2026-02-30'));
const query = fc.dictionary(fc.constantFrom('from', 'to', 'q', 'what', 'month', 'day', 'status', 'page', 'childId'), fc.string({ maxLength: 20 }), { maxKeys: 3 });

function send(endpoint: Endpoint, ids: string, body: unknown, params: Record<string, string>) {
  const path = fillPath(endpoint, (r) => (r === 'publicKey' ? world.victim.publicKey : ids));
  const headers: Record<string, string> = { 'Idempotency-Key': `fuzz-${tried}` };
  if (endpoint.audience === 'family' || endpoint.audience === 'tenant-public') {
    headers.Origin = ORIGIN;
    headers.Authorization = `Bearer ${world.a.token}`;
  } else {
    headers.Origin = ADMIN_ORIGIN;
    headers.Cookie = world.one.admin.cookie;
  }
  const unsafe = UNSAFE.has(endpoint.method);
  if (unsafe) headers['Content-Type'] = 'application/json';
  const search = new URLSearchParams(params).toString();
  return ctx.app.request(path + (search ? `?${search}` : ''), { method: endpoint.method, headers, body: unsafe ? JSON.stringify(body) : undefined });
}

describe.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', (_name, endpoint) => {
  it('never answers 5xx, and a refusal changes nothing', async () => {
    const tenants = [world.one.tenant.id, world.two.tenant.id];
    await fc.assert(
      fc.asyncProperty(id, json, query, async (ids, body, params) => {
        tried++;
        const before = await fingerprint(ctx, tenants);
        const res = await send(endpoint, ids, body, params);
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBeLessThan(500);
        if (res.status >= 400) expect(changedTables(before, await fingerprint(ctx, tenants))).toEqual([]);
      }),
      { seed: 20261205, numRuns: RUNS },
    );
  });
});
