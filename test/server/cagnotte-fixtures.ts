import { and, eq, sql } from 'drizzle-orm';
import { absenceReasons, basketLines, baskets, bookings, cagnotteMovements, enrollments, ledgerEntries, payments, periods, services } from '../../server/src/db/schema/index.js';
import type { DeadlineRule } from '../../server/src/domain/deadlines.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';
import { call, seedFamily, unique, type TestContext } from './helpers.js';

/** "La veille à 18:00": the Wednesday club's booking and cancellation deadline. */
export const MERCREDI_DEADLINE: DeadlineRule = { kind: 'days_before', days: 1, time: '18:00', skip: { weekends: false, holidays: false, weekdays: [] } };

/** The Wednesdays of September 2026 (the test clock stands on Monday 7 September, 10:00 in Paris). */
export const WEDNESDAYS = ['2026-09-09', '2026-09-16', '2026-09-23', '2026-09-30'];

/**
 * A commune with an admin and an agent signed in, the school year, a régie PERI, a prepaid
 * "Mercredi" at 12,00 € a day (paid at booking, cancellable until the day before at 18:00), a
 * monthly canteen at 4,15 €, two absence reasons, and the Martin family (Léa and Hugo, enrolled
 * in both) signed in on the town site.
 */
export async function cagnotteTown(ctx: TestContext, name = 'Ville de Test') {
  const town = await staffTenant(ctx, name);
  const tenantId = town.tenant.id;
  const db = ctx.deps.database.db;
  await db.insert(periods).values({ tenantId, label: 'Année scolaire', kind: 'school', startDate: '2026-09-01', endDate: '2027-07-03' });
  const regieAnswer = await adminCall(ctx, 'POST', '/regies', { cookie: town.admin.cookie, body: { code: 'PERI', name: 'Régie périscolaire', dueDays: 30 } });
  if (regieAnswer.status !== 201) throw new Error(`régie: ${regieAnswer.status} ${await regieAnswer.text()}`);
  const regie = (await regieAnswer.json()) as { id: string; code: string; name: string };
  const [mercredi, cantine] = await db
    .insert(services)
    .values([
      { tenantId, label: 'Mercredi', weekdays: [3], priceCents: 1200, billingMode: 'prepaid', bookingDeadline: MERCREDI_DEADLINE, cancellationDeadline: MERCREDI_DEADLINE, regieId: regie.id, position: 2 },
      { tenantId, label: 'Cantine', weekdays: [1, 2, 4, 5], priceCents: 415, regieId: regie.id, position: 1 },
    ])
    .returning();
  const [sick, personal] = await db
    .insert(absenceReasons)
    .values([
      { tenantId, label: 'Maladie avec certificat', billed: false },
      { tenantId, label: 'Convenance personnelle', billed: true },
    ])
    .returning();
  const family = await addFamily(ctx, town, [mercredi.id, cantine.id]);
  return { ...town, tenantId, regie, mercredi, cantine, reasons: { sick: sick.id, personal: personal.id }, family };
}

export type CagnotteTown = Awaited<ReturnType<typeof cagnotteTown>>;

/** A family of the town with an account, its children enrolled in the services, signed in. */
export async function addFamily(ctx: TestContext, town: { tenant: { id: string }; base: string }, serviceIds: string[]) {
  const password = 'mot de passe de la famille';
  const seeded = await seedFamily(ctx, town.tenant.id, { password });
  const db = ctx.deps.database.db;
  const kids = await db.query.children.findMany({ where: (c, { eq: is }) => is(c.familyId, seeded.family.id), orderBy: (c, { asc }) => asc(c.birthDate) });
  await db.insert(enrollments).values(kids.flatMap((k) => serviceIds.map((serviceId) => ({ tenantId: town.tenant.id, childId: k.id, serviceId, startDate: '2026-09-01' }))));
  const signIn = async () => {
    const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: seeded.email, password }, headers: { 'X-Forwarded-For': unique('ip-') } });
    return ((await login.json()) as { token: string }).token;
  };
  return { id: seeded.family.id, number: seeded.number, token: await signIn(), signIn, lea: kids[0].id, hugo: kids[1].id };
}

/**
 * Moves the clock to `instant` and signs the family and the admin in again (their sessions would
 * have expired); `back()` returns to the usual Monday 7 September, 10:00 in Paris, signed in.
 */
export async function travelTo(ctx: TestContext, town: CagnotteTown, instant: string) {
  const signInAll = async () => {
    town.family.token = await town.family.signIn();
    town.admin.cookie = await staffCookie(ctx, town.admin.email, town.admin.password);
  };
  ctx.clock.set(instant);
  await signInAll();
  return {
    back: async () => {
      ctx.clock.set('2026-09-07T08:00:00Z');
      await signInAll();
    },
  };
}

