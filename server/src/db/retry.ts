import type { Db, Tx } from './client.js';

const RETRYABLE = new Set(['40001', '40P01']);

const codeOf = (err: unknown): string | undefined =>
  (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;

/**
 * Runs a transaction, again (up to 5 times, with jitter) when PostgreSQL aborts it for a
 * serialization failure or a deadlock: the work is then redone from the start on fresh data.
 */
export async function transactionWithRetry<T>(db: Db, work: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !RETRYABLE.has(codeOf(err) ?? '')) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export const isUniqueViolation = (err: unknown) => codeOf(err) === '23505';
