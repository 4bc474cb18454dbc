import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, unique, customType, integer, boolean, jsonb, check } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A commune (or a syndicate of communes). */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Public configuration and settings of a tenant; one row per tenant. */
export const settings = pgTable('settings', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  logoUrl: text('logo_url'),
  logoImage: bytea('logo_image'),
  logoMime: text('logo_mime'),
  logoWidth: integer('logo_width'),
  logoHeight: integer('logo_height'),
  primaryColor: text('primary_color').notNull().default('#1d4f91'),
  primaryTextColor: text('primary_text_color').notNull().default('#ffffff'),
  infoMessage: text('info_message'),
  infoDate: text('info_date'),
  contactEmail: text('contact_email'),
  /** Address of the town page holding <portail-login>; reset links are built from it, never from a Host header. */
  portalUrl: text('portal_url'),
  locale: text('locale').notNull().default('fr'),
  /** Alsace-Moselle: Good Friday and 26 December are public holidays too. */
  alsaceMoselle: boolean('alsace_moselle').notNull().default(false),
  /** Per group of the family file: whether parents change it directly or staff validate first. */
  /** Hours after its last change before an unpaid basket (pay at booking) empties itself. */
  basketExpiryHours: integer('basket_expiry_hours').notNull().default(48),
  familyFilePolicy: jsonb('family_file_policy').$type<Record<string, 'direct' | 'validation'>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('settings_basket_expiry_hours', sql`${t.basketExpiryHours} between 1 and 720`)]);

/** pk_… keys that identify a tenant in the URL path; they grant nothing alone. */
export const publicKeys = pgTable(
  'public_keys',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    key: text('key').notNull().unique(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [unique('public_keys_tenant_id_id').on(t.tenantId, t.id)],
);

/** Origins (scheme://host[:port]) allowed to call a tenant's API; exact match. */
export const allowedOrigins = pgTable(
  'allowed_origins',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom().primaryKey(),
    origin: text('origin').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('allowed_origins_tenant_id_id').on(t.tenantId, t.id), unique('allowed_origins_tenant_origin').on(t.tenantId, t.origin)],
);

export { bytea };
