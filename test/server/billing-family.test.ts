import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { pdfText } from './pdf-text.js';
import { families, familyFileEvents, guardians, invoiceLines, invoices, ledgerEntries, paymentSettings, payments, regies } from '../../server/src/db/schema/index.js';
import { parisInstant } from '../../server/src/domain/dates.js';
import { invoiceNumber, payfipReference } from '../../server/src/domain/invoice-reference.js';
import { settlePayment } from '../../server/src/modules/billing/ledger.js';
import { call, makeContext, openTestDatabase, unique, type TestContext } from './helpers.js';
import { seedSignedFamily, seedTown, type SignedFamily, type Town } from './family-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: Town;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTown(ctx);
});
afterAll(() => database.close());

const MINUTE = 60_000;

/** A régie with its own numbering; the code is unique so that towns sharing a database never collide. */
async function seedRegie(tenantId: string, options: { numcli?: string; instructions?: string } = {}) {
  const code = `P${unique().replace(/[^0-9a-z]/gi, '').slice(-8).toUpperCase()}`;
  const [regie] = await database.db
    .insert(regies)
    .values({ tenantId, code, name: 'Régie périscolaire', payfipNumcli: options.numcli ?? null, paymentInstructions: options.instructions ?? null })
    .returning();
  return regie;
}

type Regie = Awaited<ReturnType<typeof seedRegie>>;

interface InvoiceSeed {
  sequence: number;
  month: string; // "2026-07"
  lines: [label: string, quantity: number, unitCents: number][];
  previousBalanceCents?: number;
  issueDate: string;
  dueDate: string;
  draft?: boolean;
}

/**
 * A published invoice as the invoicing run leaves it: numbered, its lines, and its debit in the
 * family's ledger at 08:00 Paris on the issue date. A draft has no number and no ledger entry.
 */
