import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, invoices, invoiceSequences, ledgerEntries, outbox } from '../../server/src/db/schema/index.js';
import { isValidRefdet } from '../../server/src/domain/invoice-reference.js';
import { publishRun } from '../../server/src/modules/billing/invoicing.js';
import { makeContext, openTestDatabase, unique, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { addFamily, billingTown, book, canteenDays, invoiceMonth, invoiceOf, ledgerBalance, preview, publish } from './billing-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  ctx.clock.set('2026-10-05T08:00:00Z');
});
afterAll(() => database.close());

const SEPTEMBER = canteenDays('2026-09');
const OCTOBER = canteenDays('2026-10');

describe('régies', () => {
  it('are created and changed by an admin, read by agents; the code is unique and checked', async () => {
    const town = await billingTown(ctx);
    const created = await adminCall(ctx, 'POST', '/regies', { cookie: town.admin.cookie, body: { code: 'REST', name: 'Régie restauration', payfipNumcli: '123456', dueDays: 20 } });
    expect(created.status).toBe(201);
    const regie = await created.json();
    expect(regie).toMatchObject({ code: 'REST', name: 'Régie restauration', payfipNumcli: '123456', dueDays: 20, paymentInstructions: null, codeLocked: false });

    const duplicate = await adminCall(ctx, 'POST', '/regies', { cookie: town.admin.cookie, body: { code: 'REST', name: 'Autre' } });
    expect(duplicate.status).toBe(409);
    const invalid = await adminCall(ctx, 'POST', '/regies', { cookie: town.admin.cookie, body: { code: 'ré gie', name: 'Autre', payfipNumcli: '12' } });
    expect(invalid.status).toBe(422);
    expect(Object.keys((await invalid.json()).fields).sort()).toEqual(['code', 'payfipNumcli']);
    const byAgent = await adminCall(ctx, 'POST', '/regies', { cookie: town.agent.cookie, body: { code: 'AGT', name: 'Agent' } });
    expect(byAgent.status).toBe(403);

    const changed = await adminCall(ctx, 'PATCH', `/regies/${regie.id}`, { cookie: town.admin.cookie, body: { code: 'RESTO', paymentInstructions: 'Chèque à l’ordre du Trésor public' } });
    expect(await changed.json()).toMatchObject({ code: 'RESTO', paymentInstructions: 'Chèque à l’ordre du Trésor public' });
    const list = await (await adminCall(ctx, 'GET', '/regies', { cookie: town.agent.cookie })).json();
    expect(list.map((r: { code: string }) => r.code)).toEqual(['PERI', 'RESTO']);
    const audit = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, regie.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['regie_creee', 'regie_modifiee']);
  });

  it('keep their code once an invoice carries it', async () => {
    const town = await billingTown(ctx);
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 3));
    await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const res = await adminCall(ctx, 'PATCH', `/regies/${town.regie.id}`, { cookie: town.admin.cookie, body: { code: 'AUTRE' } });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('code_fige');
    const renamed = await adminCall(ctx, 'PATCH', `/regies/${town.regie.id}`, { cookie: town.admin.cookie, body: { name: 'Régie périscolaire', code: 'PERI' } });
    expect(await renamed.json()).toMatchObject({ code: 'PERI', name: 'Régie périscolaire', codeLocked: true });
  });
});

