import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './context.js';

/**
 * The number of reverse proxies in front of the server, from TRUST_PROXY: a count, `true` for one
 * (the older meaning), `false` or nothing for none. Null when the value means none of these.
 */
export function trustedProxiesFrom(value: string | undefined): number | null {
  const setting = (value ?? '').trim().toLowerCase();
  if (setting === '' || setting === 'false') return 0;
  if (setting === 'true') return 1;
  return /^\d{1,2}$/.test(setting) ? Number(setting) : null;
}

/**
 * The client address, for throttling only (never logged).
 *
 * Each proxy appends the address it received the request from to X-Forwarded-For, after whatever
 * the sender wrote there. Behind n trusted proxies only the last n entries were written by them;
 * the n-th from the right is the client as the outermost proxy saw it. Anything to its left came
 * from the client itself and could be anything, a fresh address at each attempt included.
 */
export function clientIp(c: Context<AppEnv>): string {
  const proxies = c.get('deps').trustedProxies;
  if (proxies > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const forwarded = entries[Math.max(0, entries.length - proxies)];
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'inconnue';
  } catch {
    return 'inconnue';
  }
}
