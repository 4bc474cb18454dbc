import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, families, services } from '../../server/src/db/schema/index.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { addFamily, addReason, billingTown, book, canteenDays, invoiceOf, preview } from './billing-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const SEPTEMBER = canteenDays('2026-09');

describe('a month of canteen', () => {
  it('bills 17 days at 4,15 € as 70,55 €, on a line named after the service and the child', async () => {
    const town = await billingTown(ctx);
    expect(SEPTEMBER).toHaveLength(17);
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER);

    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');

    expect(run).toMatchObject({ state: 'preview', invoiceCount: 1, totalCents: 7055, label: 'Cantine et périscolaire – septembre 2026', periodStart: '2026-09-01', periodEnd: '2026-09-30' });
    const invoice = invoiceOf(run, town.martin.id)!;
    expect(invoice.lines).toEqual([expect.objectContaining({ label: 'Cantine – Léa', quantity: 17, unitCents: 415, totalCents: 7055 })]);
    expect(invoice).toMatchObject({ linesCents: 7055, previousBalanceCents: 0, totalCents: 7055, status: 'draft', number: null, refdet: null });
    expect(invoice.family).toMatchObject({ number: 'F-0001', name: 'Famille Martin' });
  });

  it('dates the invoice today in Paris and sets the due date from the régie’s delay, unless staff choose them', async () => {
    ctx.clock.set('2026-09-30T22:30:00Z'); // already 1 October in Paris
    try {
      const town = await billingTown(ctx);
      await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 2));
      const byDefault = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
      expect(byDefault).toMatchObject({ issueDate: '2026-10-01', dueDate: '2026-10-31' });
      const chosen = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09', { issueDate: '2026-10-05', dueDate: '2026-10-20' });
      expect(chosen).toMatchObject({ id: byDefault.id, issueDate: '2026-10-05', dueDate: '2026-10-20' });
      const backwards = await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, month: '2026-09', issueDate: '2026-10-05', dueDate: '2026-10-01' } });
      expect(backwards.status).toBe(422);
      expect((await backwards.json()).fields.dueDate).toMatch(/échéance/);
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('prices by quotient-familial bracket and gives the sibling discount from the chosen rank (eldest = rank 1)', async () => {
    const town = await billingTown(ctx);
    const tariff = await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, {
      cookie: town.admin.cookie,
      body: { basePriceCents: 415, brackets: [{ maxQuotient: 600, priceCents: 300 }, { maxQuotient: 1200, priceCents: 380 }, { maxQuotient: null, priceCents: 450 }], rankDiscounts: [{ fromRank: 2, percent: 10 }] },
    });
    expect(tariff.status).toBe(200);
    await database.db.update(families).set({ quotientFamilial: 600 }).where(eq(families.id, town.martin.id));
    // A QF equal to a ceiling is in that bracket; Hugo, the younger, gets 10 % off (3,00 − 0,30).
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 4));
    await book(ctx, town.tenantId, town.martin.child['Hugo'], town.cantine.id, SEPTEMBER.slice(0, 3));
    // A family whose QF is unknown pays the highest bracket; its younger child born first in the list still ranks by birth date.
    const other = await addFamily(ctx, town.tenantId, {
      number: 'F-0002',
      name: 'Famille Petit',
      quotient: null,
      children: [
        { firstName: 'Zoé', birthDate: '2021-01-10' },
        { firstName: 'Adam', birthDate: '2016-05-02' },
      ],
      services: [town.cantine.id],
    });
    await book(ctx, town.tenantId, other.child['Zoé'], town.cantine.id, SEPTEMBER.slice(0, 2));
    await book(ctx, town.tenantId, other.child['Adam'], town.cantine.id, SEPTEMBER.slice(0, 2));

    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');

    expect(invoiceOf(run, town.martin.id)!.lines.map((l) => [l.label, l.quantity, l.unitCents, l.totalCents])).toEqual([
      ['Cantine – Léa', 4, 300, 1200],
      ['Cantine – Hugo', 3, 270, 810],
    ]);
    expect(invoiceOf(run, town.martin.id)!.totalCents).toBe(2010);
    expect(invoiceOf(run, other.id)!.lines.map((l) => [l.label, l.unitCents])).toEqual([
      ['Cantine – Adam', 450],
      ['Cantine – Zoé', 405],
    ]);
  });

  it('bills an absence or not according to its reason', async () => {
    const town = await billingTown(ctx);
    const certificate = await addReason(ctx, town.tenantId, 'Maladie avec certificat', false);
    const convenience = await addReason(ctx, town.tenantId, 'Convenance personnelle', true);
    const lea = town.martin.child['Léa'];
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(0, 10));
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(10, 13), { state: 'absent', absenceReasonId: certificate });
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(13, 15), { state: 'absent', absenceReasonId: convenience });

    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');

    expect(invoiceOf(run, town.martin.id)!.lines).toEqual([expect.objectContaining({ label: 'Cantine – Léa', quantity: 12, totalCents: 12 * 415 })]);
  });

  it('bills a cancellation made after the deadline only when the service says so', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    // Thursday 10 September: the deadline is Wednesday 9 at 10:00 (Paris).
    await book(ctx, town.tenantId, lea, town.cantine.id, ['2026-09-08'], { state: 'cancelled', updatedAt: new Date('2026-09-07T07:59:00Z') });
    await book(ctx, town.tenantId, lea, town.cantine.id, ['2026-09-10'], { state: 'cancelled', updatedAt: new Date('2026-09-09T08:00:00Z') });
    await book(ctx, town.tenantId, lea, town.cantine.id, ['2026-09-11'], { state: 'cancelled', updatedAt: new Date('2026-09-11T06:00:00Z') });

    const notBilled = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect(notBilled.invoices).toEqual([]);

    const res = await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, { cookie: town.admin.cookie, body: { lateCancellationBilled: true } });
    expect((await res.json()).lateCancellationBilled).toBe(true);
    const billed = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    // The 8th was cancelled before Monday 7 at 10:00: on time. The 10th and the 11th were late.
    expect(invoiceOf(billed, town.martin.id)!.lines).toEqual([expect.objectContaining({ label: 'Cantine – Léa', quantity: 2, totalCents: 830 })]);
  });

  it('never bills waiting-list days, pending requests or refusals, unless the town bills the waiting list', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(0, 2));
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(2, 5), { state: 'waitlisted' });
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(5, 6), { state: 'requested' });
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(6, 7), { state: 'refused' });

    expect(invoiceOf(await preview(ctx, town.admin.cookie, town.regie.id, '2026-09'), town.martin.id)!.lines[0]).toMatchObject({ quantity: 2 });

    await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, { cookie: town.admin.cookie, body: { waitlistedBilled: true } });
    expect(invoiceOf(await preview(ctx, town.admin.cookie, town.regie.id, '2026-09'), town.martin.id)!.lines[0]).toMatchObject({ quantity: 5 });
  });

  it('only bills the days of the month, in the services of the régie (a service without régie belongs to the oldest one)', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    const [otherService] = await database.db
      .insert(services)
      .values({ tenantId: town.tenantId, label: 'Séjour', weekdays: [1, 2, 3, 4, 5], priceCents: 2000 })
      .returning();
    const res = await adminCall(ctx, 'POST', '/regies', { cookie: town.admin.cookie, body: { code: 'SEJ', name: 'Régie des séjours', dueDays: 15 } });
    const sejours = await res.json();
    await adminCall(ctx, 'PATCH', `/services/${otherService.id}/tariff`, { cookie: town.admin.cookie, body: { regieId: sejours.id } });
    await book(ctx, town.tenantId, lea, town.cantine.id, ['2026-08-31', ...SEPTEMBER.slice(0, 3), '2026-10-01']);
    await book(ctx, town.tenantId, lea, otherService.id, ['2026-09-09']);

    const peri = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect(invoiceOf(peri, town.martin.id)!.lines.map((l) => [l.label, l.quantity])).toEqual([['Cantine – Léa', 3]]);
    const sej = await preview(ctx, town.admin.cookie, sejours.id, '2026-09');
    expect(invoiceOf(sej, town.martin.id)!.lines.map((l) => [l.label, l.quantity, l.totalCents])).toEqual([['Séjour – Léa', 1, 2000]]);
    expect(sej).toMatchObject({ label: 'Régie des séjours – septembre 2026' });
  });
});

