import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, foreignKey, index, integer, boolean, date, jsonb, check } from 'drizzle-orm/pg-core';
import { tenants, bytea } from './tenants.js';
import { children, families } from './families.js';
import { staffUsers } from './accounts.js';

/** The adults responsible for a family's children: "responsable" and "conjoint" (reference 001/002). */
export const guardians = pgTable(
  'guardians',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    role: text('role', { enum: ['responsable', 'conjoint'] }).notNull(),
    civility: text('civility'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    postalCode: text('postal_code'),
    city: text('city'),
    phoneHome: text('phone_home'),
    phoneMobile: text('phone_mobile'),
    phoneWork: text('phone_work'),
    email: text('email'),
    profession: text('profession'),
    employer: text('employer'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('guardians_tenant_id_id').on(t.tenantId, t.id),
    unique('guardians_one_per_role').on(t.tenantId, t.familyId, t.role),
    foreignKey({ name: 'guardians_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
  ],
);

/** Other members of the household (brothers and sisters not enrolled, grand-parents living there…). */
export const householdMembers = pgTable(
  'household_members',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    relation: text('relation').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
  },
  (t) => [
    unique('household_members_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'household_members_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
  ],
);

/** People allowed (or explicitly forbidden) to pick a child up. */
export const pickupPersons = pgTable(
  'pickup_persons',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    childId: uuid('child_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    relation: text('relation').notNull(),
    phone: text('phone').notNull(),
    allowed: boolean('allowed').notNull().default(true),
  },
  (t) => [
    unique('pickup_persons_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'pickup_persons_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
  ],
);

/**
 * A change a parent asked for on a group of fields the commune validates first. Old and new values
 * are encrypted (they may hold health data or an IBAN).
 */
export const changeRequests = pgTable(
  'change_requests',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    childId: uuid('child_id'),
    fieldGroup: text('field_group').notNull(),
    valuesSealed: text('values_sealed').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'refused'] }).notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    unique('change_requests_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'change_requests_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'change_requests_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'change_requests_staff_fk', columns: [t.tenantId, t.decidedBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('change_requests_status').on(t.tenantId, t.status),
  ],
);

/** Every change of the family file, applied or requested, for the parents' and the staff's history. */
export const familyFileEvents = pgTable(
  'family_file_events',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    childId: uuid('child_id'),
    fieldGroup: text('field_group').notNull(),
    action: text('action', { enum: ['modifie', 'demande', 'valide', 'refuse', 'ajoute', 'supprime'] }).notNull(),
    /** Field names only (never values: they may be sensitive). */
    fields: jsonb('fields').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    channel: text('channel', { enum: ['internet', 'mairie'] }).notNull(),
    staffUserId: uuid('staff_user_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('family_file_events_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'family_file_events_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'family_file_events_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'family_file_events_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('family_file_events_family').on(t.tenantId, t.familyId, t.at),
  ],
);

export const DOCUMENT_TYPES = ['attestation_caf', 'certificat_medical', 'justificatif_domicile', 'attestation_assurance', 'pai', 'jugement_garde', 'autre'] as const;

/**
 * Files: those parents upload (typed, checked by staff) and those the commune publishes
 * (family_id null, published: règlement intérieur…). Content is stored after its type was sniffed.
 */
export const documents = pgTable(
  'documents',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id'),
    childId: uuid('child_id'),
    type: text('type').notNull(),
    title: text('title').notNull(),
    mime: text('mime', { enum: ['application/pdf', 'image/jpeg', 'image/png'] }).notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected', 'published'] }).notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    rejectionReason: text('rejection_reason'),
  },
  (t) => [
    unique('documents_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'documents_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'documents_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'documents_staff_fk', columns: [t.tenantId, t.decidedBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('documents_family').on(t.tenantId, t.familyId),
    check('documents_published', sql`(${t.status} = 'published') = (${t.familyId} is null)`),
  ],
);