describe('tariffs', () => {
  it('answer the service with its tariff; the pricing rules’ messages come back as field errors', async () => {
    const town = await billingTown(ctx);
    const ok = await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, {
      cookie: town.admin.cookie,
      body: { regieId: town.regie.id, basePriceCents: 415, brackets: [{ maxQuotient: 700, priceCents: 250 }, { maxQuotient: null, priceCents: 415 }], rankDiscounts: [{ fromRank: 3, percent: 10 }], lateCancellationBilled: true, waitlistedBilled: false },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: town.cantine.id,
      label: 'Cantine',
      priceCents: 415,
      regieId: town.regie.id,
      regie: { id: town.regie.id, code: 'PERI' },
      tariff: { basePriceCents: 415, brackets: [{ maxQuotient: 700, priceCents: 250 }, { maxQuotient: null, priceCents: 415 }], rankDiscounts: [{ fromRank: 3, percent: 10 }] },
      lateCancellationBilled: true,
      waitlistedBilled: false,
    });

    const unordered = await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, {
      cookie: town.admin.cookie,
      body: { brackets: [{ maxQuotient: null, priceCents: 415 }, { maxQuotient: 700, priceCents: 250 }], rankDiscounts: [{ fromRank: 2, percent: 10 }, { fromRank: 2, percent: 20 }] },
    });
    expect(unordered.status).toBe(422);
    const { fields } = await unordered.json();
    expect(fields.brackets).toMatch(/tranches de quotient familial doivent être croissantes/);
    expect(fields.rankDiscounts).toMatch(/deux réductions pour le même rang/);
    const unchanged = await (await adminCall(ctx, 'GET', `/services/${town.cantine.id}/tariff`, { cookie: town.agent.cookie })).json();
    expect(unchanged.tariff.rankDiscounts).toEqual([{ fromRank: 3, percent: 10 }]);

    expect((await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, { cookie: town.agent.cookie, body: { basePriceCents: 1 } })).status).toBe(403);
    const other = await billingTown(ctx, 'Autre Ville');
    expect((await adminCall(ctx, 'PATCH', `/services/${other.cantine.id}/tariff`, { cookie: town.admin.cookie, body: { basePriceCents: 1 } })).status).toBe(404);
    expect((await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}/tariff`, { cookie: town.admin.cookie, body: { regieId: other.regie.id } })).status).toBe(404);
  });
});

describe('publishing', () => {
  it('numbers the invoices in family-number order without gaps across runs, and restarts each year', async () => {
    const town = await billingTown(ctx);
    const b = await addFamily(ctx, town.tenantId, { number: 'F-0003', name: 'Famille Bernard', services: [town.cantine.id] });
    const c = await addFamily(ctx, town.tenantId, { number: 'F-0002', name: 'Famille Petit', services: [town.cantine.id] });
    for (const family of [town.martin, b, c]) {
      await book(ctx, town.tenantId, family.child['Léa'], town.cantine.id, [...SEPTEMBER.slice(0, 2), ...OCTOBER.slice(0, 2)]);
    }

    const september = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect(september.state).toBe('published');
    expect(september.invoices.map((i) => [i.family.number, i.number, i.refdet, i.status])).toEqual([
      ['F-0001', '2026-PERI-000001', '2026PERI000001', 'unpaid'],
      ['F-0002', '2026-PERI-000002', '2026PERI000002', 'unpaid'],
      ['F-0003', '2026-PERI-000003', '2026PERI000003', 'unpaid'],
    ]);
    const october = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-10');
    expect(october.invoices.map((i) => i.number)).toEqual(['2026-PERI-000004', '2026-PERI-000005', '2026-PERI-000006']);
    expect([...september.invoices, ...october.invoices].every((i) => isValidRefdet(i.refdet!))).toBe(true);

    await book(ctx, town.tenantId, town.martin.child['Hugo'], town.cantine.id, ['2026-12-17']);
    const december = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-12', { issueDate: '2027-01-04' });
    expect(invoiceOf(december, town.martin.id)!.number).toBe('2027-PERI-000001');
  });

  it('publishes once: a second publication is refused and nothing is doubled', async () => {
    const town = await billingTown(ctx);
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER);
    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    await publish(ctx, town.admin.cookie, run.id);

    const again = await adminCall(ctx, 'POST', `/invoicing/runs/${run.id}/publish`, { cookie: town.admin.cookie, body: {} });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('deja_publiee');
    const recompute = await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, month: '2026-09' } });
    expect(recompute.status).toBe(409);
    const discard = await adminCall(ctx, 'DELETE', `/invoicing/runs/${run.id}`, { cookie: town.admin.cookie });
    expect(discard.status).toBe(409);

    const rows = await database.db.select().from(invoices).where(eq(invoices.tenantId, town.tenantId));
    expect(rows.map((r) => [r.number, r.totalCents])).toEqual([['2026-PERI-000001', 7055]]);
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(7055);
    const [sequence] = await database.db.select().from(invoiceSequences).where(eq(invoiceSequences.tenantId, town.tenantId));
    expect(sequence).toMatchObject({ year: 2026, last: 1 });
  });

  it('publishes once under concurrency: one publication wins, the others get a 409', async () => {
    const town = await billingTown(ctx);
    for (const [index, number] of ['F-0002', 'F-0003', 'F-0004'].entries()) {
      const family = await addFamily(ctx, town.tenantId, { number, name: `Famille ${index}`, services: [town.cantine.id] });
      await book(ctx, town.tenantId, family.child['Hugo'], town.cantine.id, SEPTEMBER.slice(0, 5));
    }
    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const staff = { sessionId: 's', staffUserId: town.admin.user.id, tenantId: town.tenantId, role: 'admin' as const, email: town.admin.email, displayName: 'Admin' };
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => publishRun(ctx.deps, staff, run.id)));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['deja_publiee', 'deja_publiee', 'deja_publiee']);
    const rows = await database.db.select().from(invoices).where(eq(invoices.tenantId, town.tenantId));
    expect(rows.map((r) => r.number).sort()).toEqual(['2026-PERI-000001', '2026-PERI-000002', '2026-PERI-000003']);
    expect(await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.tenantId, town.tenantId))).toHaveLength(3);
  });

  it('carries the unpaid balance into the next invoice and marks the older one carried; the account is the sum of its entries', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER);
    const september = invoiceOf(await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09'), town.martin.id)!;
    await book(ctx, town.tenantId, lea, town.cantine.id, OCTOBER.slice(0, 10));

    const octoberPreview = await preview(ctx, town.admin.cookie, town.regie.id, '2026-10');
    expect(invoiceOf(octoberPreview, town.martin.id)).toMatchObject({ linesCents: 4150, previousBalanceCents: 7055, totalCents: 11205 });
    const october = invoiceOf(await publish(ctx, town.admin.cookie, octoberPreview.id), town.martin.id)!;
    expect(october).toMatchObject({ number: '2026-PERI-000002', linesCents: 4150, previousBalanceCents: 7055, totalCents: 11205, status: 'unpaid' });

    const [older] = await database.db.select().from(invoices).where(eq(invoices.id, september.id));
    expect(older).toMatchObject({ status: 'carried', carriedToInvoiceId: october.id, totalCents: 7055 });
    const entries = await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.familyId, town.martin.id));
    expect(entries.map((e) => [e.kind, e.amountCents, e.label])).toEqual(
      expect.arrayContaining([
        ['invoice', 7055, 'Facture 2026-PERI-000001 – septembre 2026'],
        ['invoice', 4150, 'Facture 2026-PERI-000002 – octobre 2026'],
      ]),
    );
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(11205);

    // A family with nothing booked in November but still owing gets an invoice of its balance alone.
    const november = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-11');
    expect(invoiceOf(november, town.martin.id)).toMatchObject({ linesCents: 0, previousBalanceCents: 11205, totalCents: 11205, lines: [] });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(11205);
  });

  it('takes the balance as it stands at publication, not as it stood in the preview', async () => {
    const town = await billingTown(ctx);
    const lea = town.martin.child['Léa'];
    await book(ctx, town.tenantId, lea, town.cantine.id, SEPTEMBER.slice(0, 4));
    const september = invoiceOf(await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09'), town.martin.id)!;
    await book(ctx, town.tenantId, lea, town.cantine.id, OCTOBER.slice(0, 2));
    const octoberPreview = await preview(ctx, town.admin.cookie, town.regie.id, '2026-10');
    expect(invoiceOf(octoberPreview, town.martin.id)!.previousBalanceCents).toBe(1660);

    const paid = await adminCall(ctx, 'POST', `/invoices/${september.id}/payments`, { cookie: town.agent.cookie, body: { method: 'cash', amountCents: 1660, paidOn: '2026-10-02', payerName: 'Mme Martin' } });
    expect(paid.status).toBe(201);
    const october = invoiceOf(await publish(ctx, town.admin.cookie, octoberPreview.id), town.martin.id)!;
    expect(october).toMatchObject({ previousBalanceCents: 0, totalCents: 830 });
    const [older] = await database.db.select().from(invoices).where(eq(invoices.id, september.id));
    expect(older.status).toBe('paid');
  });

  it('is reserved to admins; another commune’s runs and invoices are not found', async () => {
    const town = await billingTown(ctx);
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 2));
    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    expect((await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.agent.cookie, body: { regieId: town.regie.id, month: '2026-09' } })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', `/invoicing/runs/${run.id}/publish`, { cookie: town.agent.cookie, body: {} })).status).toBe(403);
    expect((await adminCall(ctx, 'DELETE', `/invoicing/runs/${run.id}`, { cookie: town.agent.cookie })).status).toBe(403);
    const invoiceId = run.invoices[0].id;
    expect((await adminCall(ctx, 'GET', `/invoices/${invoiceId}/pdf`, { cookie: town.agent.cookie })).status).toBe(404); // a draft has no document
    await publish(ctx, town.admin.cookie, run.id);
    const pdf = await adminCall(ctx, 'GET', `/invoices/${invoiceId}/pdf`, { cookie: town.agent.cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('facture-2026-PERI-000001.pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const other = await billingTown(ctx, 'Autre Ville');
    expect((await adminCall(ctx, 'GET', `/invoicing/runs/${run.id}`, { cookie: other.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/invoicing/runs/${run.id}/publish`, { cookie: other.admin.cookie, body: {} })).status).toBe(404);
    expect((await adminCall(ctx, 'DELETE', `/invoicing/runs/${run.id}`, { cookie: other.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/invoices/${invoiceId}`, { cookie: other.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/invoices/${invoiceId}/pdf`, { cookie: other.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/invoices/${invoiceId}/credit-note`, { cookie: other.admin.cookie, body: { reason: 'Erreur' } })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/invoices/${invoiceId}/payments`, { cookie: other.agent.cookie, body: { method: 'cash', amountCents: 100, paidOn: '2026-10-01', payerName: 'X' } })).status).toBe(404);
    expect(await (await adminCall(ctx, 'GET', '/invoices', { cookie: other.admin.cookie })).json()).toEqual([]);
    expect(await (await adminCall(ctx, 'GET', '/invoicing/runs', { cookie: other.admin.cookie })).json()).toEqual([]);
  });

  it('lists invoices by family, status, number or name, with what remains to pay', async () => {
    const town = await billingTown(ctx);
    const petit = await addFamily(ctx, town.tenantId, { number: 'F-0002', name: 'Famille Petit', services: [town.cantine.id] });
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 2));
    await book(ctx, town.tenantId, petit.child['Léa'], town.cantine.id, SEPTEMBER.slice(0, 3));
    const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    await adminCall(ctx, 'POST', `/invoices/${invoiceOf(run, petit.id)!.id}/payments`, { cookie: town.agent.cookie, body: { method: 'cheque', amountCents: 500, paidOn: '2026-10-01', payerName: 'M. Petit' } });

    const search = async (query: string) => (await (await adminCall(ctx, 'GET', `/invoices${query}`, { cookie: town.agent.cookie })).json()) as { number: string; remainingCents: number; family: { name: string } }[];
    expect((await search('?q=petit')).map((i) => [i.number, i.remainingCents, i.family.name])).toEqual([['2026-PERI-000002', 745, 'Famille Petit']]);
    expect((await search('?q=2026-PERI-000001')).map((i) => i.family.name)).toEqual(['Famille Martin']);
    expect((await search('?q=F-0002')).map((i) => i.number)).toEqual(['2026-PERI-000002']);
    expect((await search(`?familyId=${town.martin.id}`)).map((i) => i.remainingCents)).toEqual([830]);
    expect((await search('?status=paid'))).toEqual([]);
    expect((await adminCall(ctx, 'GET', '/invoices?status=draft', { cookie: town.agent.cookie })).status).toBe(422);
  });
});

