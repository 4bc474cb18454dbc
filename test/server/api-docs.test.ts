import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';

/**
 * docs/api.md against the application: every route the app answers is in a table of the page,
 * every route of the page exists, and every shape the page names is a type of the contract.
 *
 * A table row documents routes when its first cell is methods (`GET`, `GET/POST`, `GET, POST`) and
 * its second a path in backticks; the path is read below the last `Base: \`…\`` line above it
 * (`Base: –` for absolute paths). `{name}` is a path parameter, a `?query` is ignored.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  // Demo mode adds the local mailbox page; the sandboxes are mounted for every method and path.
  ctx = makeContext(database, { demo: true });
});
afterAll(async () => {
  await database.close();
});

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const DOCS = readFileSync('docs/api.md', 'utf8');

interface Documented {
  method: string;
  path: string;
  line: number;
}

function documentedRoutes(markdown: string): Documented[] {
  const routes: Documented[] = [];
  let base: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const baseLine = /^Base: (?:`([^`]*)`|–)/.exec(text);
    if (baseLine) base = baseLine[1] ?? '';
    const row = /^\|\s*([A-Z][A-Z/, ]*[A-Z])\s*\|\s*`([^`]+)`/.exec(text);
    if (!row) return;
    const methods = row[1]!.split(/[/,]\s*/);
    if (!methods.every((method) => METHODS.has(method))) return;
    if (base === null) throw new Error(`docs/api.md:${index + 1}: a route table needs a "Base:" line above it`);
    const path = `${base}${row[2]!.split('?')[0]}`.replace(/\{(\w+)\}/g, ':$1');
    for (const method of methods) routes.push({ method, path, line: index + 1 });
  });
  return routes;
}

/** A route pattern of the app answers a documented path: same segments, a parameter against a parameter or a fixed value. */
function answers(pattern: string, documented: string): boolean {
  if (pattern.endsWith('/*')) return documented === pattern || documented.startsWith(pattern.slice(0, -1));
  const want = pattern.split('/');
  const have = documented.split('/');
  return want.length === have.length && want.every((segment, i) => (segment.startsWith(':') ? true : segment === have[i] && !have[i]!.startsWith(':')));
}

describe('docs/api.md', () => {
  it('documents every route of the app, and only those', () => {
    const appRoutes = [...new Set(ctx.app.routes.filter((route) => METHODS.has(route.method)).map((route) => `${route.method} ${route.path}`))].map((key) => {
      const [method, path] = key.split(' ');
      return { method: method!, path: path! };
    });
    const documented = documentedRoutes(DOCS);
    expect(appRoutes.length).toBeGreaterThan(100);

    const undocumented = appRoutes.filter((route) => !documented.some((doc) => doc.method === route.method && answers(route.path, doc.path)));
    const unknown = documented.filter((doc) => !appRoutes.some((route) => route.method === doc.method && answers(route.path, doc.path)));
    expect(undocumented.map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(unknown.map((doc) => `docs/api.md:${doc.line} ${doc.method} ${doc.path}`)).toEqual([]);
  });

  it('names only shapes that the contract defines', () => {
    const contractFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? contractFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
    const defined = new Set(contractFiles('server/src/contracts').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/export (?:interface|type) (\w+)|\bas (\w+)[,\s}]/g)].map((m) => (m[1] ?? m[2])!)));
    const named = new Set([...DOCS.matchAll(/`([A-Z][a-z]+[A-Z]?\w*)`/g)].map((m) => m[1]!).filter((name) => /[a-z][A-Z]|^[A-Z][a-z]+$/.test(name)));
    const unknown = [...named].filter((name) => !defined.has(name) && !/^(Base|Authorization|Content|Cache|Access|Retry|Idempotency|Sec|Origin|X)\b/.test(name));
    expect(unknown).toEqual([]);
  });

  it('reads a route table below its base', () => {
    const routes = documentedRoutes('Base: `/v1/t/{publicKey}`\n| GET, POST | `/a/{id}/b?x=1` | – |\nBase: –\n| GET/DELETE | `/health` |\n| method | path |');
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /v1/t/:publicKey/a/:id/b', 'POST /v1/t/:publicKey/a/:id/b', 'GET /health', 'DELETE /health']);
    expect(answers('/v1/t/:publicKey/famille/groups/:group', '/v1/t/:publicKey/famille/groups/bank')).toBe(true);
    expect(answers('/v1/t/:publicKey/famille/groups/bank', '/v1/t/:publicKey/famille/groups/:group')).toBe(false);
    expect(answers('/widget/v1/*', '/widget/v1/portail.js')).toBe(true);
  });
});
