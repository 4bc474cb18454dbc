import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS, DEMO_TOWN } from '../../demo/seed.js';
import { pdfText } from '../server/pdf-text.js';
import { axeViolations, collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * Pay at booking on the demo town site, in Chromium: the Martin family ticks days of the prepaid
 * "Mercredi loisirs", follows the sticky bar to its basket, pays it through the PayFiP sandbox,
 * downloads the attestation de paiement (PDF) from the result screen,
 * finds the days booked, cancels one within its deadline and sees the cagnotte deducted from its
 * next basket. The basket is checked with axe on a phone and on a desktop screen.
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-basket-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'fr-FR', bypassCSP: true, acceptDownloads: true };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'fr-FR', bypassCSP: true };

async function signIn(page: Page) {
  await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
  const login = page.locator('portail-login');
  await login.getByLabel('Identifiant').fill(DEMO_LOGINS.family.login);
  await login.getByLabel('Mot de passe', { exact: true }).fill(DEMO_LOGINS.family.password);
  await login.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => login.getByText(/Connecté en tant que/).isVisible()).toBe(true);
}

const planningOf = (page: Page) => page.locator('portail-planning');
const panierOf = (page: Page) => page.locator('portail-panier');

/** Opens the planning and moves week by week to the first one where `open` finds a box. */
async function weekWith(page: Page, open: (planning: Locator) => Locator) {
  await page.goto(`${demo.site.url}/reservations.html`);
  const planning = planningOf(page);
  await expect.poll(() => planning.getByRole('button', { name: 'Semaine suivante' }).isVisible()).toBe(true);
  await expect.poll(() => planning.getByRole('status').filter({ hasText: 'Chargement' }).count()).toBe(0);
  for (let week = 0; week < 12 && (await open(planning).count()) === 0; week++) {
    await planning.getByRole('button', { name: 'Semaine suivante' }).click();
    await expect.poll(() => planning.getByRole('status').filter({ hasText: 'Chargement' }).count()).toBe(0);
  }
  return planning;
}

const openBoxes = (child: string) => (planning: Locator) =>
  planning.locator(`input[type="checkbox"][aria-label^="Mercredi loisirs – ${child} – "]:not([disabled]):not([aria-disabled="true"]):not(:checked)`);

/** Toggles a day the way a keyboard user does. */
async function toggle(page: Page, planning: Locator, name: string) {
  await planning.getByRole('checkbox', { name, exact: true }).focus();
  await page.keyboard.press('Space');
}

async function validate(planning: Locator) {
  await planning.getByRole('button', { name: 'Valider mes modifications' }).click();
  await expect.poll(() => planning.getByRole('heading', { name: 'Modifications enregistrées' }).isVisible()).toBe(true);
}

