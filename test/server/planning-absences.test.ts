import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { bookingEvents, bookings, documents } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, unique, type TestContext } from './helpers.js';
import { changes, grid, seedPlanningFamily, seedPlanningTown, type PlanningTown } from './planning-fixtures.js';

/**
 * Absences as parents write them: a comment and a certificate may come with one, and one
 * declared by mistake can be withdrawn, the day booked again, while the day is not over.
 */
let database: Database;
let ctx: TestContext;
let town: PlanningTown;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedPlanningTown(ctx);
});
afterAll(() => database.close());
beforeEach(() => ctx.clock.set('2026-09-03T12:00:00Z')); // Thursday 3 September, 14:00 in Paris

type Family = Awaited<ReturnType<typeof seedPlanningFamily>>;

const post = (family: Family, path: string, body: unknown, key = unique('abs-')) =>
  call(ctx, 'POST', `${town.base}/planning/${path}`, { token: family.token, body, headers: { 'Idempotency-Key': key } });

async function bookedMonday(): Promise<{ family: Family; childId: string; reasonId: string }> {
  const family = await seedPlanningFamily(ctx, town);
  const childId = family.children[0].id;
  await changes(ctx, town, family.token, [{ childId, serviceId: town.cantine, date: '2026-09-07', action: 'book' }]);
  ctx.clock.set('2026-09-07T06:00:00Z'); // Monday 08:00: too late to cancel
  family.token = await family.signIn();
  const reasons = await (await call(ctx, 'GET', `${town.base}/planning/absence-reasons`, { token: family.token })).json();
  return { family, childId, reasonId: reasons.find((r: { label: string }) => r.label === 'Raison médicale').id };
}

async function documentOf(family: Family, childId: string) {
  const [row] = await database.db
    .insert(documents)
    .values({
      tenantId: town.tenant.id,
      familyId: family.family.id,
      childId,
      type: 'certificat_medical',
      title: 'Certificat',
      mime: 'application/pdf',
      size: 9,
      content: new TextEncoder().encode('%PDF-1.4\n'),
      status: 'pending',
      uploadedAt: new Date('2026-09-07T06:00:00Z'),
    })
    .returning({ id: documents.id });
  return row.id;
}

const cellOf = async (family: Family, childId: string) => {
  const planning = await (await grid(ctx, town, family.token, childId, '2026-09-07', '2026-09-07')).json();
  return planning.cells.find((c: { serviceId: string }) => c.serviceId === town.cantine);
};

describe('absences with a comment and a certificate', () => {
  it('keeps the comment and the family’s own document, and shows them in the grid', async () => {
    const { family, childId, reasonId } = await bookedMonday();
    const documentId = await documentOf(family, childId);
    const res = await post(family, 'absences', {
      childId,
      serviceId: town.cantine,
      date: '2026-09-07',
      reasonId,
      comment: '  Fièvre depuis dimanche soir.  ',
      documentId,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).results[0]).toMatchObject({ status: 'absent', reason: 'Raison médicale' });
    expect(await cellOf(family, childId)).toMatchObject({
      state: 'absent',
      absenceReason: 'Raison médicale',
      absenceComment: 'Fièvre depuis dimanche soir.',
      absenceDocumentId: documentId,
      canWithdrawAbsence: true,
      canDeclareAbsence: false,
    });
  });

  it('refuses another family’s document (404), a comment too long (422), and changes nothing', async () => {
    const { family, childId, reasonId } = await bookedMonday();
    const other = await seedPlanningFamily(ctx, town);
    const theirs = await documentOf(other, other.children[0].id);
    const base = { childId, serviceId: town.cantine, date: '2026-09-07', reasonId };
    const foreign = await post(family, 'absences', { ...base, documentId: theirs });
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).message).toBe('Ce justificatif est introuvable.');
    const long = await post(family, 'absences', { ...base, comment: 'x'.repeat(501) });
    expect(long.status).toBe(422);
    expect((await long.json()).fields.comment).toBe('Le commentaire ne peut pas dépasser 500 caractères.');
    expect(await cellOf(family, childId)).toMatchObject({ state: 'booked', absenceComment: null, absenceDocumentId: null });
  });
});

describe('withdrawing an absence', () => {
  it('books the day again, records it in the history, and is idempotent', async () => {
    const { family, childId, reasonId } = await bookedMonday();
    await post(family, 'absences', { childId, serviceId: town.cantine, date: '2026-09-07', reasonId, comment: 'Erreur de jour' });
    const body = { childId, serviceId: town.cantine, date: '2026-09-07' };
    const first = await post(family, 'absences/withdrawal', body, 'retrait-absence-01');
    expect(first.status).toBe(200);
    const answer = await first.json();
    expect(answer).toMatchObject({ applied: 1, refused: 0, results: [{ action: 'withdrawal', status: 'booked', serviceLabel: 'Cantine' }] });
    expect(await (await post(family, 'absences/withdrawal', body, 'retrait-absence-01')).json()).toEqual(answer);

    expect(await cellOf(family, childId)).toMatchObject({ state: 'booked', absenceReason: null, absenceComment: null, canWithdrawAbsence: false });
    const [row] = await database.db.select().from(bookings).where(eq(bookings.childId, childId));
    expect(row).toMatchObject({ state: 'booked', absenceReasonId: null, absenceComment: null });
    const events = await database.db.select({ action: bookingEvents.action }).from(bookingEvents).where(eq(bookingEvents.childId, childId));
    expect(events.map((e) => e.action).sort()).toEqual(['absence_withdrawn', 'absent', 'booked']);
    const history = await (await call(ctx, 'GET', `${town.base}/planning/history?childId=${childId}`, { token: family.token })).json();
    expect(history[0]).toMatchObject({ action: 'absence retirée', channel: 'internet' });

    // Nothing left to withdraw.
    expect((await (await post(family, 'absences/withdrawal', body)).json()).results[0].status).toBe('unchanged');
  });

  it('refuses once the day is over, and answers 404 for another family’s child', async () => {
    const { family, childId, reasonId } = await bookedMonday();
    await post(family, 'absences', { childId, serviceId: town.cantine, date: '2026-09-07', reasonId });
    const other = await seedPlanningFamily(ctx, town);
    const body = { childId, serviceId: town.cantine, date: '2026-09-07' };
    expect((await post(other, 'absences/withdrawal', body)).status).toBe(404);
    ctx.clock.set('2026-09-07T22:30:00Z'); // Tuesday 00:30 in Paris
    family.token = await family.signIn();
    const late = await (await post(family, 'absences/withdrawal', body)).json();
    expect(late.results[0]).toMatchObject({ status: 'refused', reason: 'Ce jour est passé : l’absence ne peut plus être retirée en ligne.' });
    expect((await cellOf(family, childId)).state).toBe('absent');
  });
});