describe('notification mail', () => {
  it('goes to the family address and its extra addresses, only for families who asked for it', async () => {
    const town = await billingTown(ctx);
    const extra = `${unique('grand-mere')}@exemple.fr`;
    const subscribed = await addFamily(ctx, town.tenantId, { number: 'F-0002', name: 'Famille Abonnée', email: `${unique('abonnee')}@exemple.fr`, notificationEmails: [extra], services: [town.cantine.id] });
    const quiet = await addFamily(ctx, town.tenantId, { number: 'F-0003', name: 'Famille Discrète', email: `${unique('discrete')}@exemple.fr`, notifications: false, services: [town.cantine.id] });
    for (const family of [subscribed, quiet]) await book(ctx, town.tenantId, family.child['Léa'], town.cantine.id, SEPTEMBER);
    ctx.mail.sent = [];

    const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const number = invoiceOf(run, subscribed.id)!.number!;
    await ctx.flushMail();

    for (const address of [subscribed.email!, extra]) {
      const [mail] = ctx.mail.to(address);
      expect(mail.subject).toBe(`Votre facture ${number} est disponible`);
      const body = mail.text.replace(/[\u00a0\u202f]/g, ' ');
      expect(body).toContain('Cantine et périscolaire – septembre 2026');
      expect(body).toContain('Montant à payer : 70,55 €, avant le mercredi 4 novembre 2026.');
      expect(body).toContain('https://www.ville-test.fr/portail-famille');
      expect(body).not.toMatch(/mot de passe|IBAN/i);
    }
    expect(ctx.mail.to(quiet.email!)).toEqual([]);
    expect(ctx.mail.to(town.martin.email!)).toHaveLength(0); // nothing booked, nothing owed: no invoice, no mail
    const queued = await database.db.select().from(outbox).where(and(eq(outbox.tenantId, town.tenantId)));
    expect(queued.filter((m) => m.subject.startsWith('Votre facture'))).toHaveLength(2);
  });
});
