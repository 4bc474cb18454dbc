import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, ORIGIN, seedTenant, type TestContext } from './helpers.js';
import { ADMIN_ORIGIN } from './admin-fixtures.js';

/**
 * A body is read as it arrives and only up to the route's limit: a chunked upload that declares
 * no length is cut at the limit with a French 413, not read whole into memory first.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const CHUNK = 16 * 1024;
const FIFTY_MB = 50 * 1024 * 1024;

/** A body of `total` bytes of JSON-looking text, made on demand, that counts what was pulled from it. */
function endlessBody(total = FIFTY_MB) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode('{"login":"' + 'a'.repeat(CHUNK - 10));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function post(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return ctx.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);
}

describe('bodies without a declared length', () => {
  it('stops reading a family login at 64 KB with a French 413', async () => {
    const town = await seedTenant(ctx);
    const { stream, counter } = endlessBody();
    const res = await post(`${town.base}/session`, stream, { Origin: ORIGIN });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'trop_volumineux', message: 'La requête est trop volumineuse.' });
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + CHUNK);
  });

  it('stops reading a staff login at 64 KB with a French 413', async () => {
    const { stream, counter } = endlessBody();
    const res = await post('/admin/api/session', stream, { Origin: ADMIN_ORIGIN });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe('La requête est trop volumineuse.');
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + CHUNK);
  });

  it('stops reading a payment provider’s notification at 32 KB, without session or origin', async () => {
    const town = await seedTenant(ctx);
    const { stream, counter } = endlessBody();
    const res = await ctx.app.request(`/v1/paiement/${town.tenant.id}/payfip/notification`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('Notification trop volumineuse.');
    expect(counter.pulled).toBeLessThanOrEqual(32 * 1024 + CHUNK);
  });

  it('refuses a declared length over the limit without reading anything', async () => {
    const town = await seedTenant(ctx);
    const { stream, counter } = endlessBody();
    const res = await post(`${town.base}/session`, stream, { Origin: ORIGIN, 'Content-Length': String(FIFTY_MB) });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBe(0);
  });

  it('still reads a body under the limit in many small pieces', async () => {
    const town = await seedTenant(ctx);
    const json = new TextEncoder().encode(JSON.stringify({ login: 'personne@exemple.fr', password: 'mauvais mot de passe' }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < json.length; i += 7) controller.enqueue(json.slice(i, i + 7));
        controller.close();
      },
    });
    const res = await post(`${town.base}/session`, stream, { Origin: ORIGIN, 'X-Forwarded-For': '203.0.113.77' });
    expect(res.status).toBe(401);
  });
});

describe('through a real socket', () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 413 to a chunked 50 MB login long before the sender is done', async () => {
    const town = await seedTenant(ctx);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `${town.base}/session`, headers: { 'Content-Type': 'application/json', Origin: ORIGIN, 'Transfer-Encoding': 'chunked' } });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (data: string) => (body += data));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const send = () => {
        while (!answered && written < FIFTY_MB) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', send);
        }
        if (!answered) req.end();
      };
      send();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toBe('La requête est trop volumineuse.');
    expect(written).toBeLessThan(FIFTY_MB / 2);
  });
});
