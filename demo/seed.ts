import { and, eq, isNull, sql } from 'drizzle-orm';
import { addDays, isoWeekday, parisDay } from '../server/src/domain/dates.js';
import type { Deps } from '../server/src/deps.js';
import { applyChanges } from '../server/src/modules/planning/bookings.js';
import type { Db, Tx } from '../server/src/db/client.js';
import { children, closures, enrollments, families, guardians, messageSettings, oneTimeCodes, paymentSettings, periods, pickupPersons, publicKeys, services, staffUsers, tenants } from '../server/src/db/schema/index.js';
import type { DeadlineRule } from '../server/src/domain/deadlines.js';
import { createFamily, createStaffUser, createTenant } from '../server/src/modules/tenants/service.js';
import { issueFamilyActivationCode } from '../server/src/modules/auth/codes.js';
import { SANDBOX_PAYBOX, SANDBOX_PAYFIP, SANDBOX_SYSTEMPAY } from './sandboxes/keys.js';
import { seedDemoBilling } from './seed-billing.js';
import { seedDemoMessages } from './seed-messages.js';

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
export async function seedDemo(deps: Deps, siteOrigin: string, now = new Date()): Promise<DemoTenant> {
  const { db } = deps.database;
  const { hasher } = deps;
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
      const { family: martin } = await createFamily(
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
      await seedMartinFile(tx, deps, tenant.id, martin.id);
      await seedDemoPlanning(tx, tenant.id, now);
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
  await enrollDemoChildren(db, demo.id);
  if (!anyTenant) await bookDemoWeeks(deps, demo.id, now);
  if (!anyTenant) await seedDemoMessages(db, demo.id, DEMO_LOGINS.agent.login, now);
  // The e-mails of new messages lead to the demo site's page holding <portail-messages>.
  if (!anyTenant) await db.update(messageSettings).set({ messagesPageUrl: `${siteOrigin}/messages.html` }).where(eq(messageSettings.tenantId, demo.id));
  await seedDemoPaymentSettings(deps, demo.id, siteOrigin);
  const [admin] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.tenantId, demo.id), eq(staffUsers.email, DEMO_LOGINS.admin.login)));
  if (admin) await seedDemoBilling(deps, demo.id, admin.id);
  return { tenantId: demo.id, publicKey: key.key, activationCode: await freshActivationCode(db, demo.id, now) };
}

export type DemoPaymentProvider = 'payfip' | 'tipi' | 'systempay' | 'paybox';

/**
 * The payment settings of "Ville de Démo" for one provider, all on the local sandboxes: what an
 * admin would enter in the settings page (`secret` in clear, null when the provider has none).
 */
export function demoPaymentSettings(provider: DemoPaymentProvider): {
  provider: DemoPaymentProvider;
  environment: 'sandbox';
  config: Record<string, string>;
  secret: string | null;
} {
  switch (provider) {
    case 'payfip':
      return { provider, environment: 'sandbox', config: { numcli: SANDBOX_PAYFIP.numcli, saisie: 'T' }, secret: null };
    case 'tipi':
      return { provider, environment: 'sandbox', config: { numcli: SANDBOX_PAYFIP.numcli, saisie: 'T' }, secret: null };
    case 'systempay':
      return {
        provider,
        environment: 'sandbox',
        config: { siteId: SANDBOX_SYSTEMPAY.siteId, algorithm: SANDBOX_SYSTEMPAY.algorithm, ctxMode: SANDBOX_SYSTEMPAY.ctxMode },
        secret: SANDBOX_SYSTEMPAY.testKey,
      };
    case 'paybox':
      return {
        provider,
        environment: 'sandbox',
        config: { site: SANDBOX_PAYBOX.site, rang: SANDBOX_PAYBOX.rang, identifiant: SANDBOX_PAYBOX.identifiant, hash: 'SHA512', publicKeyPem: SANDBOX_PAYBOX.publicKeyPem },
        secret: SANDBOX_PAYBOX.hmacKeyHex,
      };
  }
}

/**
 * Online payment of the demo town: PayFiP on the sandbox, paid invoices coming back to the
 * "Factures" page. The configuration also holds what the other providers need, so that choosing
 * another one in the settings page only asks for its key. Set once: later starts keep what an
 * admin changed.
 */
