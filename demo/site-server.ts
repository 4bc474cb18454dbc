import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';

const SITE = fileURLToPath(new URL('./site', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
  '.ico': 'image/x-icon',
};

const INCLUDE = /^[ \t]*<!--#include ([a-z-]+)((?: [a-z-]+=[a-z]+)*) -->$/gm;

/**
 * Fills the page's shared parts the way a town CMS's templates would: `<!--#include entete
 * courant-enfance=true -->` puts `_partials/entete.html` there, its `{{courant-enfance}}` marked
 * with aria-current="true" and every other `{{courant-…}}` left empty.
 */
async function withIncludes(html: string): Promise<string> {
  const parts = new Map<string, string>();
  for (const [, name] of html.matchAll(INCLUDE)) {
    if (!parts.has(name)) parts.set(name, (await readFile(join(SITE, '_partials', `${name}.html`), 'utf8')).replace(/\n$/, ''));
  }
  return html.replace(INCLUDE, (_line, name: string, params: string) => {
    const current = new Map(params.trim().split(' ').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
    return parts.get(name)!.replace(/\{\{(courant-[a-z-]+)\}\}/g, (_m, key: string) => (current.has(key) ? ` aria-current="${current.get(key)}"` : ''));
  });
}

/**
 * The demo town's own web site, on its own port so that every call to the API is cross-origin.
 * Pages hold the snippet as a webmaster pastes it; {{API}} and {{PUBLIC_KEY}} are filled here.
 */
export function siteApp(api: string, publicKey: string) {
  return new Hono().get('*', async (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const file = normalize(join(SITE, decodeURIComponent(path)));
    if (!file.startsWith(SITE + sep) || file.startsWith(join(SITE, '_')) || !TYPES[extname(file)]) return c.text('Page introuvable', 404);
    try {
      const type = TYPES[extname(file)];
      if (type.startsWith('text/html')) {
        const html = (await withIncludes(await readFile(file, 'utf8'))).replaceAll('{{API}}', api).replaceAll('{{PUBLIC_KEY}}', publicKey);
        return c.body(html, 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
      }
      return c.body(new Uint8Array(await readFile(file)), 200, { 'Content-Type': type });
    } catch {
      return c.text('Page introuvable', 404);
    }
  });
}

export function startSite(port: number, api: string, publicKey: string): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: siteApp(api, publicKey).fetch, port, hostname: '127.0.0.1' }, () =>
      resolve({ url: `http://localhost:${port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}
