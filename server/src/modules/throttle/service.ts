import { eq, inArray, sql } from 'drizzle-orm';
import { isIPv4, isIPv6 } from 'node:net';
import type { Db } from '../../db/client.js';
import { rateLimits } from '../../db/schema/index.js';
import { sha256 } from '../../security/tokens.js';
import { ApiError } from '../../errors.js';

export interface Limit {
  /** Anything identifying the bucket; it is hashed before it is stored. */
  key: string;
  max: number;
  windowMs: number;
}

const bucketOf = (key: string) => sha256('throttle:' + key);

/**
 * The part of a client address that one subscriber controls: an IPv4 address, or the /64 of an
 * IPv6 one (a home or a phone gets a whole /64 and can pick any address inside it).
 */
export function addressGroup(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

const retryAfter = (now: Date, windowEndsAt: Date) => Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000));

/**
 * Counts one attempt in each bucket, in a single upsert that returns the new counts (fixed window,
 * shared by every API instance). Counting comes first, so parallel attempts cannot all read a
 * count under the limit: the n-th attempt sees n whatever the interleaving. Answers, per limit in
 * the same order, the seconds until it frees up, or 0 when this attempt is within the limit.
 */
export async function countAttempt(db: Db, now: Date, limits: Limit[]): Promise<number[]> {
  if (!limits.length) return [];
  const rows = await db
    .insert(rateLimits)
    .values(limits.map((limit) => ({ bucket: bucketOf(limit.key), count: 1, windowEndsAt: new Date(now.getTime() + limit.windowMs) })))
    .onConflictDoUpdate({
      target: rateLimits.bucket,
      set: {
        count: sql`case when ${rateLimits.windowEndsAt} <= ${now.toISOString()}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        windowEndsAt: sql`case when ${rateLimits.windowEndsAt} <= ${now.toISOString()}::timestamptz then excluded.window_ends_at else ${rateLimits.windowEndsAt} end`,
      },
    })
    .returning({ bucket: rateLimits.bucket, count: rateLimits.count, windowEndsAt: rateLimits.windowEndsAt });
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return limits.map((limit) => {
    const row = byBucket.get(bucketOf(limit.key));
    return row && row.count > limit.max ? retryAfter(now, row.windowEndsAt) : 0;
  });
}

export function tooManyAttempts(retryAfterSeconds: number) {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new ApiError(429, 'trop_de_tentatives', `Trop de tentatives. Veuillez réessayer dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, { retryAfterSeconds });
}

/** Counts the attempt, then refuses it with 429 + Retry-After when any limit is used up. */
export async function takeAttempt(db: Db, now: Date, limits: Limit[]) {
  const waits = await countAttempt(db, now, limits);
  const longest = Math.max(0, ...waits);
  if (longest > 0) throw tooManyAttempts(longest);
}

/** Gives back the attempts of a request that succeeded (a good password costs nothing). */
export async function refundAttempt(db: Db, limits: Limit[]) {
  if (!limits.length) return;
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(inArray(rateLimits.bucket, limits.map((l) => bucketOf(l.key))));
}

export async function clearAttempts(db: Db, limit: Limit) {
  await db.delete(rateLimits).where(eq(rateLimits.bucket, bucketOf(limit.key)));
}
