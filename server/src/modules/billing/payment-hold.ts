import { and, eq, gt, isNull } from 'drizzle-orm';
import { payments } from '../../db/schema/index.js';
import { PAYMENT_IN_PROGRESS_MS } from '../../domain/online-payment.js';

/**
 * The online attempts that still hold their invoice at `now`: pending, younger than the hold, and
 * not released (the provider said the payer left, or staff allowed a new attempt). The same rule
 * as `retryAt` in domain/online-payment.ts, for queries.
 */
export const holdsInvoice = (now: Date) =>
  and(eq(payments.method, 'online'), eq(payments.status, 'pending'), isNull(payments.releasedAt), gt(payments.createdAt, new Date(now.getTime() - PAYMENT_IN_PROGRESS_MS)));
