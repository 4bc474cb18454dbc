import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, foreignKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';
import { children, families } from './families.js';

/**
 * A child's private calendar feed (ADR 18): the token in its URL is stored hashed for the lookup,
 * and sealed with the application key so the family file can show the address again. At most one
 * live feed per child; a revoked row stays so that its old address answers 410.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    childId: uuid('child_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    sealedToken: text('sealed_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    unique('calendar_feeds_tenant_id_id').on(t.tenantId, t.id),
    unique('calendar_feeds_token_hash').on(t.tokenHash),
    foreignKey({ name: 'calendar_feeds_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'calendar_feeds_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    uniqueIndex('calendar_feeds_one_live').on(t.tenantId, t.childId).where(sql`${t.revokedAt} is null`),
    index('calendar_feeds_family').on(t.tenantId, t.familyId),
  ],
);