async function seedDemoPaymentSettings(deps: Deps, tenantId: string, siteOrigin: string) {
  const current = demoPaymentSettings('payfip');
  const config = Object.assign({}, ...(['payfip', 'systempay', 'paybox'] as const).map((p) => demoPaymentSettings(p).config), current.config) as Record<string, string>;
  await deps.database.db
    .insert(paymentSettings)
    .values({
      tenantId,
      provider: current.provider,
      environment: current.environment,
      config,
      secretSealed: current.secret === null ? null : deps.encryption.encrypt(current.secret),
      returnUrl: `${siteOrigin}/factures.html`,
    })
    .onConflictDoNothing({ target: paymentSettings.tenantId });
}

const CANTINE: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } };
const ACCUEIL: DeadlineRule = { kind: 'days_before', days: 1, time: '16:00', skip: { weekends: false, holidays: false, weekdays: [] } };

/** Two school years of the demo town (the current one and the next), its services. */
async function seedDemoPlanning(tx: Tx, tenantId: string, now: Date) {
  const today = parisDay(now);
  const first = Number(today.slice(5, 7)) >= 8 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  const year: [string, 'school' | 'holidays', string, string][] = [first, first + 1].flatMap((y): [string, 'school' | 'holidays', string, string][] => [
    ['Période 1', 'school', `${y}-09-01`, `${y}-10-16`],
    ['Vacances de la Toussaint', 'holidays', `${y}-10-17`, `${y}-11-01`],
    ['Période 2', 'school', `${y}-11-02`, `${y}-12-18`],
    ['Vacances de Noël', 'holidays', `${y}-12-19`, `${y + 1}-01-03`],
    ['Période 3', 'school', `${y + 1}-01-04`, `${y + 1}-02-19`],
    ['Vacances d’hiver', 'holidays', `${y + 1}-02-20`, `${y + 1}-03-07`],
    ['Période 4', 'school', `${y + 1}-03-08`, `${y + 1}-04-16`],
    ['Vacances de printemps', 'holidays', `${y + 1}-04-17`, `${y + 1}-05-02`],
    ['Période 5', 'school', `${y + 1}-05-03`, `${y + 1}-07-03`],
    ['Vacances d’été', 'holidays', `${y + 1}-07-04`, `${y + 1}-08-31`],
  ]);
  await tx.insert(periods).values(year.map(([label, kind, startDate, endDate]) => ({ tenantId, label, kind, startDate, endDate })));
  await tx.insert(closures).values({ tenantId, startDate: `${first}-12-11`, endDate: `${first}-12-11`, reason: 'journée pédagogique' });
  const created = await tx
    .insert(services)
    .values([
      { tenantId, label: 'Cantine', groupLabel: 'Restauration scolaire', position: 1, weekdays: [1, 2, 4, 5], capacity: 150, bookingDeadline: CANTINE, cancellationDeadline: CANTINE, priceCents: 415, startTime: '11:45', endTime: '13:30' },
      { tenantId, label: 'Accueil matin', groupLabel: 'Accueil périscolaire', position: 2, weekdays: [1, 2, 4, 5], capacity: 40, bookingDeadline: ACCUEIL, cancellationDeadline: ACCUEIL, priceCents: 180, startTime: '07:30', endTime: '08:30' },
      { tenantId, label: 'Accueil soir', groupLabel: 'Accueil périscolaire', position: 3, weekdays: [1, 2, 4, 5], capacity: 60, bookingDeadline: ACCUEIL, cancellationDeadline: ACCUEIL, priceCents: 250, startTime: '16:30', endTime: '18:30' },
      {
        tenantId,
        label: 'Mercredi journée',
        groupLabel: 'Mercredis',
        position: 4,
        weekdays: [3],
        capacity: 48,
        needsApproval: true,
        bookingDeadline: { kind: 'weekday_previous_week', weekday: 3, time: '18:00' },
        cancellationDeadline: { kind: 'weekday_previous_week', weekday: 3, time: '18:00' },
        priceCents: 1200,
      },
      {
        // Paid at booking: a ticked day waits in the family's basket until it is paid online.
        tenantId,
        label: 'Mercredi loisirs',
        groupLabel: 'Mercredis',
        position: 7,
        weekdays: [3],
        periodKind: 'school',
        capacity: 24,
        billingMode: 'prepaid',
        bookingDeadline: { kind: 'days_before', days: 2, time: '18:00', skip: { weekends: false, holidays: false, weekdays: [] } },
        cancellationDeadline: { kind: 'days_before', days: 2, time: '18:00', skip: { weekends: false, holidays: false, weekdays: [] } },
        priceCents: 1250,
      },
      {
        tenantId,
        label: 'Petites vacances matin',
        groupLabel: 'Vacances',
        position: 5,
        weekdays: [1, 2, 3, 4, 5],
        periodKind: 'holidays',
        capacity: 24,
        bookingDeadline: { kind: 'day_of_previous_month', day: 20, time: '23:59' },
        cancellationDeadline: { kind: 'days_before', days: 7, time: '12:00', skip: { weekends: true, holidays: true, weekdays: [] } },
        priceCents: 600,
      },
      {
        tenantId,
        label: 'Petites vacances après-midi',
        groupLabel: 'Vacances',
        position: 6,
        weekdays: [1, 2, 3, 4, 5],
        periodKind: 'holidays',
        capacity: 24,
        bookingDeadline: { kind: 'day_of_previous_month', day: 20, time: '23:59' },
        cancellationDeadline: { kind: 'days_before', days: 7, time: '12:00', skip: { weekends: true, holidays: true, weekdays: [] } },
        priceCents: 600,
      },
    ])
    .returning({ id: services.id });
  return created.map((s) => s.id);
}

