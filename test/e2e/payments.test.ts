import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS, demoPaymentSettings } from '../../demo/seed.js';
import { families, invoices, ledgerEntries, payments } from '../../server/src/db/schema/index.js';
import { axeViolations, collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * Invoices and online payment on the demo town site, in Chromium, against the real server, the
 * built widget and the local sandboxes that speak each provider's protocol: the invoice arrives
 * by e-mail, the parent opens its PDF and pays it through PayFiP, TIPI, Systempay and Paybox in
 * turn, and sees it paid — with the ledger holding exactly one entry per payment (TIPI, unsigned,
 * once the régie has confirmed it).
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;
const PASSWORD = 'Un mot de passe de démonstration';
/** Families that already paid in this journey: each provider pays a fresh invoice. */
const usedFamilies: string[] = [];
/** Families that already paid in this journey: each provider pays a fresh invoice. */
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-pay-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const db = () => demo.api.deps.database.db;
const tenantId = () => demo.demo.tenantId;
const factures = (page: Page) => page.locator('portail-factures');

async function signIn(page: Page, identifier: string, password: string) {
  await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
  const login = page.locator('portail-login');
  await login.getByLabel('Identifiant').fill(identifier);
  await login.getByLabel('Mot de passe', { exact: true }).fill(password);
  await login.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => login.getByText(/Connecté en tant que/).isVisible()).toBe(true);
}

/** Switches the commune's provider the way an admin does, through the staff API (same origin, cookie session). */
async function useProvider(context: BrowserContext, provider: 'payfip' | 'tipi' | 'systempay' | 'paybox') {
  const admin = await context.newPage();
  await admin.goto(`${demo.api.url}/admin`);
  await admin.getByLabel('Adresse e-mail professionnelle').fill(DEMO_LOGINS.admin.login);
  await admin.getByLabel('Mot de passe').fill(DEMO_LOGINS.admin.password);
  await admin.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => admin.getByRole('navigation').isVisible()).toBe(true);
  const settings = demoPaymentSettings(provider);
  const status = await admin.evaluate(
    async (body) =>
      (await fetch('/admin/api/payment-settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    { provider: settings.provider, environment: settings.environment, config: settings.config, secret: settings.secret ?? undefined, returnUrl: `${demo.site.url}/factures.html` },
  );
  expect(status).toBe(200);
  await admin.close();
}

/** A demo family with an unpaid invoice of at least 1 €, given a login for this journey. */
async function familyWithUnpaidInvoice(skip: string[]) {
  const rows = await db()
    .select({ id: families.id, number: families.familyNumber, email: families.email })
    .from(invoices)
    .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
    .where(and(eq(invoices.tenantId, tenantId()), eq(invoices.status, 'unpaid'), gte(sql`${invoices.totalCents} - ${invoices.paidCents}`, 100)))
    .orderBy(asc(families.familyNumber));
  const family = rows.find((row) => !skip.includes(row.id));
  if (!family) throw new Error('La démonstration n’a plus de famille avec une facture à payer.');
  const email = family.email ?? `famille.${family.number.toLowerCase()}@exemple.fr`;
  await db()
    .update(families)
    .set({ email, passwordHash: await demo.api.deps.hasher.hash(PASSWORD), activatedAt: new Date() })
    .where(and(eq(families.tenantId, tenantId()), eq(families.id, family.id)));
  return { id: family.id, login: email, password: PASSWORD };
}

async function payFirstInvoice(page: Page, provider: string) {
  await page.goto(`${demo.site.url}/factures.html`);
  const element = factures(page);
  await expect.poll(() => element.getByRole('heading', { name: 'Mes factures à payer' }).isVisible()).toBe(true);
  await element.getByRole('radio').first().check();
  await element.getByRole('button', { name: 'Procéder au paiement' }).click();
  await expect.poll(() => element.getByText(/TOTAL À RÉGLER/).isVisible()).toBe(true);
  await screenshot(page, `pay-${provider}-1-recapitulatif`);
  expect(await axeViolations(page)).toEqual([]);
  await element.getByRole('button', { name: 'Payer en ligne' }).click();

  // The provider's page (the sandbox): the amount is the server's, the payer confirms.
  await page.waitForURL(/\/sandbox\//);
  await expect.poll(() => page.getByText('Environnement de démonstration').first().isVisible()).toBe(true);
  await screenshot(page, `pay-${provider}-2-prestataire`);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Payer', exact: true }).click();
  if (provider === 'tipi') {
    // The legacy form shows its own result page; the payer comes back with its button.
    await expect.poll(() => page.getByRole('heading', { name: 'Paiement enregistré' }).isVisible()).toBe(true);
    await screenshot(page, `pay-${provider}-2b-resultat-prestataire`);
    await page.getByRole('button', { name: 'Retourner sur le site de la collectivité' }).click();
  }

  // Back on the town page, which shows the verified result. TIPI signs nothing: its "paid" waits for the régie.
  await page.waitForURL(`${demo.site.url}/factures.html**`);
  const heading = provider === 'tipi' ? 'Paiement en cours de vérification' : 'Paiement accepté';
  await expect.poll(() => factures(page).getByRole('heading', { name: heading }).isVisible(), { timeout: 30_000 }).toBe(true);
  expect(page.url()).not.toContain('portail-paiement');
  await screenshot(page, `pay-${provider}-3-confirmation`);
  expect(await axeViolations(page)).toEqual([]);
}

/** An admin finds the payment under "À vérifier" in the staff page and confirms it. */
async function confirmInStaffPage(context: BrowserContext) {
  const admin = await context.newPage();
  await admin.goto(`${demo.api.url}/admin`);
  await expect.poll(() => admin.getByRole('navigation').isVisible()).toBe(true);
  await admin.getByRole('link', { name: 'Paiements' }).click();
  await admin.getByLabel('Statut').selectOption('to_verify');
  const confirm = admin.getByRole('button', { name: /^Confirmer le paiement de/ });
  await expect.poll(() => confirm.count()).toBe(1);
  await confirm.click();
  await expect.poll(() => admin.getByText(/confirmé : la facture est réglée/).isVisible()).toBe(true);
  await admin.close();
}

async function expectPaidOnce(familyId: string) {
  const rows = await db()
    .select({ id: payments.id, status: payments.status, invoiceId: payments.invoiceId })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId()), eq(payments.familyId, familyId), eq(payments.method, 'online')));
  const paid = rows.filter((row) => row.status === 'paid');
  expect(paid).toHaveLength(1);
  const entries = await db().select().from(ledgerEntries).where(and(eq(ledgerEntries.tenantId, tenantId()), eq(ledgerEntries.paymentId, paid[0]!.id)));
  expect(entries).toHaveLength(1);
  const [invoice] = await db().select().from(invoices).where(and(eq(invoices.tenantId, tenantId()), eq(invoices.id, paid[0]!.invoiceId!)));
  expect(invoice!.status).toBe('paid');
}

