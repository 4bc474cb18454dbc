import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { ADMIN_ORIGIN } from './admin-fixtures.js';
import { makeContext, openTestDatabase, ORIGIN, type TestContext } from './helpers.js';
import { fillPath, routeTable, SAMPLES, type Endpoint, type Resource } from './route-table.js';
import { changedTables, fingerprint, seedWorld, type World } from './route-world.js';

/**
 * Every route of the application against every foreign actor: a second family of the same
 * commune, a family or an admin of another commune, an agent where only admins may act, no session,
 * and the right session from a foreign origin. Path ids are those of commune one's family A. Each
 * cell checks the refusal and that no row changed.
 */
const table = routeTable(makeContext(null as unknown as Database).deps);
// Logging out ends the actor's session: those routes come last so every other cell keeps its sessions.
const endpoints = [...table.endpoints].sort((x, y) => Number(/\/session$/.test(x.path) && x.method === 'DELETE') - Number(/\/session$/.test(y.path) && y.method === 'DELETE'));

const EVIL = 'https://www.ville-pirate.fr';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Actor = 'otherFamily' | 'otherCommune' | 'foreignToken' | 'agent' | 'noSession' | 'wrongOrigin';

interface Cell {
  actor: Actor;
  path: string;
  headers: Record<string, string>;
  /**
   * The refusals expected; 'own' when the route names no row and the actor may use it on its own
   * data (the answer must then hold nothing of commune one's family A); 'no-grant' for a public read
   * from a foreign origin (answered without the CORS grant); 'any' for open routes.
   */
  expect: number[] | 'own' | 'no-grant' | 'any';
  /** Tables that may change by design (recorded refusals). */
  ignore?: string[];
}

let database: Database;
let ctx: TestContext;
let world: World;
let checks = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  world = await seedWorld(ctx);
});
afterAll(async () => {
  console.info(`route matrix: ${endpoints.length} routes, ${checks} checks`);
  await database.close();
});

const targetsRow = (endpoint: Endpoint) => endpoint.params.some((p) => !['publicKey', 'group', 'file', 'provider', 'tenant', 'feedToken'].includes(p.resource));

function cells(endpoint: Endpoint): Cell[] {
  const { one, two, a, b, c, victim } = world;
  const path = (override: Partial<Record<Resource, string>> = {}) => fillPath(endpoint, (r) => override[r] ?? victim[r]);
  const refusal = targetsRow(endpoint) ? [403, 404] : 'own';
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const unsafe = UNSAFE.has(endpoint.method);
  switch (endpoint.audience) {
    case 'family':
      return [
        { actor: 'otherFamily', path: path(), headers: { Origin: ORIGIN, ...bearer(b.token) }, expect: refusal },
        { actor: 'otherCommune', path: path({ publicKey: two.publicKey }), headers: { Origin: ORIGIN, ...bearer(c.token) }, expect: refusal },
        { actor: 'foreignToken', path: path(), headers: { Origin: ORIGIN, ...bearer(c.token) }, expect: [401] },
        { actor: 'agent', path: path(), headers: { Origin: ORIGIN, Cookie: one.agent.cookie }, expect: [401] },
        { actor: 'noSession', path: path(), headers: { Origin: ORIGIN }, expect: [401] },
        { actor: 'wrongOrigin', path: path(), headers: { Origin: EVIL, ...bearer(a.token) }, expect: [403] },
      ];
    case 'tenant-public':
      // GET /config refuses another origin readably (403 with the CORS grant, no data): ADR 3.
      return [{ actor: 'wrongOrigin', path: path(), headers: { Origin: EVIL }, expect: endpoint.method === 'GET' && !endpoint.path.endsWith('/config') ? 'no-grant' : [403] }];
    case 'staff':
    case 'admin':
      return [
        { actor: 'otherFamily', path: path(), headers: { Origin: ADMIN_ORIGIN, ...bearer(a.token) }, expect: [401] },
        { actor: 'otherCommune', path: path(), headers: { Origin: ADMIN_ORIGIN, Cookie: two.admin.cookie }, expect: refusal },
        ...(endpoint.audience === 'admin' ? [{ actor: 'agent' as const, path: path(), headers: { Origin: ADMIN_ORIGIN, Cookie: one.agent.cookie }, expect: [403] }] : []),
        { actor: 'noSession', path: path(), headers: { Origin: ADMIN_ORIGIN }, expect: [401] },
        { actor: 'wrongOrigin', path: path(), headers: { Origin: EVIL, Cookie: one.admin.cookie }, expect: [403] },
      ];
    case 'staff-public':
      return [
        { actor: 'wrongOrigin', path: path(), headers: { Origin: EVIL }, expect: [403] },
        ...(unsafe ? [] : [{ actor: 'noSession' as const, path: path(), headers: { Origin: ADMIN_ORIGIN }, expect: [401] }]),
      ];
    case 'provider': {
      // Refused messages are recorded on purpose (payment_events); nothing else may move.
      const query = `?paiement=${victim.payment}`;
      return [
        { actor: 'otherCommune', path: path({ tenant: two.tenant.id }) + query, headers: {}, expect: 'any', ignore: ['payment_events'] },
        { actor: 'noSession', path: path() + query, headers: {}, expect: 'any', ignore: ['payment_events'] },
      ];
    }
    case 'public':
      return [{ actor: 'noSession', path: path(), headers: {}, expect: 'any' }];
    case 'feed':
      // Family A's revoked feed, from a calendar app and from a foreign page; and a token nobody holds.
      return [
        { actor: 'noSession', path: path(), headers: {}, expect: [410] },
        { actor: 'wrongOrigin', path: path(), headers: { Origin: EVIL }, expect: [410] },
        { actor: 'otherCommune', path: path({ feedToken: `${'A'.repeat(43)}.ics` }), headers: { Origin: EVIL }, expect: [404] },
      ];
    case 'demo':
      // The test app runs without demo mode: the mailbox and the sandboxes must not exist there.
      return [{ actor: 'noSession', path: path(), headers: {}, expect: [404] }];
  }
}

