import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/src/db/client.js';
import { errorHandler } from '../../server/src/http/error-handler.js';
import type { AppEnv } from '../../server/src/http/context.js';
import type { LogLine } from '../../server/src/deps.js';
import { makeContext, openTestDatabase, seedTenant, ORIGIN } from './helpers.js';

/** A loopback port with nothing listening on it. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The error handler alone, behind a route that throws what the driver would. */
function throwing(err: unknown) {
  const logs: LogLine[] = [];
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('requestId', 'req-1');
      c.set('deps', { log: (line: LogLine) => logs.push(line) } as never);
      await next();
    })
    .get('/', () => {
      throw err;
    });
  app.onError(errorHandler);
  return { app, logs };
}

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
/** Drizzle's wrapper: the driver's error is its cause, its message quotes the query. */
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: select 1\nparams: secret@exemple.fr'), { cause });

describe('database unreachable', () => {
  it.each([
    ['postgres.js connection cut', withCode('CONNECTION_CLOSED')],
    ['postgres.js connection cut, wrapped by Drizzle', wrapped(withCode('CONNECTION_CLOSED'))],
    ['connection refused, wrapped', wrapped(withCode('ECONNREFUSED'))],
    ['connection reset', withCode('ECONNRESET')],
    ['connection ended', withCode('CONNECTION_ENDED')],
    ['connect timeout', wrapped(withCode('CONNECT_TIMEOUT'))],
    ['server shutting down (admin_shutdown)', wrapped(withCode('57P01'))],
    ['server starting up (cannot_connect_now)', withCode('57P03')],
    ['connection failure (class 08)', withCode('08006')],
  ])('%s: 503 with Retry-After and a French message', async (_label, err) => {
    const { app, logs } = throwing(err);
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await res.json()).toEqual({
      code: 'service_indisponible',
      message: 'Le service est momentanément indisponible. Veuillez réessayer dans quelques instants.',
      requestId: 'req-1',
    });
    // The log says what happened without the query or its parameters.
    expect(JSON.stringify(logs)).not.toContain('exemple.fr');
    expect(logs).toEqual([expect.objectContaining({ event: 'base_injoignable' })]);
  });

  it.each([
    ['a unique violation', wrapped(withCode('23505'))],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s stays a 500 without Retry-After', async (_label, err) => {
    const res = await throwing(err).app.request('/');
    expect(res.status).toBe(500);
    expect(res.headers.get('Retry-After')).toBeNull();
    expect((await res.json()).code).toBe('erreur_interne');
  });

  it('answers 503 in moments, not 500, when PostgreSQL refuses connections', async () => {
    const database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/portail`, max: 2 });
    try {
      const ctx = makeContext(database);
      const started = Date.now();
      const res = await ctx.app.request('/v1/t/pk_test_0123456789abcdef01234567/config', { headers: { Origin: ORIGIN } });
      expect(res.status).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      expect((await res.json()).code).toBe('service_indisponible');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await database.close();
    }
  });
});

// Cutting a live connection needs a real PostgreSQL behind a proxy this test controls.
describe.runIf(process.env.TEST_DB === 'postgres')('connection cut in a transaction (PostgreSQL)', () => {
  let shared: Database;
  let proxy: Server;
  const sockets = new Set<Socket>();
  let database: Database;

  beforeAll(async () => {
    shared = await openTestDatabase();
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ]) {
        sockets.add(a);
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => (b.destroy(), sockets.delete(a)));
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = new URL(target);
    url.host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    database = await openDatabase({ url: url.toString(), max: 2 });
  });
  afterAll(async () => {
    await database.close();
    await new Promise((resolve) => proxy.close(resolve));
    await shared.close();
  });

  it('fails the transaction with a connection error, keeps the process alive and reconnects', async () => {
    const town = await seedTenant(makeContext(shared));
    const cut = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await tx.execute(sql`select pg_sleep(2)`);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const socket of sockets) socket.destroy();
    const err = await cut.then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as { code?: string })?.code).toBe('CONNECTION_CLOSED');
    // The driver's own ROLLBACK on the dead socket used to throw from a timer and end the process.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 4; i++) {
      const rows = await database.db.transaction((tx) => tx.execute(sql`select id from tenants where id = ${town.tenant.id}`));
      expect([...(rows as unknown as unknown[])]).toHaveLength(1);
    }
  });
});
