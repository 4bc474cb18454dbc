import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, baskets, cagnotteMovements, payments, services } from '../../server/src/db/schema/index.js';
import type { Staff } from '../../server/src/contracts/index.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { staffBookings } from './admin-planning-fixtures.js';
import { absence, addFamily, cagnotteTown, cancel, familyCagnotte, paidBasket, travelTo, WEDNESDAYS } from './cagnotte-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const movementsOf = (cagnotte: Awaited<ReturnType<typeof familyCagnotte>>) => cagnotte.accounts.flatMap((a) => a.movements);

describe('credits of the cagnotte', () => {
  it('credits the price of a paid day cancelled in time, once, with the day it comes from', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[1] }, { childId: family.lea, day: WEDNESDAYS[2] }]);

    const key = 'cle-annulation-16';
    const first = await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[1], key);
    expect(first.status).toBe(200);
    expect((await first.json()).results[0].status).toBe('cancelled');
    // A replay of the same request, and the same cancellation sent again, credit nothing more.
    expect((await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[1], key)).status).toBe(200);
    expect((await (await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[1])).json()).results[0].status).toBe('unchanged');

    const cagnotte = await familyCagnotte(ctx, town, family.token);
    expect(cagnotte.balanceCents).toBe(1200);
    expect(cagnotte.accounts).toHaveLength(1);
    expect(cagnotte.accounts[0]).toMatchObject({ regie: { id: town.regie.id, code: 'PERI', name: 'Régie périscolaire' }, balanceCents: 1200 });
    expect(movementsOf(cagnotte)).toEqual([
      expect.objectContaining({
        kind: 'cancellation',
        label: 'Annulation du mercredi 16 septembre 2026 – Mercredi – Léa',
        amountCents: 1200,
        balanceCents: 1200,
        day: { date: WEDNESDAYS[1], serviceLabel: 'Mercredi', childName: 'Léa' },
        note: null,
      }),
    ]);
  });

  it('credits once when two cancellations of the same day race', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.hugo, day: WEDNESDAYS[2] }]);
    const answers = await Promise.all([1, 2, 3].map(() => cancel(ctx, town, family.token, family.hugo, WEDNESDAYS[2])));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(1200);
  });

  it('gives nothing for a cancellation refused after the deadline, nor for a day that was not paid at booking', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[0] }]);
    // Tuesday 8 September 19:00: the Wednesday closed the day before at 18:00.
    const trip = await travelTo(ctx, town, '2026-09-08T17:00:00Z');
    const late = await (await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[0])).json();
    expect(late.results[0].status).toBe('refused');
    await trip.back();
    // The canteen is invoiced monthly: cancelling a canteen day moves no cagnotte.
    const booked = await staffBookings(ctx, town.admin.cookie, [{ childId: family.lea, serviceId: town.cantine.id, date: '2026-09-10', action: 'book' }]);
    expect(booked.status).toBe(200);
    const cancelled = await staffBookings(ctx, town.admin.cookie, [{ childId: family.lea, serviceId: town.cantine.id, date: '2026-09-10', action: 'cancel' }]);
    expect((await cancelled.json()).results[0].status).toBe('cancelled');
    expect(await familyCagnotte(ctx, town, family.token)).toEqual({ balanceCents: 0, accounts: [] });
  });

  it('applies the late-cancellation rule of monthly invoicing when the town hall cancels after the deadline', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[0] }, { childId: family.hugo, day: WEDNESDAYS[0] }]);
    const trip = await travelTo(ctx, town, '2026-09-08T17:00:00Z');
    try {
      // Not billed when cancelled late: the family gets its money back.
      const first = await staffBookings(ctx, town.admin.cookie, [{ childId: family.lea, serviceId: town.mercredi.id, date: WEDNESDAYS[0], action: 'cancel' }]);
      expect((await first.json()).results[0].status).toBe('cancelled');
      expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(1200);
      // Billed when cancelled late: the day stays paid, nothing is credited.
      await database.db.update(services).set({ lateCancellationBilled: true }).where(eq(services.id, town.mercredi.id));
      const second = await staffBookings(ctx, town.admin.cookie, [{ childId: family.hugo, serviceId: town.mercredi.id, date: WEDNESDAYS[0], action: 'cancel' }]);
      expect((await second.json()).results[0].status).toBe('cancelled');
      expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(1200);
    } finally {
      await trip.back();
    }
  });

  it('credits an absence whose reason is not billed, and not one whose reason is', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[0] }, { childId: family.hugo, day: WEDNESDAYS[0] }]);
    // Wednesday 9 September, 9:00: too late to cancel, an absence can still be declared.
    const trip = await travelTo(ctx, town, '2026-09-09T07:00:00Z');
    try {
      expect((await (await absence(ctx, town, family.token, family.lea, WEDNESDAYS[0], town.reasons.sick)).json()).results[0].status).toBe('absent');
      expect((await (await absence(ctx, town, family.token, family.hugo, WEDNESDAYS[0], town.reasons.personal)).json()).results[0].status).toBe('absent');
    } finally {
      await trip.back();
    }
    const cagnotte = await familyCagnotte(ctx, town, family.token);
    expect(cagnotte.balanceCents).toBe(1200);
    expect(movementsOf(cagnotte).map((m) => m.label)).toEqual(['Absence du mercredi 9 septembre 2026 (Maladie avec certificat) – Mercredi – Léa']);
  });
});