describe('the route table', () => {
  it('classifies every route of the application (add new ones to route-table.ts when this fails)', () => {
    expect(table.unknown).toEqual([]);
    expect(endpoints.length).toBeGreaterThan(100);
  });
});

/** The last fingerprint of both communes: each cell asserts it did not move, so it is the next cell's "before". */
let current: Record<string, string> | undefined;

describe.each(endpoints.map((e) => [`${e.method} ${e.path} (${e.audience})`, e] as const))('%s', (_name, endpoint) => {
  it('refuses every foreign actor and changes nothing', async () => {
    const tenants = [world.one.tenant.id, world.two.tenant.id];
    // Rows of family A for family routes (family B shares its commune), the whole commune one otherwise.
    const victimScope = () => fingerprint(ctx, [world.one.tenant.id], endpoint.audience === 'family' ? world.secrets : []);
    const sample = SAMPLES[`${endpoint.method} ${endpoint.path}`]?.((r) => world.victim[r]) ?? {};
    for (const cell of cells(endpoint)) {
      const method = endpoint.method === 'ALL' ? 'GET' : endpoint.method;
      const headers: Record<string, string> = { 'Idempotency-Key': `matrix-${checks}`, ...cell.headers };
      const unsafe = UNSAFE.has(method);
      if (unsafe) headers['Content-Type'] = 'application/json';
      current ??= await fingerprint(ctx, tenants);
      const victimBefore = cell.expect === 'own' ? await victimScope() : undefined;
      const res = await ctx.app.request(cell.path + (sample.query ?? ''), { method, headers, body: unsafe ? JSON.stringify(sample.body ?? {}) : undefined });
      const text = await res.text();
      const before = current;
      current = await fingerprint(ctx, tenants);
      const label = `${cell.actor}: ${res.status} ${text.slice(0, 200)}`;
      // The static files answer 503 until the bundles are built; nothing else may fail.
      const unbuilt = endpoint.audience === 'public' && res.status === 503 && /_absent"/.test(text);
      if (!unbuilt) expect(res.status, label).toBeLessThan(500);
      if (Array.isArray(cell.expect)) expect(cell.expect, label).toContain(res.status);
      if (cell.expect === 'own') {
        for (const secret of world.secrets) expect(text.includes(secret), `${label} leaks ${secret}`).toBe(false);
      }
      if (cell.expect === 'no-grant') expect(res.headers.get('access-control-allow-origin'), label).toBeNull();
      const ignore = new Set(cell.ignore ?? []);
      if (res.status >= 400 || !victimBefore) {
        expect(changedTables(before, current).filter((t) => !ignore.has(t)), `${label}: rows changed`).toEqual([]);
      } else {
        expect(changedTables(victimBefore, await victimScope()), `${label}: family A's rows changed`).toEqual([]);
      }
      checks += 2;
    }
  });
});
