import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, normalize, relative } from 'node:path';

const sizeOf = (path: string) => {
  const raw = readFileSync(path);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};

/** Files a module pulls in, statically or lazily (relative imports only: the bundle has no others). */
function reachable(dir: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(dir, entry), 'utf8');
  for (const match of code.matchAll(/(?:import|from)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
    reachable(dir, normalize(relative(dir, join(dir, dirname(entry), match[1]))), seen);
  }
  return seen;
}

/** Bundle sizes (raw and gzip) per file, and the totals a town page and the staff page download at most. */
export function widgetSizes(dir: string) {
  if (!existsSync(join(dir, 'portail.js'))) throw new Error('widget/dist absent : lancez npm run build.');
  const files = ['portail.js', 'admin.js', ...readdirSync(join(dir, 'chunks')).map((f) => `chunks/${f}`)].filter((f) => existsSync(join(dir, f)));
  const lines: Record<string, unknown>[] = files.map((file) => ({ metric: 'widget_chunk', file, ...sizeOf(join(dir, file)) }));
  const total = (set: Set<string>) =>
    [...set].reduce((acc, f) => {
      const s = sizeOf(join(dir, f));
      return { raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip };
    }, { raw: 0, gzip: 0 });
  const parent = reachable(dir, 'portail.js');
  lines.push({ metric: 'widget_loader', file: 'portail.js', ...sizeOf(join(dir, 'portail.js')), budgetGzip: 15 * 1024 });
  lines.push({ metric: 'widget_parent_total', files: parent.size, ...total(parent), budgetGzip: 40 * 1024 });
  // Translations load only on pages in another language than French.
  const french = new Set([...parent].filter((f) => !/^chunks\/en-/.test(f)));
  lines.push({ metric: 'widget_parent_total_french', files: french.size, ...total(french), budgetGzip: 40 * 1024 });
  if (existsSync(join(dir, 'admin.js'))) {
    const admin = reachable(dir, 'admin.js');
    lines.push({ metric: 'widget_admin_total', files: admin.size, ...total(admin) });
  }
  return lines;
}