describe('the family’s cagnotte', () => {
  it('shows each régie apart, with the basket that used it, and never another family’s movements', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    const other = await addFamily(ctx, town, [town.mercredi.id]);
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[1] }]);
    await paidBasket(ctx, town, other, [{ childId: other.lea, day: WEDNESDAYS[1] }]);
    await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[1]);
    const used = await paidBasket(ctx, town, family, [{ childId: family.hugo, day: WEDNESDAYS[3] }], { cagnotteUsedCents: 1000 });

    const mine = await familyCagnotte(ctx, town, family.token);
    expect(mine.balanceCents).toBe(200);
    expect(movementsOf(mine).map((m) => [m.kind, m.amountCents, m.balanceCents, m.basketId])).toEqual([
      ['cancellation', 1200, 1200, expect.any(String)],
      ['basket', -1000, 200, used.basketId],
    ]);
    expect(await familyCagnotte(ctx, town, other.token)).toEqual({ balanceCents: 0, accounts: [] });
  });

  it('answers 401 without a session', async () => {
    const town = await cagnotteTown(ctx);
    const res = await ctx.app.request(`${town.base}/cagnotte`, { headers: { Origin: 'https://www.ville-test.fr' } });
    expect(res.status).toBe(401);
  });
});

describe('staff and the cagnotte', () => {
  async function townWithCredit() {
    const town = await cagnotteTown(ctx);
    await paidBasket(ctx, town, town.family, [{ childId: town.family.lea, day: WEDNESDAYS[1] }, { childId: town.family.hugo, day: WEDNESDAYS[1] }]);
    await cancel(ctx, town, town.family.token, town.family.lea, WEDNESDAYS[1]);
    ctx.clock.advance(60_000);
    await cancel(ctx, town, town.family.token, town.family.hugo, WEDNESDAYS[1]);
    ctx.clock.advance(60_000);
    return town;
  }
  const correct = (town: Awaited<ReturnType<typeof cagnotteTown>>, body: unknown, cookie = town.admin.cookie, familyId = town.family.id) =>
    adminCall(ctx, 'POST', `/families/${familyId}/cagnotte`, { cookie, body });

  it('lists the balances and a family’s movements, for agents too', async () => {
    const town = await townWithCredit();
    const balances = await adminCall(ctx, 'GET', '/cagnotte/balances', { cookie: town.agent.cookie });
    expect(balances.status).toBe(200);
    expect(await balances.json()).toEqual([
      { family: { id: town.family.id, number: town.family.number, name: 'Famille Martin' }, regie: { id: town.regie.id, code: 'PERI', name: 'Régie périscolaire' }, balanceCents: 2400, lastMovementAt: expect.any(String) },
    ]);
    const detail = await adminCall(ctx, 'GET', `/families/${town.family.id}/cagnotte`, { cookie: town.agent.cookie });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as Staff.FamilyCagnotte;
    expect(body.family.id).toBe(town.family.id);
    expect(body.accounts[0].movements.map((m) => [m.label, m.balanceCents, m.staffName, m.flagged])).toEqual([
      ['Annulation du mercredi 16 septembre 2026 – Mercredi – Léa', 1200, null, false],
      ['Annulation du mercredi 16 septembre 2026 – Mercredi – Hugo', 2400, null, false],
    ]);
    expect((await adminCall(ctx, 'GET', '/cagnotte/balances?regieId=pas-une-regie', { cookie: town.agent.cookie })).status).toBe(422);
  });

  it('adjusts and refunds with a required note, audited, and the family sees them', async () => {
    const town = await townWithCredit();
    const adjusted = await correct(town, { regieId: town.regie.id, kind: 'adjustment', amountCents: -400, note: 'Crédit accordé deux fois' });
    expect(adjusted.status).toBe(201);
    ctx.clock.advance(60_000);
    const refunded = await correct(town, { regieId: town.regie.id, kind: 'refund', amountCents: 2000, note: 'Virement du 20 septembre' });
    expect(refunded.status).toBe(201);
    const after = (await refunded.json()) as Staff.FamilyCagnotte;
    expect(after.balanceCents).toBe(0);
    expect(after.accounts[0].movements.slice(2).map((m) => [m.kind, m.label, m.amountCents, m.balanceCents, m.note, m.staffName])).toEqual([
      ['adjustment', 'Régularisation', -400, 2000, 'Crédit accordé deux fois', 'Agent admin'],
      ['refund', 'Remboursement par la régie', -2000, 0, 'Virement du 20 septembre', 'Agent admin'],
    ]);
    const seen = await familyCagnotte(ctx, town, town.family.token);
    expect(movementsOf(seen).at(-1)).toMatchObject({ kind: 'refund', note: 'Virement du 20 septembre', balanceCents: 0 });
    expect(await (await adminCall(ctx, 'GET', '/cagnotte/balances', { cookie: town.admin.cookie })).json()).toEqual([]);

    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenantId), eq(auditLog.target, town.family.id)));
    expect(audited.map((a) => [a.action, (a.details as { montantCents: number }).montantCents])).toEqual([
      ['cagnotte_regularisee', -400],
      ['cagnotte_remboursee', -2000],
    ]);
    expect(JSON.stringify(audited)).not.toContain('Virement');
  });

  it('refuses bad corrections with a French 4xx and writes nothing', async () => {
    const town = await townWithCredit();
    const base = { regieId: town.regie.id, kind: 'adjustment', amountCents: 100, note: 'Geste commercial' };
    const cases: [unknown, number, string][] = [
      [{ ...base, amountCents: 0 }, 422, 'Le montant ne peut pas être nul.'],
      [{ ...base, note: '   ' }, 422, 'La note est obligatoire.'],
      [{ regieId: town.regie.id, kind: 'adjustment', amountCents: 100 }, 422, 'La note est obligatoire.'],
      [{ ...base, amountCents: 12.5 }, 422, 'Le montant doit être un nombre entier de centimes.'],
      [{ ...base, kind: 'refund', amountCents: -100 }, 422, 'Un remboursement est un montant positif.'],
      [{ ...base, kind: 'gift' }, 422, 'Le type doit être « adjustment » (régularisation) ou « refund » (remboursement).'],
      [{ ...base, amount: 100 }, 422, 'Ce champ n’existe pas.'],
      [{ ...base, kind: 'refund', amountCents: 2401 }, 422, 'Le remboursement dépasse la cagnotte de la famille dans cette régie (24,00 €).'],
      [{ ...base, amountCents: -2401 }, 422, 'La cagnotte ne peut pas devenir négative : elle est de 24,00 € dans cette régie.'],
    ];
    for (const [body, status, message] of cases) {
      const res = await correct(town, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const answer = await res.json();
      const said = [answer.message, ...Object.values(answer.fields ?? {})].map((m) => String(m).replace(/[\u00a0\u202f]/g, ' '));
      expect(said, JSON.stringify(answer)).toContain(message);
    }
    const agent = await correct(town, base, town.agent.cookie);
    expect(agent.status).toBe(403);
    const rows = await database.db.select().from(cagnotteMovements).where(eq(cagnotteMovements.familyId, town.family.id));
    expect(rows.map((r) => r.kind)).toEqual(['cancellation', 'cancellation']);
  });

  it('keeps what a basket being paid online counts on: it cannot be refunded meanwhile', async () => {
    const town = await townWithCredit();
    const [basket] = await database.db.insert(baskets).values({ tenantId: town.tenantId, familyId: town.family.id, regieId: town.regie.id, status: 'open', expiresAt: new Date('2026-09-09T08:00:00Z') }).returning();
    const [payment] = await database.db
      .insert(payments)
      .values({ tenantId: town.tenantId, familyId: town.family.id, regieId: town.regie.id, purpose: 'basket', basketId: basket.id, linesCents: 2400, cagnotteCents: 1500, debtCents: 0, method: 'online', provider: 'payfip', status: 'pending', amountCents: 900 })
      .returning();
    await database.db.update(baskets).set({ status: 'paying', paymentId: payment.id }).where(eq(baskets.id, basket.id));

    const refused = await correct(town, { regieId: town.regie.id, kind: 'refund', amountCents: 1000, note: 'Demande de la famille' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).fields.amountCents.replace(/[\u00a0\u202f]/g, ' ')).toBe('Au plus 9,00 €.');
    expect((await correct(town, { regieId: town.regie.id, kind: 'refund', amountCents: 900, note: 'Demande de la famille' })).status).toBe(201);
  });

  it('answers 404 for another commune’s family or régie, and for an unknown family', async () => {
    const town = await townWithCredit();
    const elsewhere = await cagnotteTown(ctx, 'Autre Ville');
    const body = { regieId: town.regie.id, kind: 'adjustment', amountCents: 100, note: 'Essai' };
    for (const res of [
      await adminCall(ctx, 'GET', `/families/${town.family.id}/cagnotte`, { cookie: elsewhere.admin.cookie }),
      await correct(town, body, elsewhere.admin.cookie),
      await correct(town, { ...body, regieId: elsewhere.regie.id }),
      await adminCall(ctx, 'GET', '/families/pas-un-id/cagnotte', { cookie: town.admin.cookie }),
      await adminCall(ctx, 'GET', `/families/${crypto.randomUUID()}/cagnotte`, { cookie: town.admin.cookie }),
    ]) {
      expect(res.status).toBe(404);
      expect((await res.json()).message).toMatch(/introuvable/);
    }
    expect(await (await adminCall(ctx, 'GET', '/cagnotte/balances', { cookie: elsewhere.admin.cookie })).json()).toEqual([]);
    expect((await familyCagnotte(ctx, town, town.family.token)).balanceCents).toBe(2400);
  });
});
