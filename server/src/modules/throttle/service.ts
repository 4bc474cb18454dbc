import { eq, sql } from 'drizzle-orm';
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

/** Seconds until the limit frees up, or 0 when it is not used up. */
export async function throttledFor(db: Db, now: Date, limit: Limit): Promise<number> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.bucket, bucketOf(limit.key)));
  if (!row || row.windowEndsAt <= now || row.count < limit.max) return 0;
  return Math.max(1, Math.ceil((row.windowEndsAt.getTime() - now.getTime()) / 1000));
}

/** Refuses with 429 + Retry-After when any of the limits is already used up. */
export async function assertNotThrottled(db: Db, now: Date, limits: Limit[]) {
  for (const limit of limits) {
    const retryAfterSeconds = await throttledFor(db, now, limit);
    if (retryAfterSeconds > 0) {
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw new ApiError(429, 'trop_de_tentatives', `Trop de tentatives. Veuillez réessayer dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, {
        retryAfterSeconds,
      });
    }
  }
}

/** Counts one attempt in each bucket (fixed window, shared by every API instance). */
export async function recordAttempt(db: Db, now: Date, limits: Limit[]) {
  for (const limit of limits) {
    const ends = new Date(now.getTime() + limit.windowMs);
    await db
      .insert(rateLimits)
      .values({ bucket: bucketOf(limit.key), count: 1, windowEndsAt: ends })
      .onConflictDoUpdate({
        target: rateLimits.bucket,
        set: {
          count: sql`case when ${rateLimits.windowEndsAt} <= ${now.toISOString()}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
          windowEndsAt: sql`case when ${rateLimits.windowEndsAt} <= ${now.toISOString()}::timestamptz then ${ends.toISOString()}::timestamptz else ${rateLimits.windowEndsAt} end`,
        },
      });
  }
}

export async function clearAttempts(db: Db, limit: Limit) {
  await db.delete(rateLimits).where(eq(rateLimits.bucket, bucketOf(limit.key)));
}