/** The Martin family's file, as a parent who filled it in would have it (health data sealed). */
async function seedMartinFile(tx: Tx, deps: Deps, tenantId: string, familyId: string) {
  const address = { addressLine1: '12 rue des Tilleuls', postalCode: '00000', city: 'Ville-de-Démo' };
  await tx.insert(guardians).values([
    { tenantId, familyId, role: 'responsable', civility: 'Mme', firstName: 'Claire', lastName: 'Martin', phoneMobile: '06 12 34 56 78', email: DEMO_LOGINS.family.login, ...address },
    { tenantId, familyId, role: 'conjoint', civility: 'M.', firstName: 'Thomas', lastName: 'Martin', phoneMobile: '06 98 76 54 32', ...address },
  ]);
  await tx.update(families).set({ quotientFamilial: 850, cafNumber: '1234567' }).where(eq(families.id, familyId));
  const kids = await tx.select({ id: children.id, firstName: children.firstName }).from(children).where(eq(children.familyId, familyId));
  const lea = kids.find((k) => k.firstName === 'Léa')!;
  await tx
    .update(children)
    .set({
      sex: 'F',
      healthSealed: deps.encryption.encrypt(
        JSON.stringify({ allergies: ['arachide'], pai: { active: true, details: 'Trousse d’urgence dans le sac' }, doctorName: 'Dr Lefèvre', doctorPhone: '01 23 45 67 89', vaccinations: [{ name: 'DTP', date: '2024-03-01' }], needsSupport: false, notes: null }),
      ),
    })
    .where(eq(children.id, lea.id));
  await tx.insert(pickupPersons).values([
    { tenantId, childId: lea.id, firstName: 'Monique', lastName: 'Martin', relation: 'Grand-mère', phone: '06 11 22 33 44', allowed: true },
  ]);
}

const FIRST_NAMES = ['Jade', 'Louis', 'Emma', 'Gabriel', 'Louise', 'Raphaël', 'Alice', 'Arthur', 'Chloé', 'Jules', 'Inès', 'Adam', 'Lina', 'Maël', 'Rose', 'Sacha', 'Mila', 'Nathan', 'Léna', 'Noah'];
/** One name per family: forty families, forty names, so that no two look like the same family twice. */
const LAST_NAMES = [
  'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia',
  'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont',
  'Lambert', 'Bonnet', 'François', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guerin', 'Muller',
  'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Mathieu', 'Clement', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine',
];
const DIETS = ['standard', 'standard', 'standard', 'sans_viande', 'standard', 'sans_gluten', 'standard', 'panier_repas'] as const;

