import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS } from '../../demo/seed.js';
import { axeViolations, collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * After paying online on the demo town site, the parent downloads the attestation de paiement from
 * the result screen and finds it again in the paid invoices, on a phone and on a desktop.
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-attest-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const factures = (page: Page) => page.locator('portail-factures');

async function signIn(page: Page) {
  await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
  const login = page.locator('portail-login');
  await login.getByLabel('Identifiant').fill(DEMO_LOGINS.family.login);
  await login.getByLabel('Mot de passe', { exact: true }).fill(DEMO_LOGINS.family.password);
  await login.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => login.getByText(/Connecté en tant que/).isVisible()).toBe(true);
}

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(download.suggestedFilename()).toMatch(/^attestation-paiement-\d{4}-[A-Z0-9]+-\d{6}\.pdf$/);
  expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
}

describe('attestation de paiement on the town site', () => {
  it('is offered on the accepted payment and in the paid invoices, at 1280 and 390 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await signIn(page);

    await page.goto(`${demo.site.url}/factures.html`);
    const element = factures(page);
    await expect.poll(() => element.getByRole('heading', { name: 'Mes factures à payer' }).isVisible()).toBe(true);
    await element.getByRole('radio').first().check();
    await element.getByRole('button', { name: 'Procéder au paiement' }).click();
    await element.getByRole('button', { name: 'Payer en ligne' }).click();
    await page.waitForURL(/\/sandbox\//);
    await page.getByRole('button', { name: 'Payer', exact: true }).click();
    await page.waitForURL(`${demo.site.url}/factures.html**`);
    await expect.poll(() => factures(page).getByRole('heading', { name: 'Paiement accepté' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await factures(page).getByText('Si une facture déjà réglée').count()).toBe(0);
    await screenshot(page, 'attestation-1-resultat-1280');
    expect(await axeViolations(page)).toEqual([]);
    await downloaded(page, () => factures(page).getByRole('button', { name: 'Télécharger l’attestation de paiement (PDF)' }).click());

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'attestation-2-resultat-390');

    await factures(page).getByRole('button', { name: 'Retour à mes factures' }).click();
    const attestation = factures(page).getByRole('button', { name: /^Attestation de paiement de la facture/ });
    await expect.poll(() => attestation.count()).toBe(1);
    await attestation.scrollIntoViewIfNeeded();
    await screenshot(page, 'attestation-3-liste-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'attestation-4-liste-1280');
    expect(await axeViolations(page)).toEqual([]);
    await downloaded(page, () => attestation.click());
    expect(problems).toEqual([]);
    await context.close();
  });
});
