import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { allowedOrigins, auditLog, children, families, publicKeys, settings, staffUsers, tenants } from '../../db/schema/index.js';
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
  await tx.insert(auditLog).values({ tenantId: tenant.id, action: 'commune_creee', details: { name: input.name } });
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
  if (input.children?.length) await tx.insert(children).values(input.children.map((child) => ({ tenantId, familyId: family.id, ...child })));
  const activation = input.passwordHash ? null : await issueFamilyActivationCode(tx, tenantId, family.id, now);
  return { family, activation };
}
