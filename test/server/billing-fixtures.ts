import { and, eq, sql } from 'drizzle-orm';
import { absenceReasons, bookings, children, enrollments, families, ledgerEntries, periods, services, type BookingState } from '../../server/src/db/schema/index.js';
import type { DeadlineRule } from '../../server/src/domain/deadlines.js';
import { eachDay, isoWeekday } from '../../server/src/domain/dates.js';
import { publicHolidayName } from '../../server/src/domain/holidays.js';
import { createFamily } from '../../server/src/modules/tenants/service.js';
import { adminCall } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';
import { unique, type TestContext } from './helpers.js';

/** "La veille à 10:00, jours ouvrés", the canteen's cancellation deadline. */
export const CANTINE_DEADLINE: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } };

/** The canteen days (Monday, Tuesday, Thursday, Friday, not public holidays) of a month: 17 in September 2026. */
export const canteenDays = (month: string) =>
  eachDay(`${month}-01`, `${month}-${new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()}`).filter(
    (day) => [1, 2, 4, 5].includes(isoWeekday(day)) && publicHolidayName(day) === null,
  );

export interface ChildSpec {
  firstName: string;
  birthDate: string;
}

/**
 * A commune with an admin and an agent logged in, the school year, a canteen at 4,15 € a day
 * (cancellation the day before at 10:00), a régie PERI, and the Martin family (Léa, the eldest,
 * and Hugo) with an e-mail address, enrolled in the canteen.
 */
export async function billingTown(ctx: TestContext, name = 'Ville de Test') {
  const town = await staffTenant(ctx, name);
  const tenantId = town.tenant.id;
  const db = ctx.deps.database.db;
  await db.insert(periods).values({ tenantId, label: 'Année scolaire', kind: 'school', startDate: '2026-09-01', endDate: '2027-07-03' });
  const [cantine] = await db
    .insert(services)
    .values({ tenantId, label: 'Cantine', weekdays: [1, 2, 4, 5], priceCents: 415, bookingDeadline: CANTINE_DEADLINE, cancellationDeadline: CANTINE_DEADLINE, position: 1 })
    .returning();
  const res = await adminCall(ctx, 'POST', '/regies', {
    cookie: town.admin.cookie,
    body: { code: 'PERI', name: 'Cantine et périscolaire', payfipNumcli: '090909', dueDays: 30, paymentInstructions: 'Régie périscolaire, 1 place de la Mairie' },
  });
  if (res.status !== 201) throw new Error(`régie: ${res.status} ${await res.text()}`);
  const regie = (await res.json()) as { id: string; code: string };
  const martin = await addFamily(ctx, tenantId, { number: 'F-0001', name: 'Famille Martin', email: `${unique('martin')}@exemple.fr`, services: [cantine.id] });
  return { ...town, tenantId, cantine, regie, martin };
}

/** A family with its children (eldest first by default: Léa then Hugo), enrolled in the given services. */
export async function addFamily(
  ctx: TestContext,
  tenantId: string,
  options: { number: string; name: string; email?: string; quotient?: number | null; children?: ChildSpec[]; services?: string[]; notificationEmails?: string[]; notifications?: boolean },
) {
  const db = ctx.deps.database.db;
  const kids = options.children ?? [
    { firstName: 'Léa', birthDate: '2018-03-14' },
    { firstName: 'Hugo', birthDate: '2020-11-02' },
  ];
  const { family } = await createFamily(
    db,
    tenantId,
    { familyNumber: options.number, name: options.name, email: options.email, passwordHash: options.email ? 'x' : undefined, children: kids.map((k) => ({ ...k, lastName: options.name.replace('Famille ', '') })) },
    ctx.clock.now(),
  );
  await db
    .update(families)
    .set({ quotientFamilial: options.quotient ?? null, notificationEmails: options.notificationEmails ?? [], invoiceNotifications: options.notifications ?? true })
    .where(eq(families.id, family.id));
  const rows = await db.select().from(children).where(and(eq(children.tenantId, tenantId), eq(children.familyId, family.id)));
  const child = Object.fromEntries(rows.map((r) => [r.firstName, r.id])) as Record<string, string>;
  const serviceIds = options.services ?? [];
  if (serviceIds.length) {
    await db.insert(enrollments).values(rows.flatMap((r) => serviceIds.map((serviceId) => ({ tenantId, childId: r.id, serviceId, startDate: '2026-09-01' }))));
  }
  return { id: family.id, number: options.number, name: options.name, email: options.email ?? null, child };
}

/** Writes bookings as the planning leaves them (the billing reads their state and when they last changed). */
export async function book(
  ctx: TestContext,
  tenantId: string,
  childId: string,
  serviceId: string,
  days: string[],
  options: { state?: BookingState; absenceReasonId?: string; updatedAt?: Date } = {},
) {
  if (!days.length) return;
  await ctx.deps.database.db.insert(bookings).values(
    days.map((day) => ({
      tenantId,
      childId,
      serviceId,
      day,
      state: options.state ?? 'booked',
      absenceReasonId: options.absenceReasonId ?? null,
      channel: 'internet' as const,
      updatedAt: options.updatedAt ?? new Date('2026-08-25T08:00:00Z'),
    })),
  );
}

export async function addReason(ctx: TestContext, tenantId: string, label: string, billed: boolean) {
  const [reason] = await ctx.deps.database.db.insert(absenceReasons).values({ tenantId, label, billed }).returning();
  return reason.id;
}

/** The family's account in the régie: the sum of its ledger entries. */
export async function ledgerBalance(ctx: TestContext, tenantId: string, familyId: string) {
  const [row] = await ctx.deps.database.db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.familyId, familyId)));
  return Number(row.balance);
}

export interface RunView {
  id: string;
  state: string;
  invoiceCount: number;
  totalCents: number;
  invoices: {
    id: string;
    number: string | null;
    refdet: string | null;
    status: string;
    family: { id: string; number: string; name: string };
    linesCents: number;
    previousBalanceCents: number;
    totalCents: number;
    lines: { label: string; quantity: number; unitCents: number; totalCents: number }[];
  }[];
}

/** Computes the preview of a month as the staff page does; returns the run with its invoices. */
export async function preview(ctx: TestContext, cookie: string, regieId: string, month: string, extra: Record<string, string> = {}): Promise<RunView> {
  const res = await adminCall(ctx, 'POST', '/invoicing/runs', { cookie, body: { regieId, month, ...extra } });
  if (res.status !== 201) throw new Error(`preview: ${res.status} ${await res.text()}`);
  const run = (await res.json()) as { id: string };
  return (await (await adminCall(ctx, 'GET', `/invoicing/runs/${run.id}`, { cookie })).json()) as RunView;
}

export async function publish(ctx: TestContext, cookie: string, runId: string): Promise<RunView> {
  const res = await adminCall(ctx, 'POST', `/invoicing/runs/${runId}/publish`, { cookie, body: {} });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${await res.text()}`);
  return (await (await adminCall(ctx, 'GET', `/invoicing/runs/${runId}`, { cookie })).json()) as RunView;
}

/** Previews and publishes a month at once. */
export async function invoiceMonth(ctx: TestContext, cookie: string, regieId: string, month: string, extra: Record<string, string> = {}) {
  const run = await preview(ctx, cookie, regieId, month, extra);
  return publish(ctx, cookie, run.id);
}

export const invoiceOf = (run: RunView, familyId: string) => run.invoices.find((i) => i.family.id === familyId);
