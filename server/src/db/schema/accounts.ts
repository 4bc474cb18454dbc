import { pgTable, uuid, text, timestamp, unique, foreignKey, index, check, integer, jsonb } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenants } from './tenants.js';
import { families } from './families.js';

/** Town staff: agents run the day-to-day, admins also change settings and keys. */
export const staffUsers = pgTable(
  'staff_users',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    /** Lower-cased; unique across the platform because the staff login page serves every tenant. */
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['admin', 'agent'] }).notNull(),
    passwordHash: text('password_hash'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('staff_users_tenant_id_id').on(t.tenantId, t.id), check('staff_users_role', sql`${t.role} in ('admin', 'agent')`)],
);

/**
 * Single-use codes: family activation letters, password-reset links, staff activation links.
 * Only a SHA-256 of the code is kept.
 */
export const oneTimeCodes = pgTable(
  'one_time_codes',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id'),
    staffUserId: uuid('staff_user_id'),
    purpose: text('purpose', { enum: ['activation', 'reset', 'staff_activation'] }).notNull(),
    codeHash: text('code_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('one_time_codes_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'one_time_codes_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'one_time_codes_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }).onDelete('cascade'),
    check('one_time_codes_subject', sql`(${t.familyId} is null) <> (${t.staffUserId} is null)`),
  ],
);

/** Opaque bearer sessions of parents; only a SHA-256 of the token is kept. */
export const familySessions = pgTable(
  'family_sessions',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    unique('family_sessions_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'family_sessions_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    index('family_sessions_family').on(t.tenantId, t.familyId),
  ],
);

/** Cookie sessions of staff on the settings page. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    staffUserId: uuid('staff_user_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    unique('staff_sessions_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'staff_sessions_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }).onDelete('cascade'),
  ],
);

/**
 * Fixed-window counters for login throttling, shared by every API instance.
 * Buckets are hashes (never a login or an IP in clear).
 */
export const rateLimits = pgTable('rate_limits', {
  bucket: text('bucket').primaryKey(),
  count: integer('count').notNull(),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
});

/** Who changed what, for staff actions and reads of sensitive data. */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    staffUserId: uuid('staff_user_id'),
    action: text('action').notNull(),
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('audit_log_tenant_id_id').on(t.tenantId, t.id),
    // Staff accounts are disabled, never deleted, so their history keeps its author.
    foreignKey({ name: 'audit_log_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('audit_log_tenant_at').on(t.tenantId, t.at),
  ],
);
