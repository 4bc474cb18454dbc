import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
let dir: string;
const ENTRY = 'import("./chunks/portail-login-abc123.js");\n';

beforeAll(async () => {
  database = await openTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'portail-widget-'));
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'portail.js'), ENTRY);
  writeFileSync(join(dir, 'chunks/portail-login-abc123.js'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'secret.txt'), 'ne doit pas sortir');
  ctx = makeContext(database, { widgetDir: dir });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database.close();
});

const version = () => createHash('sha256').update(ENTRY).digest('hex').slice(0, 12);

describe('widget bundle', () => {
  it('serves /widget/v1/portail.js to any origin with a short cache', async () => {
    const res = await ctx.app.request('/widget/v1/portail.js', { headers: { Origin: 'https://www.nimporte-quelle-ville.fr' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(ENTRY);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('serves the same file at an immutable versioned path, with its chunks', async () => {
    const pinned = await ctx.app.request(`/widget/v1/${version()}/portail.js`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const integrity = 'sha384-' + createHash('sha384').update(await pinned.text()).digest('base64');
    expect(integrity).toBe('sha384-' + createHash('sha384').update(ENTRY).digest('base64'));
    const chunk = await ctx.app.request(`/widget/v1/${version()}/chunks/portail-login-abc123.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing else from the build folder', async () => {
    for (const path of ['/widget/v1/secret.txt', '/widget/v1/../package.json', '/widget/v1/chunks/../../secret.txt', '/widget/v1/deadbeef0000/portail.js']) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('has no mailbox page outside demo mode, and one in demo mode', async () => {
    expect((await ctx.app.request('/mailbox')).status).toBe(404);
    const demo = makeContext(database, { demo: true });
    const res = await demo.app.request('/mailbox');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Boîte aux lettres de démonstration');
  });

  it('answers /health', async () => {
    const res = await ctx.app.request('/health');
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
