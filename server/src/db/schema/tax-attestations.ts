import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, uniqueIndex, foreignKey, index, integer, date, check } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';
import { children, families } from './families.js';
import { guardians } from './family-file.js';
import { staffUsers } from './accounts.js';
import { regies } from './regies.js';

/**
 * The yearly "attestations fiscales" (frais de garde, article 200 quater B CGI) of one régie,
 * computed as a preview, then published at once like an invoicing run (ADR 19).
 */
export const taxAttestationRuns = pgTable(
  'tax_attestation_runs',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    regieId: uuid('regie_id').notNull(),
    /** The year the amounts were paid in. */
    year: integer('year').notNull(),
    state: text('state', { enum: ['preview', 'published'] }).notNull().default('preview'),
    attestationCount: integer('attestation_count').notNull().default(0),
    totalCents: integer('total_cents').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('tax_attestation_runs_tenant_id_id').on(t.tenantId, t.id),
    unique('tax_attestation_runs_one_per_year').on(t.tenantId, t.regieId, t.year),
    foreignKey({ name: 'tax_attestation_runs_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'tax_attestation_runs_created_fk', columns: [t.tenantId, t.createdBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    foreignKey({ name: 'tax_attestation_runs_published_fk', columns: [t.tenantId, t.publishedBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    check('tax_attestation_runs_state', sql`${t.state} in ('preview', 'published')`),
  ],
);

/**
 * One attestation: a payer, a child under 6 on 1 January, a year. Names, address and amounts are
 * copied when computed, so a published attestation says what it said the day it was published.
 */
export const taxAttestations = pgTable(
  'tax_attestations',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    runId: uuid('run_id').notNull(),
    regieId: uuid('regie_id').notNull(),
    year: integer('year').notNull(),
    familyId: uuid('family_id').notNull(),
    /** The adult who paid; null only for a family file without any guardian (the family's name is printed). */
    payerGuardianId: uuid('payer_guardian_id'),
    payerName: text('payer_name').notNull(),
    payerAddress: text('payer_address'),
    childId: uuid('child_id').notNull(),
    childName: text('child_name').notNull(),
    childBirthDate: date('child_birth_date', { mode: 'string' }).notNull(),
    /** Childcare paid in the year, meals and penalties excluded. */
    paidCents: integer('paid_cents').notNull(),
    /** Aids received for this childcare (entered by staff before publication). */
    aidCents: integer('aid_cents').notNull().default(0),
    /** paid − aids: the amount the attestation certifies. */
    amountCents: integer('amount_cents').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('tax_attestations_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('tax_attestations_one').on(t.tenantId, t.runId, t.familyId, t.childId, sql`coalesce(${t.payerGuardianId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    foreignKey({ name: 'tax_attestations_run_fk', columns: [t.tenantId, t.runId], foreignColumns: [taxAttestationRuns.tenantId, taxAttestationRuns.id] }).onDelete('cascade'),
    foreignKey({ name: 'tax_attestations_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'tax_attestations_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'tax_attestations_payer_guardian_fk', columns: [t.tenantId, t.payerGuardianId], foreignColumns: [guardians.tenantId, guardians.id] }),
    foreignKey({ name: 'tax_attestations_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    check('tax_attestations_paid', sql`${t.paidCents} >= 0`),
    check('tax_attestations_aid', sql`${t.aidCents} >= 0 and ${t.aidCents} <= ${t.paidCents}`),
    check('tax_attestations_amount', sql`${t.amountCents} = ${t.paidCents} - ${t.aidCents}`),
    index('tax_attestations_family').on(t.tenantId, t.familyId, t.year),
    index('tax_attestations_payer_guardian').on(t.tenantId, t.payerGuardianId),
    index('tax_attestations_child').on(t.tenantId, t.childId),
  ],
);
