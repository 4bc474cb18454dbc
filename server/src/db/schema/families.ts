import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, foreignKey, date, index, integer, jsonb, boolean } from 'drizzle-orm/pg-core';
import { tenants, bytea } from './tenants.js';

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
    /**
     * When the town hall last replaced the login e-mail of an activated account, and the address it
     * replaced: for 72 hours reset links go to that address only (ADR 2).
     */
    emailChangedByStaffAt: timestamp('email_changed_by_staff_at', { withTimezone: true }),
    emailBeforeStaffChange: text('email_before_staff_change'),
    /** Up to three more addresses that receive invoice notifications. */
    notificationEmails: text('notification_emails').array().$type<string[]>().notNull().default(sql`'{}'::text[]`),
    /** "Me prévenir par mail de la mise en ligne de ma facture": e-mail + notificationEmails get a mail when an invoice is published. */
    invoiceNotifications: boolean('invoice_notifications').notNull().default(true),
    /** The other e-mails a family may turn off: town hall messages, answers to booking requests, waiting-list places. */
    mailMessages: boolean('mail_messages').notNull().default(true),
    mailBookings: boolean('mail_bookings').notNull().default(true),
    mailWaitlist: boolean('mail_waitlist').notNull().default(true),
    quotientFamilial: integer('quotient_familial'),
    cafNumber: text('caf_number'),
    /** Revenu fiscal de référence, in euros, and number of tax shares (×100: 250 = 2,5 parts). */
    fiscalIncome: integer('fiscal_income'),
    fiscalSharesHundredths: integer('fiscal_shares_hundredths'),
    /** IBAN sealed with the application key; only the masked form is ever shown. */
    ibanSealed: text('iban_sealed'),
    ibanMasked: text('iban_masked'),
    bic: text('bic'),
    accountHolder: text('account_holder'),
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
    sex: text('sex', { enum: ['F', 'M'] }),
    /** Allergies, PAI, doctor, vaccinations, support needs: JSON sealed with the application key. */
    healthSealed: text('health_sealed'),
    /** Non-sensitive extra data the commune asks for (free keys). */
    complementary: jsonb('complementary').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    photo: bytea('photo'),
    photoMime: text('photo_mime'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('children_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'children_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    index('children_family').on(t.tenantId, t.familyId),
    foreignKey({ name: 'children_school_fk', columns: [t.tenantId, t.schoolId], foreignColumns: [schools.tenantId, schools.id] }),
  ],
);
