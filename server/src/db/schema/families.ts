import { pgTable, uuid, text, timestamp, unique, foreignKey, date, index } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/** The schools of a commune: children attend one, and a service may cap places per school. */
export const schools = pgTable(
  'schools',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('schools_tenant_id_id').on(t.tenantId, t.id), unique('schools_tenant_name').on(t.tenantId, t.name)],
);

/** A household with one parent account (login = e-mail or family number). */
export const families = pgTable(
  'families',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyNumber: text('family_number').notNull(),
    name: text('name').notNull(),
    /** Lower-cased account e-mail, also a login identifier once the account is activated. */
    email: text('email'),
    passwordHash: text('password_hash'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('families_tenant_id_id').on(t.tenantId, t.id),
    unique('families_tenant_number').on(t.tenantId, t.familyNumber),
    unique('families_tenant_email').on(t.tenantId, t.email),
  ],
);

export const children = pgTable(
  'children',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    schoolId: uuid('school_id'),
    className: text('class_name'),
    /** Canteen diet from a fixed list (no religious labels); the canteen orders meals by it. */
    diet: text('diet', { enum: ['standard', 'sans_viande', 'sans_gluten', 'panier_repas'] }).notNull().default('standard'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('children_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'children_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    index('children_family').on(t.tenantId, t.familyId),
    foreignKey({ name: 'children_school_fk', columns: [t.tenantId, t.schoolId], foreignColumns: [schools.tenantId, schools.id] }),
  ],
);