/** The basket page, checked with axe and for horizontal scrolling, with a screenshot. */
async function checkBasketLayout(context: BrowserContext, name: string) {
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${demo.site.url}/panier.html`);
  await expect.poll(() => panierOf(page).getByText(/Total/i).first().isVisible()).toBe(true);
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.close();
  return overflow;
}

describe('pay at booking on the town site', () => {
  it('ticks prepaid days, pays the basket, cancels a paid day and sees the cagnotte on the next basket', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems = collectProblems(page);
    await signIn(page);

    // Two prepaid days of Léa, on two Wednesdays, go into the basket.
    let planning = await weekWith(page, openBoxes('Léa'));
    const lea = (await openBoxes('Léa')(planning).first().getAttribute('aria-label'))!;
    expect(lea).toMatch(/^Mercredi loisirs – Léa – mercredi \d{1,2}(er)? \S+ \d{4}$/);
    await toggle(page, planning, lea);
    await expect.poll(() => planning.getByText('1 modification en attente').isVisible()).toBe(true);
    await validate(planning);
    await planning.getByRole('button', { name: 'Semaine suivante' }).click();
    await expect.poll(() => openBoxes('Léa')(planning).count()).toBeGreaterThan(0);
    const later = (await openBoxes('Léa')(planning).first().getAttribute('aria-label'))!;
    await toggle(page, planning, later);
    await validate(planning);
    expect(await planning.locator('[part~="recap"]').innerText()).toMatch(/panier/i);

    // The sticky bar stays on screen after scrolling down the page.
    const bar = planning.getByText('2 réservations en attente de paiement');
    await expect.poll(() => bar.isVisible()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(200);
    const link = planning.getByRole('link', { name: 'Aller au panier' });
    const box = (await link.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    await screenshot(page, 'basket-1-planning-barre');
    await link.click();

    // The basket: its two lines and its total, then the sandbox.
    await page.waitForURL(`${demo.site.url}/panier.html**`);
    const panier = panierOf(page);
    await expect.poll(() => panier.getByRole('heading', { name: 'Mon panier' }).isVisible()).toBe(true);
    await expect.poll(() => panier.getByText('2 réservations en attente de paiement').first().isVisible()).toBe(true);
    await expect.poll(() => panier.getByText(/Léa/).first().isVisible()).toBe(true);
    await expect.poll(() => panier.getByText(/25,00\s€/).first().isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await panier.getByRole('button', { name: 'Payer', exact: true }).click();
    const email = panier.getByLabel(/Mon e-mail/);
    if ((await email.count()) > 0 && !(await email.inputValue())) await email.fill(DEMO_LOGINS.family.login);
    await expect.poll(() => panier.getByRole('button', { name: 'Payer en ligne' }).isVisible()).toBe(true);
    await screenshot(page, 'basket-2-recapitulatif');
    await panier.getByRole('button', { name: 'Payer en ligne' }).click();
    await page.waitForURL(/\/sandbox\//);
    await expect.poll(() => page.getByText('Environnement de démonstration').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Payer', exact: true }).click();

    // Back on the town site: paid and booked.
    await expect
      .poll(() => page.getByRole('heading', { name: 'Votre paiement a été effectué, vos réservations également !' }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    await screenshot(page, 'basket-3-confirmation');
    expect(await axeViolations(page)).toEqual([]);

    // The attestation de paiement, downloaded from the result screen: a PDF naming the commune, the
    // amount the screen says was paid (the demo family's debt rides along with the two days) and the days.
    const plain = (t: string) => t.replace(/[\u00a0\u202f]/g, ' ');
    const paidLine = plain(await panierOf(page).getByText(/^Paiement de .+ accepté/).first().innerText());
    const amount = /^Paiement de ([\d ]+,\d{2}) €/.exec(paidLine)?.[1];
    expect(amount, paidLine).toBeTruthy();
    expect(Number(amount!.replace(/ /g, '').replace(',', '.'))).toBeGreaterThanOrEqual(25);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panierOf(page).getByRole('button', { name: 'Télécharger l’attestation de paiement (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^attestation-paiement-[\w-]+\.pdf$/);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(DEMO_TOWN);
    expect(text).toMatch(/Attestation de paiement/i);
    expect(plain(text)).toContain(`Montant payé\n${amount} €`);
    const days = plain(text).match(/^Léa – Mercredi loisirs – .+\n12,50 €$/gm) ?? [];
    expect(days).toHaveLength(2);

    planning = await weekWith(page, (p) => p.getByRole('checkbox', { name: lea, exact: true }));
    await expect.poll(() => planning.getByRole('checkbox', { name: lea, exact: true }).isChecked()).toBe(true);
    await planning.getByRole('button', { name: 'Semaine suivante' }).click();
    await expect.poll(() => planning.getByRole('checkbox', { name: later, exact: true }).isChecked()).toBe(true);
    expect(await planning.getByText(/réservations? en attente de paiement/).count()).toBe(0);

    // The later paid day cancelled within its deadline: 12,50 € go into the cagnotte.
    await toggle(page, planning, later);
    await validate(planning);
    await expect.poll(() => planning.getByRole('checkbox', { name: later, exact: true }).isChecked()).toBe(false);

    // Another day ticked: the next basket deducts the cagnotte.
    planning = await weekWith(page, openBoxes('Léa'));
    const next = (await openBoxes('Léa')(planning).first().getAttribute('aria-label'))!;
    expect(next).not.toBe(lea);
    await toggle(page, planning, next);
    await validate(planning);
    await page.goto(`${demo.site.url}/panier.html`);
    await expect.poll(() => panierOf(page).getByText('Cagnotte déduite').isVisible()).toBe(true);
    await expect.poll(() => panierOf(page).getByText(/12,50\s€/).first().isVisible()).toBe(true);
    await screenshot(page, 'basket-4-cagnotte');
    expect(problems).toEqual([]);
    await context.close();

    // The basket holding a line and the cagnotte, on a phone and on a desktop screen.
    const phone = await browser.newContext(PHONE);
    expect(await checkBasketLayout(phone, 'basket-5-panier-390')).toBeLessThanOrEqual(0);
    await phone.close();
    const desktop = await browser.newContext(DESKTOP);
    await checkBasketLayout(desktop, 'basket-6-panier-1280');
    await desktop.close();
  });
});