/**
 * A basket paid as the basket's settlement leaves it: the days booked, the basket `paid` with its
 * lines at their price, the payment paid (lines − cagnotte used), the account debited with the
 * lines less the cagnotte and credited with the payment, the cagnotte used once.
 */
export async function paidBasket(
  ctx: TestContext,
  town: CagnotteTown,
  family: { id: string },
  lines: { childId: string; day: string; priceCents?: number }[],
  options: { cagnotteUsedCents?: number; at?: Date } = {},
) {
  const db = ctx.deps.database.db;
  const tenantId = town.tenantId;
  const at = options.at ?? ctx.clock.now();
  const priced = lines.map((l) => ({ ...l, priceCents: l.priceCents ?? town.mercredi.priceCents }));
  const linesCents = priced.reduce((sum, l) => sum + l.priceCents, 0);
  const used = options.cagnotteUsedCents ?? 0;
  const amount = linesCents - used;
  return db.transaction(async (tx) => {
    const [basket] = await tx.insert(baskets).values({ tenantId, familyId: family.id, regieId: town.regie.id, status: 'paid', expiresAt: new Date(at.getTime() + 48 * 3600_000), createdAt: at, updatedAt: at, closedAt: at }).returning();
    const booked = await tx
      .insert(bookings)
      .values(priced.map((l) => ({ tenantId, childId: l.childId, serviceId: town.mercredi.id, day: l.day, state: 'booked' as const, channel: 'internet' as const, createdAt: at, updatedAt: at })))
      .onConflictDoUpdate({ target: [bookings.tenantId, bookings.childId, bookings.serviceId, bookings.day], set: { state: 'booked', absenceReasonId: null, updatedAt: at } })
      .returning();
    await tx.insert(basketLines).values(
      priced.map((l) => ({ tenantId, basketId: basket.id, bookingId: booked.find((b) => b.childId === l.childId && b.day === l.day)!.id, childId: l.childId, serviceId: town.mercredi.id, day: l.day, priceCents: l.priceCents, createdAt: at })),
    );
    let paymentId: string | null = null;
    if (amount > 0) {
      const [payment] = await tx
        .insert(payments)
        .values({ tenantId, familyId: family.id, regieId: town.regie.id, purpose: 'basket', basketId: basket.id, linesCents, cagnotteCents: used, debtCents: 0, method: 'online', provider: 'payfip', environment: 'sandbox', status: 'paid', amountCents: amount, reference: unique('ref'), paidAt: at, createdAt: at, updatedAt: at })
        .returning();
      paymentId = payment.id;
      await tx.update(baskets).set({ paymentId }).where(and(eq(baskets.tenantId, tenantId), eq(baskets.id, basket.id)));
    }
    await tx.insert(ledgerEntries).values({ tenantId, familyId: family.id, regieId: town.regie.id, kind: 'basket', basketId: basket.id, label: 'Panier', amountCents: amount, at });
    if (paymentId) await tx.insert(ledgerEntries).values({ tenantId, familyId: family.id, regieId: town.regie.id, kind: 'payment', paymentId, label: 'Paiement en ligne', amountCents: -amount, at });
    if (used > 0) await tx.insert(cagnotteMovements).values({ tenantId, familyId: family.id, regieId: town.regie.id, amountCents: -used, kind: 'basket', label: 'Utilisée pour un panier', basketId: basket.id, createdAt: at });
    return { basketId: basket.id, paymentId, amountCents: amount, bookingIds: booked.map((b) => b.id) };
  });
}

export const cancel = (ctx: TestContext, town: CagnotteTown, token: string, childId: string, date: string, key = unique('cle-')) =>
  call(ctx, 'POST', `${town.base}/planning/changes`, { token, body: { changes: [{ childId, serviceId: town.mercredi.id, date, action: 'cancel' }] }, headers: { 'Idempotency-Key': key } });

export const absence = (ctx: TestContext, town: CagnotteTown, token: string, childId: string, date: string, reasonId: string) =>
  call(ctx, 'POST', `${town.base}/planning/absences`, { token, body: { childId, serviceId: town.mercredi.id, date, reasonId }, headers: { 'Idempotency-Key': unique('cle-') } });

export async function familyCagnotte(ctx: TestContext, town: { base: string }, token: string) {
  const res = await call(ctx, 'GET', `${town.base}/cagnotte`, { token });
  if (res.status !== 200) throw new Error(`GET /cagnotte: ${res.status} ${await res.text()}`);
  return res.json() as Promise<import('../../server/src/contracts/index.js').Cagnotte>;
}

/** The family's account (ledger) balance in the commune: positive when it owes. */
export async function ledgerBalance(ctx: TestContext, tenantId: string, familyId: string) {
  const [row] = await ctx.deps.database.db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.familyId, familyId)));
  return Number(row.balance);
}
