import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../server/src/db/client.js';
import { families, oneTimeCodes, publicKeys, tenants } from '../server/src/db/schema/index.js';
import type { PasswordHasher } from '../server/src/security/passwords.js';
import { createFamily, createStaffUser, createTenant } from '../server/src/modules/tenants/service.js';
import { issueFamilyActivationCode } from '../server/src/modules/auth/codes.js';

export const DEMO_TOWN = 'Ville de Démo';
/** Demo accounts only: these passwords exist in this file and in the demo database, nowhere else. */
export const DEMO_LOGINS = {
  family: { login: 'famille.martin@exemple.fr', password: 'Cantine-Demo-2026' },
  admin: { login: 'admin@ville-de-demo.fr', password: 'Mairie-Admin-2026' },
  agent: { login: 'agent@ville-de-demo.fr', password: 'Mairie-Agent-2026' },
  newFamilyNumber: 'F-0002',
};

export interface DemoTenant {
  tenantId: string;
  publicKey: string;
  /** A fresh activation code for the not-yet-activated demo family (codes are stored hashed, so one is issued per start). */
  activationCode: string | null;
}

/** Seeds "Ville de Démo" only when the database holds no tenant; on later starts it finds it again. */
export async function seedDemo(db: Db, hasher: PasswordHasher, siteOrigin: string, now = new Date()): Promise<DemoTenant> {
  const [existing] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.name, DEMO_TOWN)).limit(1);
  const anyTenant = existing ?? (await db.select({ id: tenants.id }).from(tenants).limit(1))[0];
  if (!anyTenant) {
    await db.transaction(async (tx) => {
      const { tenant } = await createTenant(tx, {
        name: DEMO_TOWN,
        origins: [siteOrigin],
        portalUrl: `${siteOrigin}/cantine-periscolaire.html`,
        contactEmail: 'enfance@ville-de-demo.fr',
        keyMode: 'test',
      });
      await createStaffUser(tx, tenant.id, { email: DEMO_LOGINS.admin.login, displayName: 'Claire Admin', role: 'admin', passwordHash: await hasher.hash(DEMO_LOGINS.admin.password) }, now);
      await createStaffUser(tx, tenant.id, { email: DEMO_LOGINS.agent.login, displayName: 'Karim Agent', role: 'agent', passwordHash: await hasher.hash(DEMO_LOGINS.agent.password) }, now);
      await createFamily(
        tx,
        tenant.id,
        {
          familyNumber: 'F-0001',
          name: 'Famille Martin',
          email: DEMO_LOGINS.family.login,
          passwordHash: await hasher.hash(DEMO_LOGINS.family.password),
          children: [
            { firstName: 'Léa', lastName: 'Martin', birthDate: '2018-03-14', school: 'École élémentaire Jules Ferry', className: 'CE2' },
            { firstName: 'Hugo', lastName: 'Martin', birthDate: '2021-06-02', school: 'École maternelle Les Tilleuls', className: 'MS' },
          ],
        },
        now,
      );
      await createFamily(
        tx,
        tenant.id,
        {
          familyNumber: DEMO_LOGINS.newFamilyNumber,
          name: 'Famille Nguyen',
          children: [{ firstName: 'Emma', lastName: 'Nguyen', birthDate: '2017-09-21', school: 'École élémentaire Jules Ferry', className: 'CM1' }],
        },
        now,
      );
    });
  }
  const [demo] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.name, DEMO_TOWN)).limit(1);
  if (!demo) throw new Error('La base contient déjà des communes mais pas « Ville de Démo » : la démonstration ne la modifie pas.');
  const [key] = await db
    .select({ key: publicKeys.key })
    .from(publicKeys)
    .where(and(eq(publicKeys.tenantId, demo.id), isNull(publicKeys.revokedAt)))
    .orderBy(publicKeys.createdAt)
    .limit(1);
  if (!key) throw new Error('Aucune clé publique active pour « Ville de Démo » : créez-en une dans la page de paramètres.');
  return { tenantId: demo.id, publicKey: key.key, activationCode: await freshActivationCode(db, demo.id, now) };
}

async function freshActivationCode(db: Db, tenantId: string, now: Date) {
  const [family] = await db
    .select({ id: families.id, activatedAt: families.activatedAt })
    .from(families)
    .where(and(eq(families.tenantId, tenantId), eq(families.familyNumber, DEMO_LOGINS.newFamilyNumber)));
  if (!family || family.activatedAt) return null;
  return db.transaction(async (tx) => {
    await tx
      .update(oneTimeCodes)
      .set({ usedAt: now })
      .where(and(eq(oneTimeCodes.tenantId, tenantId), eq(oneTimeCodes.familyId, family.id), eq(oneTimeCodes.purpose, 'activation'), isNull(oneTimeCodes.usedAt)));
    return (await issueFamilyActivationCode(tx, tenantId, family.id, now)).code;
  });
}
