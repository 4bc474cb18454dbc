import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, integer, check, boolean } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/** A régie (the treasury account that collects): "Régie périscolaire", with its own numbering. */
export const regies = pgTable(
  'regies',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    /** Code used in invoice numbers and PayFiP references: 1–20 of A–Z 0–9 ("PERI" → 2026-PERI-000123). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** PayFiP / TIPI "numéro client" of this régie (6 digits); falls back to the tenant's. */
    payfipNumcli: text('payfip_numcli'),
    /** Days between the invoice date and its due date. */
    dueDays: integer('due_days').notNull().default(30),
    /** How to pay, printed on the invoice (address of the régie, opening hours, cheque payee…). */
    paymentInstructions: text('payment_instructions'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('regies_tenant_id_id').on(t.tenantId, t.id),
    unique('regies_tenant_code').on(t.tenantId, t.code),
    check('regies_code', sql`${t.code} ~ '^[A-Z0-9]{1,20}$'`),
    check('regies_numcli', sql`${t.payfipNumcli} is null or ${t.payfipNumcli} ~ '^[0-9]{6}$'`),
    check('regies_due_days', sql`${t.dueDays} between 0 and 365`),
  ],
);