async function seedInvoice(tenantId: string, familyId: string, regie: Regie, seed: InvoiceSeed) {
  const lines = seed.lines.map(([label, quantity, unitCents], position) => ({ label, quantity, unitCents, totalCents: quantity * unitCents, position }));
  const linesCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const previousBalanceCents = seed.previousBalanceCents ?? 0;
  const year = Number(seed.issueDate.slice(0, 4));
  const number = seed.draft ? null : invoiceNumber(regie.code, year, seed.sequence);
  const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${seed.month}-01T00:00:00Z`));
  const [invoice] = await database.db
    .insert(invoices)
    .values({
      tenantId,
      regieId: regie.id,
      familyId,
      status: seed.draft ? 'draft' : 'unpaid',
      year: seed.draft ? null : year,
      sequence: seed.draft ? null : seed.sequence,
      number,
      refdet: seed.draft ? null : payfipReference(regie.code, year, seed.sequence),
      label: `Cantine et périscolaire – ${monthName}`,
      periodStart: `${seed.month}-01`,
      periodEnd: `${seed.month}-28`,
      issueDate: seed.issueDate,
      dueDate: seed.dueDate,
      linesCents,
      previousBalanceCents,
      totalCents: linesCents + previousBalanceCents,
      publishedAt: seed.draft ? null : parisInstant(seed.issueDate, '08:00'),
    })
    .returning();
  await database.db.insert(invoiceLines).values(lines.map((line) => ({ tenantId, invoiceId: invoice.id, ...line })));
  if (!seed.draft) {
    await database.db.insert(ledgerEntries).values({
      tenantId,
      familyId,
      regieId: regie.id,
      kind: 'invoice',
      invoiceId: invoice.id,
      label: `Facture ${number} – ${monthName}`,
      amountCents: linesCents,
      at: parisInstant(seed.issueDate, '08:00'),
    });
  }
  return invoice;
}

type Invoice = Awaited<ReturnType<typeof seedInvoice>>;

/** A cheque or cash recorded by the régie, settled the one way payments become paid. */
async function payOffline(invoice: Invoice, method: 'cheque' | 'cash', amountCents: number, paidOn: string, payerName: string) {
  const paidAt = parisInstant(paidOn, '12:00');
  const [payment] = await database.db
    .insert(payments)
    .values({ tenantId: invoice.tenantId, familyId: invoice.familyId, regieId: invoice.regieId, invoiceId: invoice.id, method, status: 'pending', amountCents, payerName, createdAt: paidAt })
    .returning();
  await database.db.transaction((tx) => settlePayment(tx, invoice.tenantId, payment.id, { paidAt }));
  return payment;
}

/** An online payment started now (by the fake clock): pending until the provider's answer is verified. */
async function startOnline(invoice: Invoice, amountCents: number) {
  const [payment] = await database.db
    .insert(payments)
    .values({
      tenantId: invoice.tenantId,
      familyId: invoice.familyId,
      regieId: invoice.regieId,
      invoiceId: invoice.id,
      method: 'online',
      provider: 'payfip',
      environment: 'sandbox',
      status: 'pending',
      amountCents,
      reference: `${invoice.refdet}${unique().replace(/[^0-9a-z]/gi, '').slice(-6).toUpperCase()}`,
      payerEmail: 'parent@exemple.fr',
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    })
    .returning();
  return payment;
}

/** The town's provider, on its test platform, with the keys Systempay and Paybox need. */
async function setProvider(tenantId: string, provider: 'none' | 'payfip' | 'tipi' | 'systempay' | 'paybox', config: Record<string, string> = {}) {
  const values = {
    provider,
    config,
    environment: 'test' as const,
    returnUrl: 'https://www.ville-test.fr/factures',
    secretSealed: provider === 'systempay' || provider === 'paybox' ? ctx.deps.encryption.encrypt('clé de test') : null,
  };
  await database.db
    .insert(paymentSettings)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: paymentSettings.tenantId, set: values });
}

const listInvoices = async (town: Town, family: SignedFamily) => {
  const res = await call(ctx, 'GET', `${town.base}/factures`, { token: family.token });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.json();
};

const pdfOf = (town: Town, family: SignedFamily, id: string) => call(ctx, 'GET', `${town.base}/factures/${id}/pdf`, { token: family.token });

describe('the family’s invoices and account statement', () => {
  it('lists the invoice to pay and the paid one, with payments, overdue state and a running balance after an invoice, a partial cheque and a payment', async () => {
    const family = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id, { numcli: '090909' });
    const june = await seedInvoice(town.tenant.id, family.familyId, regie, {
      sequence: 11,
      month: '2026-06',
      lines: [['Restauration scolaire – Léa', 17, 415]],
      issueDate: '2026-07-01',
      dueDate: '2026-07-31',
    });
    await payOffline(june, 'cheque', 2000, '2026-07-10', 'M. Thomas Martin');
    await payOffline(june, 'cash', 5055, '2026-07-20', 'Mme Claire Martin');
    const july = await seedInvoice(town.tenant.id, family.familyId, regie, {
      sequence: 12,
      month: '2026-07',
      lines: [
        ['Restauration scolaire – Léa', 17, 415],
        ['Accueil périscolaire du soir – Hugo', 8, 180],
      ],
      issueDate: '2026-08-03',
      dueDate: '2026-08-31',
    });
    await payOffline(july, 'cheque', 3000, '2026-08-20', 'M. Thomas Martin');
    await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 13, month: '2026-08', lines: [['Restauration scolaire – Léa', 3, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30', draft: true });

    const answer = await listInvoices(town, family);

    expect(answer.balanceCents).toBe(5495);
    expect(answer.statement).toEqual([
      { at: '2026-07-01T06:00:00.000Z', label: `Facture ${june.number} – juin 2026`, debitCents: 7055, creditCents: 0, balanceCents: 7055 },
      { at: '2026-07-10T10:00:00.000Z', label: `Chèque – facture ${june.number}`, debitCents: 0, creditCents: 2000, balanceCents: 5055 },
      { at: '2026-07-20T10:00:00.000Z', label: `Espèces – facture ${june.number}`, debitCents: 0, creditCents: 5055, balanceCents: 0 },
      { at: '2026-08-03T06:00:00.000Z', label: `Facture ${july.number} – juillet 2026`, debitCents: 8495, creditCents: 0, balanceCents: 8495 },
      { at: '2026-08-20T10:00:00.000Z', label: `Chèque – facture ${july.number}`, debitCents: 0, creditCents: 3000, balanceCents: 5495 },
    ]);

    // The draft of the run still in preview is not shown anywhere.
    expect(answer.toPay.map((i: { number: string }) => i.number)).toEqual([july.number]);
    expect(answer.paid.map((i: { number: string }) => i.number)).toEqual([june.number]);

    expect(answer.toPay[0]).toEqual({
      id: july.id,
      kind: 'invoice',
      number: july.number,
      refdet: july.refdet,
      label: 'Cantine et périscolaire – juillet 2026',
      regie: { code: regie.code, name: 'Régie périscolaire' },
      periodStart: '2026-07-01',
      periodEnd: '2026-07-28',
      issueDate: '2026-08-03',
      dueDate: '2026-08-31',
      linesCents: 8495,
      previousBalanceCents: 0,
      totalCents: 8495,
      paidCents: 3000,
      remainingCents: 5495,
      status: 'unpaid',
      carriedTo: null,
      overdue: true, // due on 31 August, today is 7 September
      paymentInProgress: false,
      paymentRetryAt: null,
      payments: [
        { id: expect.any(String), method: 'cheque', methodLabel: 'Chèque', amountCents: 3000, paidAt: '2026-08-20T10:00:00.000Z', payerName: 'M. Thomas Martin', authorisationNumber: null, attestation: false },
      ],
    });
    expect(answer.paid[0]).toMatchObject({ status: 'paid', paidCents: 7055, remainingCents: 0, overdue: false });
    expect(answer.paid[0].payments.map((p: { methodLabel: string; amountCents: number }) => [p.methodLabel, p.amountCents])).toEqual([
      ['Chèque', 2000],
      ['Espèces', 5055],
    ]);
  });

  it('is not overdue on its due date, only the day after (Paris calendar)', async () => {
    ctx.clock.set('2026-09-07T21:50:00Z');
    const family = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id);
    await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 1, month: '2026-08', lines: [['Cantine – Léa', 2, 415]], issueDate: '2026-08-31', dueDate: '2026-09-07' });
    try {
      ctx.clock.set('2026-09-07T21:59:00Z'); // 23:59 in Paris, still the due date
      expect((await listInvoices(town, family)).toPay[0].overdue).toBe(false);
      ctx.clock.set('2026-09-07T22:00:00Z'); // midnight in Paris
      expect((await listInvoices(town, family)).toPay[0].overdue).toBe(true);
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('shows an online payment under way for 20 minutes, then lets the family try again', async () => {
    const family = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id);
    const invoice = await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 1, month: '2026-08', lines: [['Cantine – Léa', 10, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30' });
    expect((await listInvoices(town, family)).toPay[0].paymentInProgress).toBe(false);

    const start = ctx.clock.now();
    try {
      await startOnline(invoice, 4150);
      ctx.clock.advance(19 * MINUTE);
      const during = (await listInvoices(town, family)).toPay[0];
      expect(during).toMatchObject({ paymentInProgress: true, remainingCents: 4150, payments: [] });
      ctx.clock.advance(2 * MINUTE);
      expect((await listInvoices(town, family)).toPay[0].paymentInProgress).toBe(false);
    } finally {
      ctx.clock.set(start);
    }
  });

  it('shows an online payment once the provider confirmed it, with its authorisation number', async () => {
    const family = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id);
    const invoice = await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 1, month: '2026-08', lines: [['Cantine – Léa', 10, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30' });
    const payment = await startOnline(invoice, 4150);
    await database.db.transaction((tx) => settlePayment(tx, town.tenant.id, payment.id, { paidAt: ctx.clock.now(), authorisationNumber: 'A12345', transactionId: 'T1' }));

    const answer = await listInvoices(town, family);
    expect(answer.toPay).toEqual([]);
    expect(answer.balanceCents).toBe(0);
    expect(answer.paid[0]).toMatchObject({
      status: 'paid',
      paymentInProgress: false,
      payments: [{ method: 'online', methodLabel: 'Paiement en ligne', amountCents: 4150, paidAt: '2026-09-07T08:00:00.000Z', payerName: null, authorisationNumber: 'A12345' }],
    });
    expect(answer.statement.at(-1)).toMatchObject({ creditCents: 4150, balanceCents: 0 });
  });

  it('shows an invoice whose balance was carried forward as done, with the number of the invoice to pay instead', async () => {
    const family = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id);
    const july = await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 1, month: '2026-07', lines: [['Cantine – Léa', 10, 415]], issueDate: '2026-08-03', dueDate: '2026-08-31' });
    const august = await seedInvoice(town.tenant.id, family.familyId, regie, {
      sequence: 2,
      month: '2026-08',
      lines: [['Cantine – Léa', 2, 415]],
      previousBalanceCents: 4150,
      issueDate: '2026-09-01',
      dueDate: '2026-09-30',
    });
    await database.db.update(invoices).set({ status: 'carried', carriedToInvoiceId: august.id }).where(eq(invoices.id, july.id));
    // The carried amount is already in the ledger (July's debit): August's own entry is its lines only.
    await database.db.update(ledgerEntries).set({ amountCents: 830 }).where(eq(ledgerEntries.invoiceId, august.id));

    const answer = await listInvoices(town, family);
    expect(answer.toPay.map((i: { number: string; remainingCents: number }) => [i.number, i.remainingCents])).toEqual([[august.number, 4980]]);
    expect(answer.paid).toMatchObject([{ number: july.number, status: 'carried', carriedTo: august.number, remainingCents: 0, overdue: false }]);
    expect(answer.balanceCents).toBe(4980);
  });

  it('answers 401 without a session', async () => {
    expect((await call(ctx, 'GET', `${town.base}/factures`)).status).toBe(401);
  });
});

describe('online payment offered', () => {
  it('says which provider the town uses, and none when it has not chosen one', async () => {
    const other = await seedTown(ctx);
    const family = await seedSignedFamily(ctx, other);
    expect((await listInvoices(other, family)).onlinePayment).toEqual({ enabled: false, provider: null, providerLabel: null, minimumCents: 100 });

    const labels = { payfip: 'PayFiP (DGFiP)', tipi: 'TIPI (DGFiP)', systempay: 'Systempay', paybox: 'Paybox' } as const;
    for (const [provider, providerLabel] of Object.entries(labels) as [keyof typeof labels, string][]) {
      await setProvider(other.tenant.id, provider);
      expect((await listInvoices(other, family)).onlinePayment).toEqual({ enabled: true, provider, providerLabel, minimumCents: 100 });
    }
    // Chosen but with no town page to come back to: payment could not start, so it is not offered.
    await database.db.update(paymentSettings).set({ returnUrl: null }).where(eq(paymentSettings.tenantId, other.tenant.id));
    expect((await listInvoices(other, family)).onlinePayment).toMatchObject({ enabled: false, provider: null });
    await setProvider(other.tenant.id, 'none');
    expect((await listInvoices(other, family)).onlinePayment).toMatchObject({ enabled: false, provider: null });
  });
});

describe('invoice PDF', () => {
  it('downloads the family’s invoice with its number, lines, previous balance, total and the PayFiP identifiers', async () => {
    const family = await seedSignedFamily(ctx, town);
    await database.db.insert(guardians).values({
      tenantId: town.tenant.id,
      familyId: family.familyId,
      role: 'responsable',
      civility: 'Mme',
      firstName: 'Claire',
      lastName: 'Martin',
      addressLine1: '12 rue des Lilas',
      postalCode: '69003',
      city: 'Lyon',
    });
    const regie = await seedRegie(town.tenant.id, { numcli: '090909', instructions: 'Chèque à l’ordre du Trésor public, à déposer en mairie.' });
    await setProvider(town.tenant.id, 'payfip', { numcli: '111111' });
    const invoice = await seedInvoice(town.tenant.id, family.familyId, regie, {
      sequence: 12,
      month: '2026-08',
      lines: [
        ['Restauration scolaire – Léa', 17, 415],
        ['Accueil périscolaire du soir – Hugo', 8, 180],
      ],
      previousBalanceCents: 1250,
      issueDate: '2026-09-01',
      dueDate: '2026-09-30',
    });

    const res = await pdfOf(town, family, invoice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="facture-${invoice.number}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/[\u00a0\u202f]/g, ' ');

    expect(text).toContain(`Facture n° ${invoice.number}`);
    expect(text).toContain('Mme Claire Martin\n12 rue des Lilas\n69003 Lyon');
    expect(text).toContain('Restauration scolaire – Léa\n17\n4,15 €\n70,55 €');
    expect(text).toContain('Accueil périscolaire du soir – Hugo\n8\n1,80 €\n14,40 €');
    expect(text).toContain('Total des prestations\n84,95 €');
    expect(text).toContain('Solde antérieur\n12,50 €');
    expect(text).toContain('Total à payer\n97,45 €');
    // The régie's own numcli wins over the town's, printed beside the reference and again in "Comment payer".
    expect(text).toContain(`Référence de paiement\n${invoice.refdet} – Identifiant collectivité PayFiP / TIPI : 090909`);
    expect(text).toContain(`Identifiant collectivité : 090909 – Référence : ${invoice.refdet}`);
    expect(text).toContain('Chèque à l’ordre du Trésor public, à déposer en mairie.');

    // A régie without its own numcli uses the town's.
    const sharedRegie = await seedRegie(town.tenant.id);
    const other = await seedInvoice(town.tenant.id, family.familyId, sharedRegie, { sequence: 3, month: '2026-08', lines: [['Cantine – Hugo', 4, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30' });
    const otherText = await pdfText(new Uint8Array(await (await pdfOf(town, family, other.id)).arrayBuffer()));
    expect(otherText).toContain(`Identifiant collectivité : 111111 – Référence : ${other.refdet}`);
  });

  it('answers 404 for a draft, another family’s invoice, another commune’s invoice and a malformed id', async () => {
    const family = await seedSignedFamily(ctx, town);
    const neighbour = await seedSignedFamily(ctx, town);
    const regie = await seedRegie(town.tenant.id);
    const theirs = await seedInvoice(town.tenant.id, neighbour.familyId, regie, { sequence: 1, month: '2026-08', lines: [['Cantine – Léa', 2, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30' });
    const draft = await seedInvoice(town.tenant.id, family.familyId, regie, { sequence: 2, month: '2026-08', lines: [['Cantine – Léa', 2, 415]], issueDate: '2026-09-01', dueDate: '2026-09-30', draft: true });
    const elsewhere = await seedTown(ctx);
    const stranger = await seedSignedFamily(ctx, elsewhere);
    const foreign = await seedInvoice(elsewhere.tenant.id, stranger.familyId, await seedRegie(elsewhere.tenant.id), {
      sequence: 1,
      month: '2026-08',
      lines: [['Cantine – Léa', 2, 415]],
      issueDate: '2026-09-01',
      dueDate: '2026-09-30',
    });

    for (const id of [theirs.id, draft.id, foreign.id, 'pas-un-identifiant', '00000000-0000-0000-0000-000000000000']) {
      const res = await pdfOf(town, family, id);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'facture_introuvable', message: 'Cette facture est introuvable.' });
    }
    expect((await listInvoices(town, family)).toPay).toEqual([]);
    // The neighbour sees their own invoice.
    expect((await pdfOf(town, neighbour, theirs.id)).status).toBe(200);
  });
});

describe('invoice e-mail notifications', () => {
  const put = (family: SignedFamily, body: unknown) => call(ctx, 'PUT', `${town.base}/factures/notifications`, { token: family.token, body });

  it('is on by default to the family e-mail, and takes up to three more addresses, lower-cased', async () => {
    const family = await seedSignedFamily(ctx, town);
    expect((await listInvoices(town, family)).notifications).toEqual({ enabled: true, email: family.email, extraEmails: [] });

    const res = await put(family, { enabled: true, extraEmails: ['Papa@Exemple.fr', 'mamie@exemple.fr', ' nounou@exemple.fr '] });
    expect(res.status).toBe(200);
    const saved = { enabled: true, email: family.email, extraEmails: ['papa@exemple.fr', 'mamie@exemple.fr', 'nounou@exemple.fr'] };
    expect(await res.json()).toEqual(saved);
    expect((await listInvoices(town, family)).notifications).toEqual(saved);

    expect(await (await put(family, { enabled: false, extraEmails: [] })).json()).toEqual({ enabled: false, email: family.email, extraEmails: [] });
    const [row] = await database.db.select().from(families).where(eq(families.id, family.familyId));
    expect(row).toMatchObject({ invoiceNotifications: false, notificationEmails: [] });

    // The family file history says what changed, never the addresses.
    const events = await database.db.select().from(familyFileEvents).where(and(eq(familyFileEvents.familyId, family.familyId), eq(familyFileEvents.fieldGroup, 'notifications')));
    expect(events.map((e) => e.fields.join(' ')).sort()).toEqual(['emails', 'invoiceNotifications emails']);
    expect(JSON.stringify(events)).not.toContain('exemple.fr');
  });

  it('refuses bad lists with French field errors and changes nothing', async () => {
    const family = await seedSignedFamily(ctx, town);
    await put(family, { enabled: true, extraEmails: ['papa@exemple.fr'] });
    const cases: [unknown, Record<string, string>][] = [
      [{ enabled: true, extraEmails: ['a@exemple.fr', 'b@exemple.fr', 'c@exemple.fr', 'd@exemple.fr'] }, { extraEmails: 'Pas plus de 3 adresses en plus de celle de la famille.' }],
      [{ enabled: true, extraEmails: ['pas-une-adresse'] }, { 'extraEmails.0': 'L’adresse supplémentaire n’est pas valide.' }],
      [{ enabled: true, extraEmails: ['mamie@exemple.fr', 'Mamie@exemple.fr'] }, { extraEmails: 'Chaque adresse ne doit figurer qu’une fois.' }],
      [{ enabled: true, extraEmails: ['mamie@exemple.fr', family.email.toUpperCase()] }, { 'extraEmails.1': 'Cette adresse est déjà celle de votre famille : elle reçoit les avis sans être ajoutée.' }],
      [{ enabled: 'oui', extraEmails: [] }, { enabled: 'Indiquez si vous souhaitez être prévenu par e-mail (oui ou non).' }],
      [{ enabled: false }, { extraEmails: 'La liste des adresses supplémentaires est obligatoire (elle peut être vide).' }],
      [{ enabled: false, extraEmails: [], email: 'autre@exemple.fr' }, { _: 'Des champs inconnus ont été envoyés.' }],
    ];
    for (const [body, fields] of cases) {
      const res = await put(family, body);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'validation', fields });
    }
    expect((await listInvoices(town, family)).notifications).toEqual({ enabled: true, email: family.email, extraEmails: ['papa@exemple.fr'] });
    expect((await call(ctx, 'PUT', `${town.base}/factures/notifications`, { body: { enabled: false, extraEmails: [] } })).status).toBe(401);
  });
});
