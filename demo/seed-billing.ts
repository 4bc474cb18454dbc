import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../server/src/deps.js';
import { bookings, children, families, invoices, periods, regies, services } from '../server/src/db/schema/index.js';
import type { StaffContext } from '../server/src/actors.js';
import { addDays, eachDay, endOfMonth, isoWeekday, parisDay, parisInstant, startOfMonth } from '../server/src/domain/dates.js';
import { publicHolidayName } from '../server/src/domain/holidays.js';
import { createRegie } from '../server/src/modules/billing/regies.js';
import { updateTariff } from '../server/src/modules/billing/tariffs.js';
import { previewRun, publishRun } from '../server/src/modules/billing/invoicing.js';
import { recordOfflinePayment } from '../server/src/modules/billing/offline-payments.js';

/** The demo family's address (its login, see DEMO_LOGINS in seed.ts). */
const MARTIN_EMAIL = 'famille.martin@exemple.fr';

/**
 * Billing of the demo town: a régie, tariffs, and the two months before the current one invoiced
 * and published, so that the Martin family has an older invoice paid by cheque and an unpaid one
 * to pay online. Does nothing when the town already has a régie (later starts of the demo).
 */
export async function seedDemoBilling(deps: Deps, tenantId: string, staffUserId: string): Promise<void> {
  const { db } = deps.database;
  const [existing] = await db.select({ id: regies.id }).from(regies).where(eq(regies.tenantId, tenantId)).limit(1);
  if (existing) return;
  const staff: StaffContext = { sessionId: 'demo', staffUserId, tenantId, role: 'admin', email: '', displayName: 'Démonstration' };

  const regie = await createRegie(deps, staff, {
    code: 'PERI',
    name: 'Régie périscolaire',
    payfipNumcli: '090909',
    dueDays: 30,
    paymentInstructions:
      'Régie périscolaire – Mairie de Ville de Démo, 1 place de la Mairie, 09000 Ville de Démo (du lundi au vendredi, 8 h 30 – 12 h). ' +
      'Paiement en ligne sur le portail famille, en espèces au guichet, ou par chèque à l’ordre du Trésor public.',
  });
  const list = await db.select().from(services).where(eq(services.tenantId, tenantId));
  for (const service of list) {
    const tariff =
      service.label === 'Cantine'
        ? {
            basePriceCents: 415,
            brackets: [
              { maxQuotient: 500, priceCents: 250 },
              { maxQuotient: 900, priceCents: 350 },
              { maxQuotient: 1400, priceCents: 415 },
              { maxQuotient: null, priceCents: 480 },
            ],
            rankDiscounts: [{ fromRank: 3, percent: 10 }],
            lateCancellationBilled: true,
          }
        : { basePriceCents: service.priceCents, brackets: [], rankDiscounts: [] };
    await updateTariff(deps, staff, service.id, { regieId: regie.id, waitlistedBilled: false, ...tariff });
  }

  const today = parisDay(deps.clock.now());
  const thisMonth = startOfMonth(today);
  const lastMonth = startOfMonth(addDays(thisMonth, -1));
  const monthBefore = startOfMonth(addDays(lastMonth, -1));
  await bookPastMonths(deps, tenantId, monthBefore, endOfMonth(lastMonth));

  // Each run is computed and published on its issue date, the 1st of the following month.
  const onDay = (day: string) => ({ ...deps, clock: { now: () => parisInstant(day, '08:00') } });
  const older = await previewRun(onDay(lastMonth), staff, { regieId: regie.id, month: monthBefore.slice(0, 7), issueDate: lastMonth });
  await publishRun(onDay(lastMonth), staff, older);
  const [martin] = await db.select({ id: families.id, name: families.name }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.email, MARTIN_EMAIL)));
  if (martin) {
    const [paid] = await db
      .select({ id: invoices.id, totalCents: invoices.totalCents })
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.runId, older), eq(invoices.familyId, martin.id)));
    if (paid && paid.totalCents > 0) {
      await recordOfflinePayment(deps, staff, paid.id, { method: 'cheque', amountCents: paid.totalCents, paidOn: addDays(lastMonth, 12), payerName: 'Mme Claire Martin', note: 'Chèque n° 0012345' });
    }
  }
  const latest = await previewRun(onDay(thisMonth), staff, { regieId: regie.id, month: lastMonth.slice(0, 7), issueDate: thisMonth });
  await publishRun(onDay(thisMonth), staff, latest);
}

/**
 * Past bookings, as if the families had used the services: the canteen for every child on its
 * days, and the evening care twice a week for the Martin children. Days in the school holidays
 * and public holidays are left out; days before the demo's calendar (it starts with the current
 * school year) count as school days.
 */
async function bookPastMonths(deps: Deps, tenantId: string, from: string, to: string) {
  const { db } = deps.database;
  const list = await db.select().from(services).where(and(eq(services.tenantId, tenantId), inArray(services.label, ['Cantine', 'Accueil soir'])));
  const cantine = list.find((s) => s.label === 'Cantine');
  const soir = list.find((s) => s.label === 'Accueil soir');
  if (!cantine) return;
  const calendar = await db.select({ kind: periods.kind, start: periods.startDate, end: periods.endDate }).from(periods).where(eq(periods.tenantId, tenantId));
  const schoolDay = (day: string) => {
    const period = calendar.find((p) => p.start <= day && day <= p.end);
    return (period ? period.kind === 'school' : true) && publicHolidayName(day) === null;
  };
  const daysOf = (weekdays: number[]) => eachDay(from, to).filter((day) => weekdays.includes(isoWeekday(day)) && schoolDay(day));
  const kids = await db
    .select({ id: children.id, email: families.email })
    .from(children)
    .innerJoin(families, and(eq(families.tenantId, children.tenantId), eq(families.id, children.familyId)))
    .where(eq(children.tenantId, tenantId))
    .orderBy(asc(children.createdAt));
  // Changed the week before, well within the deadlines.
  const at = (day: string) => parisInstant(addDays(day, -7), '18:00');
  const rows = [
    ...kids.flatMap((kid) => daysOf(cantine.weekdays).map((day) => ({ childId: kid.id, serviceId: cantine.id, day }))),
    ...(soir ? kids.filter((kid) => kid.email === MARTIN_EMAIL).flatMap((kid) => daysOf([1, 4]).map((day) => ({ childId: kid.id, serviceId: soir.id, day }))) : []),
  ];
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(bookings)
      .values(rows.slice(i, i + 1000).map((row) => ({ tenantId, ...row, state: 'booked' as const, channel: 'mairie' as const, createdAt: at(row.day), updatedAt: at(row.day) })))
      .onConflictDoNothing();
  }
}