describe('invoices and online payment on the town site', () => {
  it('the invoice arrives by e-mail, its PDF opens, and it is paid through the PayFiP sandbox', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const problems = collectProblems(page);

    await signIn(page, DEMO_LOGINS.family.login, DEMO_LOGINS.family.password);

    // The publication e-mail is in the demo mailbox; its link leads to the town's invoices page.
    await page.goto(`${demo.api.url}/mailbox`);
    const mail = page.locator('article').filter({ has: page.getByRole('heading', { name: /Votre facture 2026-PERI-\d{6} est disponible/ }) }).first();
    await expect.poll(() => mail.isVisible()).toBe(true);
    expect(await mail.textContent()).toContain(DEMO_LOGINS.family.login);
    await screenshot(page, 'pay-0-mail-facture');
    await mail.getByRole('link', { name: /factures\.html/ }).first().click();
    await page.waitForURL(`${demo.site.url}/factures.html`);
    const element = factures(page);
    await expect.poll(() => element.getByRole('heading', { name: 'Mes factures à payer' }).isVisible()).toBe(true);
    await expect.poll(() => element.getByRole('heading', { name: 'Mes factures déjà payées' }).isVisible()).toBe(true);
    await expect.poll(() => element.getByText('Chèque').first().isVisible()).toBe(true);
    await screenshot(page, 'pay-0-factures');
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), element.getByRole('button', { name: /Télécharger la facture/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/^facture-\d{4}-[A-Z0-9]+-\d{6}\.pdf$/);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const [martin] = await db().select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId()), eq(families.email, DEMO_LOGINS.family.login)));
    usedFamilies.push(martin!.id);
    await payFirstInvoice(page, 'payfip');
    await expectPaidOnce(martin!.id);

    // The paid invoice is listed as paid online, with the authorisation number.
    await page.reload();
    await expect.poll(() => factures(page).getByText('Paiement en ligne').first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const provider of ['tipi', 'systempay', 'paybox'] as const) {
    it(`pays an invoice through the ${provider} sandbox`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', bypassCSP: true });
      await useProvider(context, provider);
      const family = await familyWithUnpaidInvoice(usedFamilies);
      usedFamilies.push(family.id);
      const page = await context.newPage();
      const problems = collectProblems(page);
      await signIn(page, family.login, family.password);
      await payFirstInvoice(page, provider);
      if (provider === 'tipi') {
        const [waiting] = await db().select({ status: payments.status }).from(payments).where(and(eq(payments.tenantId, tenantId()), eq(payments.familyId, family.id), eq(payments.method, 'online')));
        expect(waiting!.status).toBe('to_verify');
        await confirmInStaffPage(context);
      }
      await expectPaidOnce(family.id);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('staff compute the month, publish it after confirming, and record a cheque at the town hall', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', bypassCSP: true });
    const admin = await context.newPage();
    const problems = collectProblems(admin);
    await admin.goto(`${demo.api.url}/admin`);
    await admin.getByLabel('Adresse e-mail professionnelle').fill(DEMO_LOGINS.admin.login);
    await admin.getByLabel('Mot de passe').fill(DEMO_LOGINS.admin.password);
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    await admin.getByRole('link', { name: 'Facturation' }).click();

    // The current month (the demo publishes the two before it at start).
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await admin.getByLabel('Mois facturé').fill(month);
    await admin.getByRole('button', { name: 'Calculer l’aperçu' }).click();
    await expect.poll(() => admin.getByText(/factures? pour un total de/).first().isVisible()).toBe(true);
    await screenshot(admin, 'staff-1-apercu');
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Publier les factures' }).click();
    await expect.poll(() => admin.getByText('Les factures publiées ne peuvent plus être modifiées').isVisible()).toBe(true);
    await admin.getByRole('button', { name: 'Confirmer la publication' }).click();
    await expect.poll(() => admin.getByRole('button', { name: 'Confirmer la publication' }).count()).toBe(0);

    const [run] = await db().select({ id: invoices.runId, count: sql<number>`count(*)::int` }).from(invoices)
      .where(and(eq(invoices.tenantId, tenantId()), eq(invoices.periodStart, `${month}-01`), eq(invoices.kind, 'invoice')))
      .groupBy(invoices.runId);
    expect(run!.count).toBeGreaterThan(0);

    // An unpaid invoice of the month, paid by cheque at the town hall.
    const [target] = await db().select({ id: invoices.id, number: invoices.number, total: invoices.totalCents }).from(invoices)
      .where(and(eq(invoices.tenantId, tenantId()), eq(invoices.runId, run!.id!), eq(invoices.status, 'unpaid')))
      .orderBy(asc(invoices.number)).limit(1);
    await admin.getByLabel('N° de facture ou famille').fill(target!.number!);
    await admin.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await admin.getByRole('button', { name: new RegExp(`^Enregistrer un paiement pour la facture ${target!.number}`) }).click();
    await admin.getByRole('radio', { name: 'Chèque' }).check();
    await admin.getByLabel('Payeur').fill('Mme Dupont');
    await admin.getByLabel('Note (n° de chèque, banque…)').fill('Chèque n° 1234567');
    await screenshot(admin, 'staff-2-paiement-cheque');
    await admin.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await expect.poll(() => admin.getByText(`enregistré sur la facture ${target!.number}`).isVisible()).toBe(true);

    const [paid] = await db().select({ status: invoices.status, paidCents: invoices.paidCents }).from(invoices).where(and(eq(invoices.tenantId, tenantId()), eq(invoices.id, target!.id)));
    expect(paid).toEqual({ status: 'paid', paidCents: target!.total });
    const cheques = await db().select({ payer: payments.payerName, note: payments.note }).from(payments)
      .where(and(eq(payments.tenantId, tenantId()), eq(payments.invoiceId, target!.id), eq(payments.method, 'cheque')));
    expect(cheques).toEqual([{ payer: 'Mme Dupont', note: 'Chèque n° 1234567' }]);
    // The staff page asks for its session before the login: that 401 is expected.
    expect(problems.filter((problem) => !/401/.test(problem))).toEqual([]);
    await context.close();
  });
});