describe('the preview', () => {
  it('has no number and is recomputed in place from the bookings as they stand', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(0, 5));
    const first = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect(first.invoices.map((i) => [i.number, i.refdet, i.status, i.totalCents])).toEqual([[null, null, 'draft', 5 * 415]]);

    const empty = await addFamily(ctx, town.tenantId, { number: 'F-0002', name: 'Famille Sans Repas', services: [town.cantine.id] });
    await book(ctx, town.tenantId, town.martin.child['Hugo'], town.cantine.id, SEPTEMBER.slice(0, 2));
    const second = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');

    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ state: 'preview', invoiceCount: 1, totalCents: 7 * 415 });
    expect(invoiceOf(second, empty.id)).toBeUndefined(); // no line, nothing owed: no invoice
    const runs = await (await adminCall(ctx, 'GET', '/invoicing/runs', { cookie: town.agent.cookie })).json();
    expect(runs.map((r: { id: string }) => r.id)).toEqual([first.id]);
    const actions = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, town.tenantId));
    expect(actions.filter((a) => a.action === 'facturation_calculee')).toHaveLength(2);
  });

  it('can be discarded, and a new one computed', async () => {
    const town = await billingTown(ctx);
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 5));
    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const res = await adminCall(ctx, 'DELETE', `/invoicing/runs/${run.id}`, { cookie: town.admin.cookie });
    expect(res.status).toBe(200);
    expect((await res.json()).state).toBe('discarded');
    expect((await (await adminCall(ctx, 'GET', `/invoicing/runs/${run.id}`, { cookie: town.admin.cookie })).json()).invoices).toEqual([]);
    const again = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect(again.id).not.toBe(run.id);
    expect(again.invoiceCount).toBe(1);
  });

  it('refuses a malformed month or an unknown régie and writes nothing', async () => {
    const town = await billingTown(ctx);
    const bad = await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, month: '2026-13' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields.month).toMatch(/AAAA-MM/);
    const unknown = await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.admin.cookie, body: { regieId: '00000000-0000-4000-8000-000000000000', month: '2026-09' } });
    expect(unknown.status).toBe(404);
    expect(await (await adminCall(ctx, 'GET', '/invoicing/runs', { cookie: town.admin.cookie })).json()).toEqual([]);
  });
});
