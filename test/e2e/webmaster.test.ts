import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS } from '../../demo/seed.js';
import { families, invoices, payments } from '../../server/src/db/schema/index.js';
import { axeViolations, collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * A webmaster follows the guide on a new site of the commune, on a third origin (neither the
 * portal's nor the demo town site's): the page refuses politely until the origin is allowed in
 * /admin, then, with the code /admin gives pasted as is, a parent signs in, pays an invoice in the
 * sandbox and comes back to that very page, still signed in, with the confirmation.
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;
let site: Server;
let siteOrigin: string;
/** The page's body: the code copied from /admin, once the webmaster has it. */
let pasted = '<p>Le code d’intégration sera collé ici.</p>';
const PASSWORD = 'Un mot de passe de démonstration';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-web-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  const port = await freePort();
  siteOrigin = `http://localhost:${port}`;
  site = createServer((req, res) => {
    if (!req.url?.startsWith('/ecoles/factures.html')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Écoles – Factures</title></head>
<body><main><h1>Cantine : factures et paiement</h1>
${pasted}
</main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const db = () => demo.api.deps.database.db;
const tenantId = () => demo.demo.tenantId;

/** A demo family with an unpaid invoice of at least 1 €, given a login for this journey. */
async function familyWithUnpaidInvoice() {
  const [family] = await db()
    .select({ id: families.id, number: families.familyNumber, email: families.email })
    .from(invoices)
    .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
    .where(and(eq(invoices.tenantId, tenantId()), eq(invoices.status, 'unpaid'), gte(sql`${invoices.totalCents} - ${invoices.paidCents}`, 100)))
    .orderBy(asc(families.familyNumber))
    .limit(1);
  if (!family) throw new Error('La démonstration n’a pas de famille avec une facture à payer.');
  const email = family.email ?? `famille.${family.number.toLowerCase()}@exemple.fr`;
  await db()
    .update(families)
    .set({ email, passwordHash: await demo.api.deps.hasher.hash(PASSWORD), activatedAt: new Date() })
    .where(and(eq(families.tenantId, tenantId()), eq(families.id, family.id)));
  return { id: family.id, login: email };
}

describe('a webmaster embeds the portal on a new site of the commune', () => {
  it('is told what to allow, pastes the code from /admin, and the payment comes back to that page, signed in, confirmed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', bypassCSP: true });
    const page = await context.newPage();
    const pageUrl = `${siteOrigin}/ecoles/factures.html`;

    // The code as the demo site uses it, on a site not allowed yet: parents are told, the webmaster learns where to fix it.
    pasted = `<script type="module" src="${demo.api.url}/widget/v1/portail.js" data-portail-key="${demo.demo.publicKey}" data-portail-api="${demo.api.url}"></script>
<portail-login></portail-login>`;
    let problems = collectProblems(page);
    await page.goto(pageUrl);
    const login = page.locator('portail-login');
    await expect.poll(() => login.getByText('Le portail n’est pas disponible sur cette page.').isVisible()).toBe(true);
    expect(await login.textContent()).not.toMatch(/connexion internet/);
    const told = problems.find((line) => line.startsWith('Portail Famille'));
    expect(told).toContain(`ce site (${siteOrigin}) n’est pas autorisé`);
    expect(told).toContain(`${demo.api.url}/admin`);
    expect(told).toContain('Paramètres → Sites autorisés');
    await screenshot(page, 'webmaster-1-site-non-autorise');

    // In /admin: the origin is added under "Sites autorisés", the integration code copied.
    const admin = await context.newPage();
    await admin.goto(`${demo.api.url}/admin`);
    await admin.getByLabel('Adresse e-mail professionnelle').fill(DEMO_LOGINS.admin.login);
    await admin.getByLabel('Mot de passe').fill(DEMO_LOGINS.admin.password);
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: 'Sites autorisés' }).isVisible()).toBe(true);
    await admin.getByLabel('Origine à autoriser').fill(siteOrigin);
    await admin.getByRole('button', { name: 'Ajouter l’origine' }).click();
    await expect.poll(() => admin.getByText('Modifications enregistrées : origine ajoutée.').isVisible()).toBe(true);
    const code = admin.locator('portail-admin-snippet pre');
    await expect.poll(() => code.isVisible()).toBe(true);
    pasted = (await code.textContent())!;
    expect(pasted).toContain(`data-portail-key="${demo.demo.publicKey}"`);
    expect(pasted).toMatch(/<portail-accueil planning-href="[^"]+" factures-href="[^"]+" famille-href="[^"]+">/);
    await admin.close();

    // The parent signs in on the new page and pays; the sandbox sends them back to this very page.
    const family = await familyWithUnpaidInvoice();
    await page.close();
    const parent = await context.newPage();
    problems = collectProblems(parent);
    await parent.goto(pageUrl);
    const parentLogin = parent.locator('portail-login');
    await parentLogin.getByLabel('Identifiant').fill(family.login);
    await parentLogin.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await parentLogin.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => parentLogin.getByText(/Connecté en tant que/).isVisible()).toBe(true);

    const factures = parent.locator('portail-factures');
    await expect.poll(() => factures.getByRole('heading', { name: 'Mes factures à payer' }).isVisible()).toBe(true);
    await factures.getByRole('radio').first().check();
    await factures.getByRole('button', { name: 'Procéder au paiement' }).click();
    await expect.poll(() => factures.getByText(/TOTAL À RÉGLER/).isVisible()).toBe(true);
    await factures.getByRole('button', { name: 'Payer en ligne' }).click();
    await parent.waitForURL(/\/sandbox\//);
    await parent.getByRole('button', { name: 'Payer', exact: true }).click();

    await parent.waitForURL(`${pageUrl}**`);
    await expect.poll(() => factures.getByRole('heading', { name: 'Paiement accepté' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => parentLogin.getByText(/Connecté en tant que/).isVisible()).toBe(true);
    expect(parent.url()).toBe(pageUrl);
    await screenshot(parent, 'webmaster-2-paiement-revenu-sur-la-page');
    expect(await axeViolations(parent)).toEqual([]);
    expect(problems.filter((line) => !/favicon/.test(line))).toEqual([]);

    const [payment] = await db().select({ status: payments.status, returnPage: payments.returnPage }).from(payments)
      .where(and(eq(payments.tenantId, tenantId()), eq(payments.familyId, family.id), eq(payments.method, 'online')));
    expect(payment).toEqual({ status: 'paid', returnPage: pageUrl });
  });
});
