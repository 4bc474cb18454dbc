import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { enrollments, families, guardians, invoices, outbox, services, taxAttestations } from '../../server/src/db/schema/index.js';
import { CANTINE_DEADLINE, addFamily, billingTown, book, canteenDays, invoiceMonth, invoiceOf, preview, publish } from './billing-fixtures.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { call, makeContext, openTestDatabase, testHasher, unique, type TestContext } from './helpers.js';
import { PASSWORD } from './family-fixtures.js';
import { pdfText } from './pdf-text.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const SEPTEMBER = canteenDays('2026-09');
const OCTOBER = canteenDays('2026-10');

type Town = Awaited<ReturnType<typeof billingTown>>;

/**
 * A commune with a canteen (4,15 €, a meal: never counted) and an "Accueil du soir" at 2,50 €
 * flagged as childcare for the tax credit. The Martin family: Léa, born 14 March 2018 (7 on
 * 1 January 2026), and Hugo, born 2 November 2020 (5).
 */
async function fiscalTown(name?: string) {
  ctx.clock.set('2026-10-05T08:00:00Z');
  const town = await billingTown(ctx, name);
  const db = ctx.deps.database.db;
  const [soir] = await db
    .insert(services)
    .values({ tenantId: town.tenantId, label: 'Accueil du soir', weekdays: [1, 2, 4, 5], priceCents: 250, bookingDeadline: CANTINE_DEADLINE, cancellationDeadline: CANTINE_DEADLINE, position: 2, childcareTaxCredit: true })
    .returning();
  await db.insert(enrollments).values(Object.values(town.martin.child).map((childId) => ({ tenantId: town.tenantId, childId, serviceId: soir.id, startDate: '2026-09-01' })));
  return { ...town, soir };
}

const pay = (town: Town, invoiceId: string, amountCents: number, paidOn: string, payerName = 'Mme Claire Martin') =>
  adminCall(ctx, 'POST', `/invoices/${invoiceId}/payments`, { cookie: town.agent.cookie, body: { method: 'cheque', amountCents, paidOn, payerName } });

/** Moves the clock on; the staff sign in again (their sessions expired meanwhile). */
async function later(town: Town, instant: string) {
  ctx.clock.set(instant);
  town.admin.cookie = await staffCookie(ctx, town.admin.email, town.admin.password);
  town.agent.cookie = await staffCookie(ctx, town.agent.email, town.agent.password);
}

/** A late-pickup penalty added to a draft invoice, on the childcare service: never counted. */
async function addPenalty(invoiceId: string, tenantId: string, childId: string, serviceId: string, cents: number) {
  const db = ctx.deps.database.db;
  await db.execute(sql`insert into invoice_lines (tenant_id, invoice_id, position, child_id, service_id, label, quantity, unit_cents, total_cents, penalty)
                       values (${tenantId}, ${invoiceId}, 99, ${childId}, ${serviceId}, 'Pénalité de retard – Hugo', 1, ${cents}, ${cents}, true)`);
  await db.update(invoices).set({ linesCents: sql`${invoices.linesCents} + ${cents}`, totalCents: sql`${invoices.totalCents} + ${cents}` }).where(eq(invoices.id, invoiceId));
}

async function addGuardian(tenantId: string, familyId: string, role: 'responsable' | 'conjoint', firstName: string, lastName: string, city = 'Démoville') {
  const [g] = await ctx.deps.database.db
    .insert(guardians)
    .values({ tenantId, familyId, role, civility: role === 'responsable' ? 'Mme' : 'M.', firstName, lastName, addressLine1: '3 rue des Lilas', postalCode: '99000', city })
    .returning();
  return g;
}

/** A parent signed in on the town's site. */
async function signIn(town: Town, familyId: string, email: string) {
  await ctx.deps.database.db.update(families).set({ passwordHash: await testHasher.hash(PASSWORD) }).where(eq(families.id, familyId));
  const res = await call(ctx, 'POST', `${town.base}/session`, { body: { login: email, password: PASSWORD }, headers: { 'X-Forwarded-For': unique('ip-') } });
  if (res.status !== 201) throw new Error(`login ${res.status}`);
  return (await res.json()).token as string;
}

interface RunView {
  id: string;
  state: string;
  year: number;
  attestationCount: number;
  totalCents: number;
  attestations: { id: string; family: { id: string }; payer: { guardianId: string | null; name: string }; child: { id: string; name: string }; paidCents: number; aidCents: number; amountCents: number; publishedAt: string | null }[];
}

