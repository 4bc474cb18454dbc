import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

export interface WidgetBundle {
  /** Short content hash of portail.js: the immutable versioned folder name. */
  version: string;
  /** Subresource Integrity of the versioned portail.js. */
  integrity: string;
  read(file: string): Buffer | null;
}

const cache = new Map<string, WidgetBundle>();

/** The built widget, read once per process (files are immutable for a given build). */
export function loadWidgetBundle(dir: string): WidgetBundle | null {
  const entry = join(dir, 'portail.js');
  if (!existsSync(entry)) return null;
  const known = cache.get(dir);
  if (known) return known;
  const main = readFileSync(entry);
  const bundle: WidgetBundle = {
    version: createHash('sha256').update(main).digest('hex').slice(0, 12),
    integrity: 'sha384-' + createHash('sha384').update(main).digest('base64'),
    read(file) {
      const path = normalize(join(dir, file));
      if (!path.startsWith(normalize(dir) + sep) || !/\.(js|map)$/.test(path) || !existsSync(path)) return null;
      return readFileSync(path);
    },
  };
  cache.set(dir, bundle);
  return bundle;
}
