import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { and, eq } from 'drizzle-orm';
import { absenceReasons, allowedOrigins, children, families, publicKeys, schools, settings, staffUsers, tenants } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import { issueFamilyActivationCode, issueStaffActivationToken } from '../auth/codes.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** pk_live_… (or pk_test_… for demo tenants): 32 base-62 characters, unguessable but not secret. */
export function newPublicKey(mode: 'live' | 'test' = 'live'): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return `pk_${mode}_${out}`;
}

/** An origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) return null;
    if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * The reasons parents already know (legacy portals' list). Only "Autres" is billed by default;
 * each commune adjusts the list and the billing in its settings.
 */
export const DEFAULT_ABSENCE_REASONS = [
  { label: 'Raison médicale', billed: false },
  { label: 'Voyage ou sortie scolaire', billed: false },
  { label: 'Absence de l’enseignant', billed: false },
  { label: 'Grève du personnel ou des enseignants', billed: false },
  { label: 'Accident de la circulation', billed: false },
  { label: 'Participation à une séquence de soutien', billed: false },
  { label: 'Cas de force majeure', billed: false },
  { label: 'Circonstances exceptionnelles', billed: false },
  { label: 'Autres', billed: true },
];

export interface NewTenant {
  name: string;
  origins: string[];
  portalUrl?: string;
  contactEmail?: string;
  keyMode?: 'live' | 'test';
}

export async function createTenant(tx: Tx | Db, input: NewTenant) {
  const [tenant] = await tx.insert(tenants).values({ name: input.name }).returning();
  await tx.insert(settings).values({ tenantId: tenant.id, portalUrl: input.portalUrl, contactEmail: input.contactEmail });
  const key = newPublicKey(input.keyMode);
  await tx.insert(publicKeys).values({ tenantId: tenant.id, key, label: 'Clé principale' });
  if (input.origins.length) await tx.insert(allowedOrigins).values(input.origins.map((origin) => ({ tenantId: tenant.id, origin })));
  await tx.insert(absenceReasons).values(DEFAULT_ABSENCE_REASONS.map((reason, position) => ({ tenantId: tenant.id, position, ...reason })));
  await audit(tx, { tenantId: tenant.id }, 'commune_creee', null, { name: input.name });
  return { tenant, publicKey: key };
}

export async function createStaffUser(
  tx: Tx | Db,
  tenantId: string,
  input: { email: string; displayName: string; role: 'admin' | 'agent'; passwordHash?: string },
  now: Date,
) {
  const [user] = await tx
    .insert(staffUsers)
    .values({ tenantId, email: input.email.toLowerCase(), displayName: input.displayName, role: input.role, passwordHash: input.passwordHash })
    .returning();
  const activation = input.passwordHash ? null : await issueStaffActivationToken(tx, tenantId, user.id, now);
  return { user, activation };
}

/** The school of that name, created on first mention. */
export async function schoolIdFor(tx: Tx | Db, tenantId: string, name: string): Promise<string> {
  const [created] = await tx.insert(schools).values({ tenantId, name }).onConflictDoNothing().returning({ id: schools.id });
  if (created) return created.id;
  const [existing] = await tx.select({ id: schools.id }).from(schools).where(and(eq(schools.tenantId, tenantId), eq(schools.name, name)));
  return existing.id;
}

export interface NewFamily {
  familyNumber: string;
  name: string;
  email?: string;
  passwordHash?: string;
  children?: { firstName: string; lastName: string; birthDate?: string; school?: string; className?: string }[];
}

/** A family with its children; an activation code is issued when no password is given. */
export async function createFamily(tx: Tx | Db, tenantId: string, input: NewFamily, now: Date) {
  const [family] = await tx
    .insert(families)
    .values({
      tenantId,
      familyNumber: input.familyNumber,
      name: input.name,
      email: input.email?.toLowerCase(),
      passwordHash: input.passwordHash,
      activatedAt: input.passwordHash ? now : null,
    })
    .returning();
  for (const { school, ...child } of input.children ?? []) {
    const schoolId = school ? await schoolIdFor(tx, tenantId, school) : null;
    await tx.insert(children).values({ tenantId, familyId: family.id, schoolId, ...child });
  }
  const activation = input.passwordHash ? null : await issueFamilyActivationCode(tx, tenantId, family.id, now);
  return { family, activation };
}

/** Serialises one commune's writes that check a count or a whole set (keys, origins, imports, letter batches) across API instances. */
export async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}