async function previewYear(town: Town, year = 2026): Promise<RunView> {
  const res = await adminCall(ctx, 'POST', '/tax-attestation-runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, year } });
  if (res.status !== 201) throw new Error(`preview ${res.status} ${await res.text()}`);
  return res.json();
}

async function publishYear(town: Town, runId: string): Promise<RunView> {
  const res = await adminCall(ctx, 'POST', `/tax-attestation-runs/${runId}/publish`, { cookie: town.admin.cookie, body: {} });
  if (res.status !== 200) throw new Error(`publish ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * September 2026: Léa and Hugo at the canteen and the evening care every canteen day (17 days),
 * a 5 € penalty for Hugo; the invoice (70,55 × 2 + 42,50 × 2 + 5 = 231,10 €) paid by cheque.
 */
async function martinPaidSeptember(town: Awaited<ReturnType<typeof fiscalTown>>, paidCents?: number) {
  for (const child of Object.values(town.martin.child)) {
    await book(ctx, town.tenantId, child, town.cantine.id, SEPTEMBER);
    await book(ctx, town.tenantId, child, town.soir.id, SEPTEMBER);
  }
  const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
  const draft = invoiceOf(run, town.martin.id)!;
  await addPenalty(draft.id, town.tenantId, town.martin.child['Hugo'], town.soir.id, 500);
  const published = invoiceOf(await publish(ctx, town.admin.cookie, run.id), town.martin.id)!;
  expect(published.totalCents).toBe(23110);
  const res = await pay(town, published.id, paidCents ?? published.totalCents, '2026-10-02');
  expect(res.status).toBe(201);
  await later(town, '2027-01-10T09:00:00Z');
  return published;
}

describe('tax attestations (frais de garde, article 200 quater B)', () => {
  it('counts the evening care paid for the 5-year-old only: not the 7-year-old, not the canteen, not the penalty', async () => {
    const town = await fiscalTown();
    const responsable = await addGuardian(town.tenantId, town.martin.id, 'responsable', 'Claire', 'Martin');
    await martinPaidSeptember(town);

    const run = await previewYear(town);
    expect(run).toMatchObject({ state: 'preview', year: 2026, attestationCount: 1, totalCents: 4250 });
    expect(run.attestations).toEqual([
      expect.objectContaining({
        family: expect.objectContaining({ id: town.martin.id }),
        payer: { guardianId: responsable.id, name: 'Mme Claire Martin' },
        child: expect.objectContaining({ id: town.martin.child['Hugo'], name: 'Hugo Martin' }),
        paidCents: 4250,
        aidCents: 0,
        amountCents: 4250,
        publishedAt: null,
      }),
    ]);
  });

  it('prorates a partly paid invoice: each child gets the paid share of its childcare lines', async () => {
    const town = await fiscalTown();
    await martinPaidSeptember(town, 11555); // half of 231,10 €

    const run = await previewYear(town);
    expect(run.attestations.map((a) => [a.child.name, a.paidCents, a.payer.name])).toEqual([['Hugo Martin', 2125, 'Famille Martin']]);
  });

  it('counts payments made during the year only', async () => {
    const town = await fiscalTown();
    await martinPaidSeptember(town);
    const res = await adminCall(ctx, 'POST', '/tax-attestation-runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, year: 2025 } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ attestationCount: 0, totalCents: 0, attestations: [] });
  });

  it('alternating weeks: two payers, two invoices, two attestations whose totals add up to what was paid', async () => {
    const town = await fiscalTown();
    const dubois = await addFamily(ctx, town.tenantId, {
      number: 'F-0002',
      name: 'Famille Dubois',
      email: `${unique('dubois')}@exemple.fr`,
      children: [{ firstName: 'Emma', birthDate: '2021-04-10' }],
      services: [town.soir.id],
    });
    const mother = await addGuardian(town.tenantId, dubois.id, 'responsable', 'Sophie', 'Dubois');
    const father = await addGuardian(town.tenantId, dubois.id, 'conjoint', 'Marc', 'Durand', 'Autreville');
    const emma = dubois.child['Emma'];
    // Emma's weeks at her mother's are invoiced to her in September, her weeks at her father's to him in October.
    await book(ctx, town.tenantId, emma, town.soir.id, SEPTEMBER.filter((d) => d < '2026-09-14' || (d >= '2026-09-21' && d < '2026-09-28')));
    const september = invoiceOf(await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09'), dubois.id)!;
    expect((await pay(town, september.id, september.totalCents, '2026-10-05', 'Mme Sophie Dubois')).status).toBe(201);

    await later(town, '2026-11-05T08:00:00Z');
    await book(ctx, town.tenantId, emma, town.soir.id, OCTOBER.filter((d) => d < '2026-10-12'));
    const octoberRun = await preview(ctx, town.admin.cookie, town.regie.id, '2026-10');
    await ctx.deps.database.db.update(invoices).set({ payerGuardianId: father.id }).where(eq(invoices.id, invoiceOf(octoberRun, dubois.id)!.id));
    const october = invoiceOf(await publish(ctx, town.admin.cookie, octoberRun.id), dubois.id)!;
    expect((await pay(town, october.id, october.totalCents, '2026-11-05', 'M. Marc Durand')).status).toBe(201);

    await later(town, '2027-01-10T09:00:00Z');
    const run = await previewYear(town);
    const ofDubois = run.attestations.filter((a) => a.family.id === dubois.id);
    expect(ofDubois.map((a) => [a.payer.guardianId, a.payer.name, a.child.name, a.paidCents]).sort()).toEqual(
      [
        [mother.id, 'Mme Sophie Dubois', 'Emma Dubois', september.totalCents],
        [father.id, 'M. Marc Durand', 'Emma Dubois', october.totalCents],
      ].sort(),
    );
    expect(september.totalCents).toBeGreaterThan(0);
    expect(october.totalCents).toBeGreaterThan(0);
    expect(ofDubois.reduce((sum, a) => sum + a.amountCents, 0)).toBe(september.totalCents + october.totalCents);
  });

  it('deducts the aids staff enter, keeps them when the preview is recomputed, and refuses aids above what was paid', async () => {
    const town = await fiscalTown();
    await martinPaidSeptember(town);
    const run = await previewYear(town);
    const id = run.attestations[0].id;

    const tooMuch = await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: town.admin.cookie, body: { aidCents: 4251 } });
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).message).toBe('Les aides ne peuvent pas dépasser le montant payé.');
    const negative = await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: town.admin.cookie, body: { aidCents: -1 } });
    expect(negative.status).toBe(422);
    const byAgent = await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: town.agent.cookie, body: { aidCents: 1000 } });
    expect(byAgent.status).toBe(403);

    const aided = await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: town.admin.cookie, body: { aidCents: 1000 } });
    expect(aided.status).toBe(200);
    expect(await aided.json()).toMatchObject({ totalCents: 3250, attestations: [expect.objectContaining({ paidCents: 4250, aidCents: 1000, amountCents: 3250 })] });

    const again = await previewYear(town);
    expect(again.id).toBe(run.id);
    expect(again.attestations).toEqual([expect.objectContaining({ paidCents: 4250, aidCents: 1000, amountCents: 3250 })]);
  });

  it('refuses a year not over yet and a malformed body, and writes nothing', async () => {
    const town = await fiscalTown();
    await later(town, '2027-01-10T09:00:00Z');
    const current = await adminCall(ctx, 'POST', '/tax-attestation-runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, year: 2027 } });
    expect(current.status).toBe(422);
    expect((await current.json()).message).toBe('Les attestations fiscales se calculent pour une année terminée.');
    for (const body of [{ regieId: town.regie.id, year: '2026' }, { regieId: 'x', year: 2026 }, { regieId: town.regie.id, year: 2026, extra: 1 }, { regieId: town.regie.id, year: 1999 }]) {
      expect((await adminCall(ctx, 'POST', '/tax-attestation-runs', { cookie: town.admin.cookie, body })).status).toBe(422);
    }
    expect(await (await adminCall(ctx, 'GET', '/tax-attestation-runs', { cookie: town.agent.cookie })).json()).toEqual([]);
  });

  it('publishes once: frozen figures, one e-mail per family, then visible and downloadable by the family only', async () => {
    const town = await fiscalTown();
    await addGuardian(town.tenantId, town.martin.id, 'responsable', 'Claire', 'Martin');
    await martinPaidSeptember(town);
    const token = await signIn(town, town.martin.id, town.martin.email!);
    const run = await previewYear(town);
    const id = run.attestations[0].id;

    // A preview is not the family's yet.
    expect(await (await call(ctx, 'GET', `${town.base}/attestations-fiscales`, { token })).json()).toEqual({ attestations: [] });
    expect((await call(ctx, 'GET', `${town.base}/attestations-fiscales/${id}/pdf`, { token })).status).toBe(404);

    const published = await publishYear(town, run.id);
    expect(published).toMatchObject({ state: 'published', attestationCount: 1, totalCents: 4250 });
    const mails = await database.db.select().from(outbox).where(and(eq(outbox.tenantId, town.tenantId), eq(outbox.recipient, town.martin.email!)));
    expect(mails.map((m) => m.subject)).toContain('Votre attestation fiscale 2026 (frais de garde) est disponible');
    expect(mails.find((m) => m.subject.startsWith('Votre attestation fiscale'))!.text).not.toContain('Hugo');

    // Published: frozen. Recomputing, changing aids or publishing again is refused.
    expect((await adminCall(ctx, 'POST', `/tax-attestation-runs/${run.id}/publish`, { cookie: town.admin.cookie, body: {} })).status).toBe(409);
    expect((await adminCall(ctx, 'POST', '/tax-attestation-runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, year: 2026 } })).status).toBe(409);
    expect((await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: town.admin.cookie, body: { aidCents: 10 } })).status).toBe(409);
    expect((await adminCall(ctx, 'DELETE', `/tax-attestation-runs/${run.id}`, { cookie: town.admin.cookie })).status).toBe(409);

    const list = await call(ctx, 'GET', `${town.base}/attestations-fiscales`, { token });
    expect(list.status).toBe(200);
    expect(list.headers.get('Cache-Control')).toContain('no-store');
    expect(await list.json()).toEqual({
      attestations: [expect.objectContaining({ id, year: 2026, regie: { name: 'Cantine et périscolaire' }, payerName: 'Mme Claire Martin', childName: 'Hugo Martin', paidCents: 4250, aidCents: 0, amountCents: 4250 })],
    });
    const pdf = await call(ctx, 'GET', `${town.base}/attestations-fiscales/${id}/pdf`, { token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('Attestation de frais de garde 2026');
    expect(text).toContain('Ville de Test');
    expect(text).toContain('Cantine et périscolaire');
    expect(text).toContain('Mme Claire Martin');
    expect(text).toContain('Hugo Martin');
    expect(text).toContain('42,50 €');
    expect(text).toContain('article 200 quater B du code général des impôts');

    // Staff read the same PDF.
    expect((await adminCall(ctx, 'GET', `/tax-attestations/${id}/pdf`, { cookie: town.agent.cookie })).status).toBe(200);
  });

  it('another family or another commune can neither read nor download an attestation', async () => {
    const town = await fiscalTown();
    await martinPaidSeptember(town);
    const run = await publishYear(town, (await previewYear(town)).id);
    const id = run.attestations[0].id;

    const other = await addFamily(ctx, town.tenantId, { number: 'F-0009', name: 'Famille Petit', email: `${unique('petit')}@exemple.fr` });
    const otherToken = await signIn(town, other.id, other.email!);
    expect(await (await call(ctx, 'GET', `${town.base}/attestations-fiscales`, { token: otherToken })).json()).toEqual({ attestations: [] });
    const denied = await call(ctx, 'GET', `${town.base}/attestations-fiscales/${id}/pdf`, { token: otherToken });
    expect(denied.status).toBe(404);
    expect((await denied.json()).code).toBe('attestation_introuvable');
    expect((await call(ctx, 'GET', `${town.base}/attestations-fiscales/${id}/pdf`)).status).toBe(401);

    ctx.clock.set('2026-10-05T08:00:00Z');
    const elsewhere = await fiscalTown('Autre Ville');
    await later(elsewhere, '2027-01-10T09:00:00Z');
    const foreignToken = await signIn(elsewhere, elsewhere.martin.id, elsewhere.martin.email!);
    expect((await call(ctx, 'GET', `${elsewhere.base}/attestations-fiscales/${id}/pdf`, { token: foreignToken })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/tax-attestation-runs/${run.id}`, { cookie: elsewhere.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/tax-attestations/${id}/pdf`, { cookie: elsewhere.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'PATCH', `/tax-attestations/${id}`, { cookie: elsewhere.admin.cookie, body: { aidCents: 0 } })).status).toBe(404);
    const rows = await database.db.select().from(taxAttestations).where(eq(taxAttestations.id, id));
    expect(rows[0].tenantId).toBe(town.tenantId);
  });

  it('a discarded preview leaves nothing behind', async () => {
    const town = await fiscalTown();
    await martinPaidSeptember(town);
    const run = await previewYear(town);
    const res = await adminCall(ctx, 'DELETE', `/tax-attestation-runs/${run.id}`, { cookie: town.admin.cookie });
    expect(res.status).toBe(204);
    expect(await database.db.select().from(taxAttestations).where(eq(taxAttestations.runId, run.id))).toEqual([]);
    expect((await adminCall(ctx, 'GET', `/tax-attestation-runs/${run.id}`, { cookie: town.admin.cookie })).status).toBe(404);
  });
});
