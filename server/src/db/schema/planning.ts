import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, foreignKey, index, integer, boolean, date, jsonb, bigserial, check, primaryKey } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';
import { children, families, schools } from './families.js';
import { staffUsers } from './accounts.js';
import type { DeadlineRule } from '../../domain/deadlines.js';
import type { Weekday } from '../../domain/dates.js';
import type { TariffBracket, RankDiscount } from '../../domain/pricing.js';
import { regies } from './regies.js';
import { documents } from './family-file.js';

export interface ServiceTariff {
  brackets?: TariffBracket[];
  rankDiscounts?: RankDiscount[];
}

/** A bookable unit: Cantine, Accueil matin, Mercredi, Petites vacances matin… */
export const services = pgTable(
  'services',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    label: text('label').notNull(),
    /** Display grouping in the grid ("Périscolaire", "Vacances"). */
    groupLabel: text('group_label').notNull().default('Activités'),
    position: integer('position').notNull().default(0),
    weekdays: integer('weekdays').array().$type<Weekday[]>().notNull(),
    /** Which calendar periods the service runs in. */
    periodKind: text('period_kind', { enum: ['school', 'holidays', 'all'] }).notNull().default('school'),
    /** Places per day for all schools together; null = unlimited. */
    capacity: integer('capacity'),
    bookingDeadline: jsonb('booking_deadline').$type<DeadlineRule>().notNull().default(sql`'{"kind":"none"}'::jsonb`),
    cancellationDeadline: jsonb('cancellation_deadline').$type<DeadlineRule>().notNull().default(sql`'{"kind":"none"}'::jsonb`),
    needsApproval: boolean('needs_approval').notNull().default(false),
    /** Price of one day in cents, used by invoicing (the base price when the tariff has no brackets). */
    priceCents: integer('price_cents').notNull().default(0),
    /** The régie that invoices this service; null = the tenant's first régie. */
    regieId: uuid('regie_id'),
    /** Quotient-familial brackets and rank discounts (domain/pricing.ts), on top of priceCents. */
    tariff: jsonb('tariff').$type<ServiceTariff>().notNull().default(sql`'{}'::jsonb`),
    /** Whether a cancellation made after the cancellation deadline (by the town hall) is billed. */
    lateCancellationBilled: boolean('late_cancellation_billed').notNull().default(false),
    /** Whether a day on the waiting list is billed (never, unless the town decides otherwise). */
    waitlistedBilled: boolean('waitlisted_billed').notNull().default(false),
    /** `monthly`: invoiced by the month's run; `prepaid`: paid at booking through the basket. */
    billingMode: text('billing_mode', { enum: ['monthly', 'prepaid'] }).notNull().default('monthly'),
    /** Opening hours ("HH:MM", Europe/Paris), both or neither: the times of the families' calendar feed events. */
    startTime: text('start_time'),
    endTime: text('end_time'),
    /** Where the service takes place when not at the child's school ("Centre de loisirs, 3 rue …"). */
    place: text('place'),
    /**
     * Childcare that opens the tax credit for children under 6 (article 200 quater B CGI, ADR 19):
     * accueil périscolaire, accueil de loisirs. Never a canteen (meals are excluded); staff set it.
     */
    childcareTaxCredit: boolean('childcare_tax_credit').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('services_tenant_id_id').on(t.tenantId, t.id),
    check('services_capacity', sql`${t.capacity} is null or ${t.capacity} >= 0`),
    check('services_price', sql`${t.priceCents} >= 0`),
    check('services_billing_mode', sql`${t.billingMode} in ('monthly', 'prepaid')`),
    check(
      'services_hours',
      sql`(${t.startTime} is null) = (${t.endTime} is null) and (${t.startTime} is null or (${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.endTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.startTime} < ${t.endTime}))`,
    ),
    foreignKey({ name: 'services_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
  ],
);

/** Optional cap of places per school for a service (on top of the service's own capacity). */
export const serviceSchoolCapacities = pgTable(
  'service_school_capacities',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    serviceId: uuid('service_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    capacity: integer('capacity').notNull(),
  },
  (t) => [
    unique('service_school_capacities_tenant_id_id').on(t.tenantId, t.id),
    unique('service_school_capacities_one').on(t.tenantId, t.serviceId, t.schoolId),
    foreignKey({ name: 'ssc_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    foreignKey({ name: 'ssc_school_fk', columns: [t.tenantId, t.schoolId], foreignColumns: [schools.tenantId, schools.id] }).onDelete('cascade'),
    check('ssc_capacity', sql`${t.capacity} >= 0`),
  ],
);

/** School weeks and holidays; a day outside every period cannot be booked. */
export const periods = pgTable(
  'periods',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    label: text('label').notNull(),
    kind: text('kind', { enum: ['school', 'holidays'] }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
  },
  (t) => [
    unique('periods_tenant_id_id').on(t.tenantId, t.id),
    check('periods_range', sql`${t.startDate} <= ${t.endDate}`),
    index('periods_range_idx').on(t.tenantId, t.startDate),
  ],
);

/** Days a service (or every service, when service_id is null) is closed, with the reason parents see. */
export const closures = pgTable(
  'closures',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    serviceId: uuid('service_id'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    unique('closures_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'closures_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    check('closures_range', sql`${t.startDate} <= ${t.endDate}`),
  ],
);

/** A child may book a service only while enrolled in it. */
export const enrollments = pgTable(
  'enrollments',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    childId: uuid('child_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
  },
  (t) => [
    unique('enrollments_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'enrollments_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'enrollments_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    index('enrollments_child').on(t.tenantId, t.childId),
    check('enrollments_range', sql`${t.endDate} is null or ${t.startDate} <= ${t.endDate}`),
  ],
);

/** The reasons a parent can give for an absence; each says whether the day is still billed. */
export const absenceReasons = pgTable(
  'absence_reasons',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    label: text('label').notNull(),
    billed: boolean('billed').notNull(),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [unique('absence_reasons_tenant_id_id').on(t.tenantId, t.id)],
);

/** `in_basket`: a day of a prepaid service waiting in the family's basket, its place held until paid or expired. */
export const BOOKING_STATES = ['booked', 'requested', 'waitlisted', 'refused', 'cancelled', 'absent', 'in_basket'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** One row per (child, service, day), whatever its history: the state says where it stands. */
export const bookings = pgTable(
  'bookings',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    childId: uuid('child_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    state: text('state', { enum: BOOKING_STATES }).notNull(),
    absenceReasonId: uuid('absence_reason_id'),
    /** What the parent wrote with the absence, and the certificate attached, among the family's documents. */
    absenceComment: text('absence_comment'),
    absenceDocumentId: uuid('absence_document_id'),
    channel: text('channel', { enum: ['internet', 'mairie'] }).notNull(),
    /** Order of arrival on the waiting list (FIFO). */
    queuedAt: bigserial('queued_at', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('bookings_tenant_id_id').on(t.tenantId, t.id),
    unique('bookings_one_per_day').on(t.tenantId, t.childId, t.serviceId, t.day),
    foreignKey({ name: 'bookings_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'bookings_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    foreignKey({ name: 'bookings_reason_fk', columns: [t.tenantId, t.absenceReasonId], foreignColumns: [absenceReasons.tenantId, absenceReasons.id] }),
    index('bookings_service_day').on(t.tenantId, t.serviceId, t.day, t.state),
    check('bookings_state', sql`${t.state} in ('booked', 'requested', 'waitlisted', 'refused', 'cancelled', 'absent', 'in_basket')`),
    check('bookings_absence', sql`(${t.state} = 'absent') = (${t.absenceReasonId} is not null)`),
    foreignKey({ name: 'bookings_absence_document_fk', columns: [t.tenantId, t.absenceDocumentId], foreignColumns: [documents.tenantId, documents.id] }),
    check('bookings_absence_details', sql`${t.state} = 'absent' or (${t.absenceComment} is null and ${t.absenceDocumentId} is null)`),
  ],
);

/**
 * Places taken per service, day and scope ('all', or a school id when the service caps places
 * per school). Updated in the booking transaction with a conditional upsert, which is what
 * keeps a full day from being overbooked under concurrency.
 */
export const capacityUsage = pgTable(
  'capacity_usage',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    serviceId: uuid('service_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    scope: text('scope').notNull(),
    used: integer('used').notNull(),
  },
  (t) => [
    primaryKey({ name: 'capacity_usage_pk', columns: [t.tenantId, t.serviceId, t.day, t.scope] }),
    unique('capacity_usage_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'capacity_usage_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    check('capacity_usage_used', sql`${t.used} >= 0`),
  ],
);

/** What happened to a booking, for the parents' "dernières modifications" and the staff. */
export const bookingEvents = pgTable(
  'booking_events',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    bookingId: uuid('booking_id').notNull(),
    childId: uuid('child_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    channel: text('channel', { enum: ['internet', 'mairie', 'systeme'] }).notNull(),
    familyId: uuid('family_id'),
    staffUserId: uuid('staff_user_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Order of recording, for events of the same instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('booking_events_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'booking_events_booking_fk', columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }).onDelete('cascade'),
    foreignKey({ name: 'booking_events_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'booking_events_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'booking_events_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    index('booking_events_child_at').on(t.tenantId, t.childId, t.at),
  ],
);

/**
 * Answers of requests sent with an Idempotency-Key, kept so that a replay gets the same answer
 * and has no second effect. Scoped by family (or staff member).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    /** 'family:<id>' or 'staff:<id>'. */
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('idempotency_keys_tenant_id_id').on(t.tenantId, t.id), unique('idempotency_keys_one').on(t.tenantId, t.actor, t.key)],
);