/**
 * The rest of the town: forty families without an online account yet, whose children the service
 * booked at the town hall for the coming three weeks, so that headcounts and full days look real.
 */
async function bookDemoWeeks(deps: Deps, tenantId: string, now: Date) {
  const { db } = deps.database;
  const kids: { id: string }[] = [];
  for (let i = 0; i < 40; i++) {
    const { family } = await createFamily(
      db,
      tenantId,
      {
        familyNumber: `F-${String(100 + i).padStart(4, '0')}`,
        name: `Famille ${LAST_NAMES[i % LAST_NAMES.length]}`,
        children: [
          {
            // Shifted every round of first names, so that the same first name goes with another rhythm of schools.
            firstName: FIRST_NAMES[(i + Math.floor(i / FIRST_NAMES.length)) % FIRST_NAMES.length],
            lastName: LAST_NAMES[i % LAST_NAMES.length],
            school: i % 3 === 0 ? 'École maternelle Les Tilleuls' : 'École élémentaire Jules Ferry',
            className: i % 3 === 0 ? 'GS' : ['CP', 'CE1', 'CE2', 'CM1', 'CM2'][i % 5],
          },
        ],
      },
      now,
    );
    const [child] = await db.select({ id: children.id }).from(children).where(eq(children.familyId, family.id));
    await db.update(children).set({ diet: DIETS[i % DIETS.length] }).where(eq(children.id, child.id));
    kids.push(child);
  }
  await enrollDemoChildren(db, tenantId);
  const [staff] = await db.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.tenantId, tenantId), eq(staffUsers.role, 'agent')));
  const list = await db.select({ id: services.id, label: services.label }).from(services).where(eq(services.tenantId, tenantId));
  const cantine = list.find((s) => s.label === 'Cantine')!.id;
  const soir = list.find((s) => s.label === 'Accueil soir')!.id;
  const today = parisDay(now);
  const days = Array.from({ length: 21 }, (_, i) => addDays(today, i + 1)).filter((d) => [1, 2, 4, 5].includes(isoWeekday(d)));
  const [tenant] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  for (const [index, child] of kids.entries()) {
    const changes = days.flatMap((date) => [
      { childId: child.id, serviceId: cantine, date, action: 'book' as const },
      ...(index % 3 === 0 ? [{ childId: child.id, serviceId: soir, date, action: 'book' as const }] : []),
    ]);
    // Days outside the school periods (holidays) are left out, as the grid would.
    const inTerm = await schoolDays(db, tenantId, changes.map((c) => c.date));
    const bookable = changes.filter((c) => inTerm.has(c.date));
    if (bookable.length === 0) continue;
    await applyChanges(deps, { id: tenantId, name: tenant.name }, { kind: 'staff', staffUserId: staff.id }, bookable, {
      tenantId,
      actor: `staff:${staff.id}`,
      key: `demo-${child.id}`,
      hash: 'demo',
    });
  }
}

async function schoolDays(db: Db, tenantId: string, days: string[]) {
  const rows = await db.select({ start: periods.startDate, end: periods.endDate }).from(periods).where(eq(periods.tenantId, tenantId));
  return new Set(days.filter((d) => rows.some((p) => p.start <= d && d <= p.end)));
}

/** Every demo child is enrolled in every service, from the first period on. */
async function enrollDemoChildren(db: Db, tenantId: string) {
  const [start] = await db.select({ day: sql<string>`min(${periods.startDate})::text` }).from(periods).where(eq(periods.tenantId, tenantId));
  const serviceIds = (await db.select({ id: services.id }).from(services).where(eq(services.tenantId, tenantId))).map((s) => s.id);
  const kids = await db.select({ id: children.id }).from(children).where(eq(children.tenantId, tenantId));
  const existing = await db.select({ childId: enrollments.childId }).from(enrollments).where(eq(enrollments.tenantId, tenantId));
  const enrolled = new Set(existing.map((e) => e.childId));
  const rows = kids.filter((k) => !enrolled.has(k.id)).flatMap((k) => serviceIds.map((serviceId) => ({ tenantId, childId: k.id, serviceId, startDate: start.day })));
  if (rows.length) await db.insert(enrollments).values(rows);
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
