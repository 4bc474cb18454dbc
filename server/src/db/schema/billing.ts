import { sql } from 'drizzle-orm';
import { pgTable, type PgTableExtraConfigValue, uuid, text, timestamp, unique, uniqueIndex, foreignKey, index, integer, date, jsonb, check, boolean } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';
import { children, families } from './families.js';
import { guardians } from './family-file.js';
import { staffUsers } from './accounts.js';
import { bookings, services } from './planning.js';
import { regies } from './regies.js';

// ---------------------------------------------------------------------------------------------
// Money. Integer cents everywhere. One ledger per family and régie: published invoices debit it,
// payments and credit notes credit it; the balance is the sum of its entries. Published invoices
// never change amounts: a correction is a credit note, an invoice of negative lines.
// ---------------------------------------------------------------------------------------------

/** Last invoice sequence used per régie and year; locked by the publishing transaction, so numbers have no gap. */
export const invoiceSequences = pgTable(
  'invoice_sequences',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    regieId: uuid('regie_id').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [
    unique('invoice_sequences_tenant_id_id').on(t.tenantId, t.id),
    unique('invoice_sequences_one').on(t.tenantId, t.regieId, t.year),
    foreignKey({ name: 'invoice_sequences_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
  ],
);

/** A monthly (or any period) invoicing run of one régie: computed as a preview, then published at once. */
export const invoicingRuns = pgTable(
  'invoicing_runs',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    regieId: uuid('regie_id').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** "Cantine et périscolaire – septembre 2026", the label of every invoice of the run. */
    label: text('label').notNull(),
    state: text('state', { enum: ['preview', 'published', 'discarded'] }).notNull().default('preview'),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    invoiceCount: integer('invoice_count').notNull().default(0),
    totalCents: integer('total_cents').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('invoicing_runs_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'invoicing_runs_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'invoicing_runs_created_fk', columns: [t.tenantId, t.createdBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    foreignKey({ name: 'invoicing_runs_published_fk', columns: [t.tenantId, t.publishedBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    check('invoicing_runs_range', sql`${t.periodStart} <= ${t.periodEnd}`),
    index('invoicing_runs_regie').on(t.tenantId, t.regieId, t.periodStart),
  ],
);

export const INVOICE_STATUSES = ['draft', 'unpaid', 'paid', 'carried', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * An invoice or a credit note of one family in one régie. `draft` rows belong to a run still in
 * preview and carry no number; publishing numbers them and makes amounts final. `carried`: its
 * unpaid amount was carried forward as the "solde antérieur" of a later invoice, which is now the
 * one to pay. `cancelled`: fully offset by a credit note.
 */
export const invoices = pgTable(
  'invoices',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    runId: uuid('run_id'),
    regieId: uuid('regie_id').notNull(),
    familyId: uuid('family_id').notNull(),
    /**
     * The adult who pays this invoice when the family's children alternate between two homes
     * (each parent pays their own weeks); null: the family's responsable. An adult who pays
     * invoices stays in the family file (the reference refuses the deletion).
     */
    payerGuardianId: uuid('payer_guardian_id'),
    kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull().default('invoice'),
    /** For a credit note: the invoice it corrects. */
    creditedInvoiceId: uuid('credited_invoice_id'),
    /** The later invoice that took over this one's unpaid amount as its previous balance. */
    carriedToInvoiceId: uuid('carried_to_invoice_id'),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
    year: integer('year'),
    sequence: integer('sequence'),
    /** "2026-PERI-000123", set at publication. */
    number: text('number'),
    /** PayFiP / TIPI référence de la dette, "2026PERI000123", set at publication. */
    refdet: text('refdet'),
    label: text('label').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** Sum of the lines (negative for a credit note). */
    linesCents: integer('lines_cents').notNull(),
    /** Unpaid balance of the family in the régie before this invoice ("solde antérieur"). */
    previousBalanceCents: integer('previous_balance_cents').notNull().default(0),
    /** What this invoice asks for: lines + previous balance. */
    totalCents: integer('total_cents').notNull(),
    /** Payments applied to this invoice so far. */
    paidCents: integer('paid_cents').notNull().default(0),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('invoices_tenant_id_id').on(t.tenantId, t.id),
    unique('invoices_number').on(t.tenantId, t.regieId, t.year, t.sequence),
    unique('invoices_refdet').on(t.tenantId, t.regieId, t.refdet),
    unique('invoices_run_family').on(t.tenantId, t.runId, t.familyId),
    foreignKey({ name: 'invoices_run_fk', columns: [t.tenantId, t.runId], foreignColumns: [invoicingRuns.tenantId, invoicingRuns.id] }).onDelete('cascade'),
    foreignKey({ name: 'invoices_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'invoices_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'invoices_credited_fk', columns: [t.tenantId, t.creditedInvoiceId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ name: 'invoices_carried_fk', columns: [t.tenantId, t.carriedToInvoiceId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ name: 'invoices_payer_guardian_fk', columns: [t.tenantId, t.payerGuardianId], foreignColumns: [guardians.tenantId, guardians.id] }),
    check('invoices_status', sql`${t.status} in ('draft', 'unpaid', 'paid', 'carried', 'cancelled')`),
    check('invoices_total', sql`${t.totalCents} = ${t.linesCents} + ${t.previousBalanceCents}`),
    check('invoices_numbered', sql`(${t.status} = 'draft') = (${t.number} is null)`),
    check('invoices_paid', sql`${t.paidCents} >= 0`),
    index('invoices_family').on(t.tenantId, t.familyId, t.status),
    // Foreign keys are checked on delete (discarding a preview): without these, every deleted draft scans the table.
    index('invoices_credited').on(t.tenantId, t.creditedInvoiceId),
    index('invoices_carried').on(t.tenantId, t.carriedToInvoiceId),
    index('invoices_payer_guardian').on(t.tenantId, t.payerGuardianId),
  ],
);

/** A line of an invoice: "Cantine – Léa", 17 × 4,15 € = 70,55 €. */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    invoiceId: uuid('invoice_id').notNull(),
    position: integer('position').notNull(),
    childId: uuid('child_id'),
    serviceId: uuid('service_id'),
    label: text('label').notNull(),
    quantity: integer('quantity').notNull(),
    unitCents: integer('unit_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    /** A penalty or late fee: never part of a tax attestation (ADR 19). */
    penalty: boolean('penalty').notNull().default(false),
  },
  (t) => [
    unique('invoice_lines_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'invoice_lines_invoice_fk', columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
    foreignKey({ name: 'invoice_lines_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }),
    foreignKey({ name: 'invoice_lines_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }),
    check('invoice_lines_total', sql`${t.totalCents} = ${t.quantity} * ${t.unitCents}`),
    index('invoice_lines_invoice').on(t.tenantId, t.invoiceId, t.position),
  ],
);

export const PAYMENT_METHODS = ['online', 'cheque', 'cash', 'direct_debit'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_PROVIDERS = ['payfip', 'tipi', 'systempay', 'paybox'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
export const PAYMENT_ENVIRONMENTS = ['sandbox', 'test', 'production'] as const;
/** `to_verify`: a provider's unsigned message says paid and nothing confirmed it; the régie checks and decides. */
export const PAYMENT_PURPOSES = ['invoice', 'basket', 'debt'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export const PAYMENT_STATUSES = ['pending', 'to_verify', 'paid', 'refused', 'cancelled', 'expired', 'error'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A payment of an invoice: online (one attempt at a provider, pending until the provider's result
 * is verified) or recorded by staff (cheque, cash, direct debit: paid at once). Only a receipt is
 * kept: provider references, authorisation number, transaction id, amount, date. Never card data.
 */
export const payments = pgTable(
  'payments',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    regieId: uuid('regie_id').notNull(),
    /** The invoice paid; null for a basket or debt payment (pay at booking). */
    invoiceId: uuid('invoice_id'),
    /** `invoice`: an invoice; `basket`: the lines of a basket (minus cagnotte, plus debt); `debt`: the family's debt alone. */
    purpose: text('purpose', { enum: PAYMENT_PURPOSES }).notNull().default('invoice'),
    /** The basket paid (also for a debt payment: the family's current basket of the régie). */
    basketId: uuid('basket_id'),
    /** Basket and debt payments: amount = lines − cagnotte used + debt, fixed when the payment starts. */
    linesCents: integer('lines_cents').notNull().default(0),
    cagnotteCents: integer('cagnotte_cents').notNull().default(0),
    debtCents: integer('debt_cents').notNull().default(0),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }),
    /** test / production platform of the provider, or the demo sandbox. */
    environment: text('environment'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    /** Our reference sent to the provider: refdet (PayFiP/TIPI), PBX_CMD (Paybox), vads_trans_id + day (Systempay). */
    reference: text('reference'),
    /** The provider's id of the operation: PayFiP idOp, Systempay vads_trans_uuid, Paybox transaction number. */
    providerOperationId: text('provider_operation_id'),
    authorisationNumber: text('authorisation_number'),
    transactionId: text('transaction_id'),
    /** E-mail the provider sends its ticket to. */
    payerEmail: text('payer_email'),
    /** Name of the payer, for offline payments ("Chèque de M. Martin") and the receipt. */
    payerName: text('payer_name'),
    /** Offline payments: cheque number, bank, remark. */
    note: text('note'),
    /** Paid while the invoice was already settled (late notification, double payment): kept and flagged for the régie. */
    flaggedLate: boolean('flagged_late').notNull().default(false),
    /**
     * A pending online attempt stops holding its invoice: the provider said the payer left its
     * page (PayFiP `A`), or staff allowed a new attempt. It stays pending until its outcome is known.
     */
    releasedAt: timestamp('released_at', { withTimezone: true }),
    /** Online payments: the town page the payer comes back to (the page the payment was started from, when allowed). */
    returnPage: text('return_page'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t): PgTableExtraConfigValue[] => [
    unique('payments_tenant_id_id').on(t.tenantId, t.id),
    unique('payments_reference').on(t.tenantId, t.provider, t.reference),
    foreignKey({ name: 'payments_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'payments_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'payments_invoice_fk', columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
    foreignKey({ name: 'payments_recorded_fk', columns: [t.tenantId, t.recordedBy], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    foreignKey({ name: 'payments_basket_fk', columns: [t.tenantId, t.basketId], foreignColumns: [baskets.tenantId, baskets.id] }),
    check('payments_amount', sql`${t.amountCents} > 0`),
    check('payments_online', sql`(${t.method} = 'online') = (${t.provider} is not null)`),
    check('payments_purpose', sql`${t.purpose} in ('invoice', 'basket', 'debt')`),
    check('payments_target', sql`(${t.purpose} = 'invoice') = (${t.invoiceId} is not null) and (${t.purpose} = 'invoice') = (${t.basketId} is null)`),
    check('payments_basket_amount', sql`${t.purpose} = 'invoice' or ${t.amountCents} = ${t.linesCents} - ${t.cagnotteCents} + ${t.debtCents}`),
    index('payments_pending').on(t.status, t.createdAt),
    index('payments_invoice').on(t.tenantId, t.invoiceId),
    index('payments_basket').on(t.tenantId, t.basketId),
  ],
);

/**
 * The family's account in a régie. Signed cents: a published invoice debits (+), a payment or a
 * credit note credits (−). A payment has at most one entry, whatever the number of notifications.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    regieId: uuid('regie_id').notNull(),
    /** `basket`: the days of a paid basket, less the cagnotte used (the matching payment is its own entry). */
    kind: text('kind', { enum: ['invoice', 'credit_note', 'payment', 'basket'] }).notNull(),
    invoiceId: uuid('invoice_id'),
    paymentId: uuid('payment_id'),
    basketId: uuid('basket_id'),
    label: text('label').notNull(),
    amountCents: integer('amount_cents').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('ledger_entries_tenant_id_id').on(t.tenantId, t.id),
    unique('ledger_entries_one_per_payment').on(t.tenantId, t.paymentId),
    unique('ledger_entries_one_per_basket').on(t.tenantId, t.basketId),
    foreignKey({ name: 'ledger_entries_basket_fk', columns: [t.tenantId, t.basketId], foreignColumns: [baskets.tenantId, baskets.id] }),
    foreignKey({ name: 'ledger_entries_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'ledger_entries_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'ledger_entries_invoice_fk', columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
    foreignKey({ name: 'ledger_entries_payment_fk', columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }).onDelete('cascade'),
    check('ledger_entries_kind', sql`(${t.kind} = 'payment') = (${t.paymentId} is not null)`),
    index('ledger_entries_family').on(t.tenantId, t.familyId, t.regieId, t.at),
    index('ledger_entries_invoice').on(t.tenantId, t.invoiceId),
    index('ledger_entries_basket').on(t.tenantId, t.basketId),
  ],
);

/**
 * Every message received from or about a provider — notification, browser return, poll — with
 * what was made of it. Forged or tampered ones are kept here with the reason they were refused.
 * `summary` holds the non-sensitive fields only (references, status codes, amount).
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    paymentId: uuid('payment_id'),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    source: text('source', { enum: ['start', 'notification', 'return', 'poll', 'staff'] }).notNull(),
    outcome: text('outcome', { enum: ['applied', 'unchanged', 'pending', 'rejected', 'late'] }).notNull(),
    reason: text('reason'),
    summary: jsonb('summary').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('payment_events_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'payment_events_payment_fk', columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }).onDelete('cascade'),
    index('payment_events_payment').on(t.tenantId, t.paymentId, t.at),
  ],
);

/**
 * The tenant's online payment provider. `config` holds the public part (numcli, saisie, site,
 * rang, identifiant, algorithm, Paybox public key); `secretSealed` the Systempay key or the Paybox
 * HMAC key, sealed with the application key and never sent back to any screen.
 */
export const paymentSettings = pgTable('payment_settings', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: ['none', ...PAYMENT_PROVIDERS] }).notNull().default('none'),
  /** 'sandbox' (demo pages of this server, demo mode only), 'test' or 'production' platform. */
  environment: text('environment', { enum: PAYMENT_ENVIRONMENTS }).notNull().default('test'),
  config: jsonb('config').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  secretSealed: text('secret_sealed'),
  /** The town page holding <portail-factures>: the provider's accepted / refused / cancelled returns land there. */
  returnUrl: text('return_url'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Pay at booking. A family's basket (one per régie at a time) holds days of prepaid services, each
// a booking in state `in_basket` that holds its place, until the basket is paid (the bookings
// become `booked` in the settling transaction) or expires (they are cancelled, places released).
// The cagnotte is the family's credit in a régie: signed movements, the balance is their sum.
// ---------------------------------------------------------------------------------------------

export const BASKET_STATUSES = ['open', 'paying', 'paid', 'expired', 'emptied'] as const;
export type BasketStatus = (typeof BASKET_STATUSES)[number];

/**
 * `open` takes and loses lines; `paying` waits for the provider about `paymentId`; then `paid`
 * (lines booked), `expired` (the delay passed: lines cancelled) or `emptied` (the family removed
 * every line). One `open` or `paying` basket per family and régie.
 */
export const baskets = pgTable(
  'baskets',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    regieId: uuid('regie_id').notNull(),
    status: text('status', { enum: BASKET_STATUSES }).notNull().default('open'),
    /** The online payment under way (`paying`), or the one that paid it. */
    paymentId: uuid('payment_id'),
    /** The last change + the commune's delay: the expiry job empties it then, unless paid. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t): PgTableExtraConfigValue[] => [
    unique('baskets_tenant_id_id').on(t.tenantId, t.id),
    foreignKey({ name: 'baskets_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'baskets_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'baskets_payment_fk', columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
    check('baskets_status', sql`${t.status} in ('open', 'paying', 'paid', 'expired', 'emptied')`),
    check('baskets_paying', sql`(${t.status} = 'paying') <= (${t.paymentId} is not null)`),
    uniqueIndex('baskets_one_current').on(t.tenantId, t.familyId, t.regieId).where(sql`${t.status} in ('open', 'paying')`),
    index('baskets_expiry').on(t.status, t.expiresAt),
    index('baskets_payment').on(t.tenantId, t.paymentId),
  ],
);

/** A day of a prepaid service in a basket, at the price computed when it was added; its booking is `in_basket`. */
export const basketLines = pgTable(
  'basket_lines',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    basketId: uuid('basket_id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    childId: uuid('child_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    priceCents: integer('price_cents').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('basket_lines_tenant_id_id').on(t.tenantId, t.id),
    unique('basket_lines_one_per_booking').on(t.tenantId, t.bookingId),
    foreignKey({ name: 'basket_lines_basket_fk', columns: [t.tenantId, t.basketId], foreignColumns: [baskets.tenantId, baskets.id] }).onDelete('cascade'),
    foreignKey({ name: 'basket_lines_booking_fk', columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }).onDelete('cascade'),
    foreignKey({ name: 'basket_lines_child_fk', columns: [t.tenantId, t.childId], foreignColumns: [children.tenantId, children.id] }).onDelete('cascade'),
    foreignKey({ name: 'basket_lines_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }).onDelete('cascade'),
    check('basket_lines_price', sql`${t.priceCents} >= 0`),
    index('basket_lines_basket').on(t.tenantId, t.basketId),
    index('basket_lines_child').on(t.tenantId, t.childId),
    index('basket_lines_service').on(t.tenantId, t.serviceId),
  ],
);

export const CAGNOTTE_KINDS = ['cancellation', 'basket', 'late_payment', 'adjustment', 'refund'] as const;
export type CagnotteKind = (typeof CAGNOTTE_KINDS)[number];

/**
 * The family's cagnotte in a régie, movement by movement (signed cents: + credit, − use). Written
 * only through `recordCagnotteMovement` (modules/basket/cagnotte.ts) or, for the credit of a paid
 * day, `creditPaidDay` (modules/cagnotte/credits.ts). A basket uses it once, a late payment is
 * credited once, a paid day is credited once per basket that paid it.
 */
export const cagnotteMovements = pgTable(
  'cagnotte_movements',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    familyId: uuid('family_id').notNull(),
    regieId: uuid('regie_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    kind: text('kind', { enum: CAGNOTTE_KINDS }).notNull(),
    /** What the family reads: "Annulation Cantine – Léa – lundi 8 septembre 2026". */
    label: text('label').notNull(),
    bookingId: uuid('booking_id'),
    basketId: uuid('basket_id'),
    paymentId: uuid('payment_id'),
    /** Staff's note (adjustment, refund). */
    note: text('note'),
    staffUserId: uuid('staff_user_id'),
    /** For the régie to look at: a payment credited because its basket had expired. */
    flagged: boolean('flagged').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('cagnotte_movements_tenant_id_id').on(t.tenantId, t.id),
    unique('cagnotte_movements_one_per_payment').on(t.tenantId, t.kind, t.paymentId),
    // A basket uses the cagnotte once; a paid day is credited once per payment of it (cancelled in
    // time or missed for a reason not billed), whatever the replays and races of its cancellation.
    uniqueIndex('cagnotte_movements_one_use_per_basket').on(t.tenantId, t.basketId).where(sql`${t.kind} = 'basket'`),
    uniqueIndex('cagnotte_movements_one_credit_per_payment').on(t.tenantId, t.bookingId, t.basketId).where(sql`${t.kind} = 'cancellation'`),
    foreignKey({ name: 'cagnotte_movements_family_fk', columns: [t.tenantId, t.familyId], foreignColumns: [families.tenantId, families.id] }).onDelete('cascade'),
    foreignKey({ name: 'cagnotte_movements_regie_fk', columns: [t.tenantId, t.regieId], foreignColumns: [regies.tenantId, regies.id] }),
    foreignKey({ name: 'cagnotte_movements_booking_fk', columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
    foreignKey({ name: 'cagnotte_movements_basket_fk', columns: [t.tenantId, t.basketId], foreignColumns: [baskets.tenantId, baskets.id] }),
    foreignKey({ name: 'cagnotte_movements_payment_fk', columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
    foreignKey({ name: 'cagnotte_movements_staff_fk', columns: [t.tenantId, t.staffUserId], foreignColumns: [staffUsers.tenantId, staffUsers.id] }),
    check('cagnotte_movements_kind', sql`${t.kind} in ('cancellation', 'basket', 'late_payment', 'adjustment', 'refund')`),
    check('cagnotte_movements_amount', sql`${t.amountCents} <> 0`),
    index('cagnotte_movements_family').on(t.tenantId, t.familyId, t.regieId, t.createdAt),
    index('cagnotte_movements_booking').on(t.tenantId, t.bookingId),
    index('cagnotte_movements_payment').on(t.tenantId, t.paymentId),
  ],
);
