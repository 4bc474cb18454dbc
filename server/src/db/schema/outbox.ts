import { pgTable, uuid, text, timestamp, unique, integer, index } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/**
 * Durable e-mail queue: a mail is written in the transaction of the action that causes it and
 * delivered later by the worker, with retries; rows are never deleted by delivery.
 */
export const outbox = pgTable(
  'outbox',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status', { enum: ['pending', 'sent'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    transport: text('transport'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [unique('outbox_tenant_id_id').on(t.tenantId, t.id), index('outbox_due').on(t.status, t.nextAttemptAt)],
);
