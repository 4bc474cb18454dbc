import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS } from '../../demo/seed.js';
import { axeViolations, collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * Messages on the demo town site, in Chromium, against the real server and the built widget: a
 * parent writes with a PDF from a phone, an agent answers from /admin, the e-mail reaches the demo
 * mailbox and its link opens the answer; then the town warns one school of a strike.
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-messages-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const SUBJECT = 'Absence de Léa lundi';
const messages = (page: Page) => page.locator('portail-messages');

async function phone(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'fr-FR' });
}

async function signInParent(page: Page) {
  await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
  const login = page.locator('portail-login');
  await login.getByLabel('Identifiant').fill(DEMO_LOGINS.family.login);
  await login.getByLabel('Mot de passe', { exact: true }).fill(DEMO_LOGINS.family.password);
  await login.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => page.locator('portail-accueil').first().getByRole('heading', { name: /^Bonjour/ }).isVisible()).toBe(true);
}

async function signInStaff(context: BrowserContext, who: { login: string; password: string }): Promise<Page> {
  const admin = await context.newPage();
  await admin.goto(`${demo.api.url}/admin#messages`);
  await admin.getByLabel('Adresse e-mail professionnelle').fill(who.login);
  await admin.getByLabel('Mot de passe').fill(who.password);
  await admin.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => admin.getByRole('navigation').isVisible()).toBe(true);
  await admin.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect.poll(() => admin.getByRole('heading', { name: 'Messages des familles' }).isVisible()).toBe(true);
  return admin;
}

/** The menu's unread badge as a screen reader reads it ("" when there is none). */
const badge = async (page: Page) => {
  const found = page.locator('portail-notifications .badge').first();
  return (await found.count()) ? ((await found.textContent()) ?? '').replace(/\s+/g, ' ').replace(/(\d)\(/, '$1 (').trim() : '';
};

/** No horizontal scroll: the page is no wider than the phone's screen. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function samplePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([200, 200]).drawText('Certificat medical');
  return Buffer.from(await pdf.save());
}

describe('messages between a family and the town hall', () => {
  it('a parent writes with a PDF from a phone, staff answer from /admin, the e-mail link opens the answer', async () => {
    const parentContext = await phone();
    const page = await parentContext.newPage();
    const problems = collectProblems(page);
    await signInParent(page);

    // The seeded town message is unread: the home page and the menu badge say so.
    await page.goto(`${demo.site.url}/mon-espace.html`);
    await expect.poll(() => page.locator('portail-accueil').getByRole('link', { name: 'Vous avez un nouveau message' }).isVisible()).toBe(true);
    await expect.poll(() => badge(page)).toBe('1 (1 nouveau message)');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'messages-01-accueil-mobile');

    await page.goto(`${demo.site.url}/messages.html`);
    await expect.poll(() => messages(page).getByRole('heading', { name: 'Messages' }).isVisible()).toBe(true);
    await expect.poll(() => messages(page).getByText('Sortie au musée des CE2').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'messages-02-boite-mobile');

    await messages(page).getByRole('button', { name: 'Nouveau message' }).click();
    await messages(page).getByLabel('Sujet').selectOption('Absence');
    await messages(page).getByLabel('Objet du message').fill(SUBJECT);
    await messages(page).getByLabel('Message', { exact: true }).fill('Bonjour,\nLéa sera absente lundi : certificat joint.\nClaire Martin');
    await messages(page).getByLabel('Pièces jointes (facultatif)').setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: await samplePdf() });
    await screenshot(page, 'messages-03-nouveau-mobile');
    await messages(page).getByRole('button', { name: 'Envoyer le message' }).click();
    await expect.poll(() => messages(page).getByText('Message envoyé au service enfance.').isVisible()).toBe(true);
    await expect.poll(() => messages(page).getByRole('button', { name: /Télécharger « certificat\.pdf »/ }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'messages-04-envoye-mobile');

    // An agent answers from /admin, on a desktop screen.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR', bypassCSP: true });
    const admin = await signInStaff(staffContext, DEMO_LOGINS.agent);
    const staffProblems = collectProblems(admin);
    await admin.getByRole('button', { name: SUBJECT }).click();
    await expect.poll(() => admin.getByRole('heading', { name: SUBJECT, level: 3 }).isVisible()).toBe(true);
    await expect.poll(() => admin.getByRole('button', { name: 'Ouvrir « certificat.pdf »' }).isVisible()).toBe(true);
    await admin.getByLabel('Note pour les agents (non visible par la famille)').fill('Certificat reçu, à classer.');
    await admin.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => admin.getByText('Note interne ajoutée').isVisible()).toBe(true);
    await admin.getByLabel(/^Réponse \(envoyée à la famille/).fill('Bonjour Madame Martin,\nC’est noté, bon rétablissement à Léa.\nLe service enfance');
    await admin.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.poll(() => admin.getByText('Réponse envoyée à la famille.').isVisible()).toBe(true);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'messages-05-admin-reponse');

    // The e-mail reaches the demo mailbox with a link to the town's Messages page.
    const mailbox = await parentContext.newPage();
    let link: string | null = null;
    await expect
      .poll(
        async () => {
          await mailbox.goto(`${demo.api.url}/mailbox`);
          link = await mailbox.locator('a[href*="messages.html#portail-message="]').first().getAttribute('href', { timeout: 500 }).catch(() => null);
          return link;
        },
        { timeout: 20_000 },
      )
      .toMatch(/\/messages\.html#portail-message=/);
    await screenshot(mailbox, 'messages-06-boite-aux-lettres');
    await mailbox.close();

    // Back in the parent's tab: the badge counts the answer, the link opens it.
    await page.goto(`${demo.site.url}/messages.html`);
    await expect.poll(() => badge(page)).toBe('2 (2 nouveaux messages)');
    await page.goto(link!);
    await expect.poll(() => messages(page).getByRole('heading', { name: SUBJECT }).isVisible()).toBe(true);
    await expect.poll(() => messages(page).getByText('C’est noté, bon rétablissement à Léa.').isVisible()).toBe(true);
    expect(await messages(page).getByText('Certificat reçu, à classer.').count()).toBe(0);
    await expect.poll(() => badge(page)).toBe('1 (1 nouveau message)');
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'messages-07-reponse-mobile');

    expect(problems).toEqual([]);
    expect(staffProblems).toEqual([]);
    await staffContext.close();
    await parentContext.close();
  }, 240_000);

  it('staff send a strike notice to the families of one school, counted first; the parent reads it', async () => {
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR', bypassCSP: true });
    const admin = await signInStaff(staffContext, DEMO_LOGINS.admin);
    const parentContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await parentContext.newPage();
    const problems = collectProblems(page);

    // A strike notice to the families of one school, counted before sending.
    await admin.getByLabel('Les familles d’une école').check();
    await admin.getByLabel('École', { exact: true }).selectOption({ label: 'École élémentaire Jules Ferry' });
    await admin.getByRole('button', { name: 'Compter les familles' }).click();
    await expect.poll(() => admin.getByText(/Familles de « École élémentaire Jules Ferry » : \d+ famil/).isVisible()).toBe(true);
    await admin.getByLabel('Objet', { exact: true }).fill('Grève du jeudi');
    await admin.getByLabel('Message', { exact: true }).fill('En raison d’une grève, la cantine de l’école Jules Ferry sera fermée jeudi.');
    await screenshot(admin, 'messages-08-admin-plusieurs-familles');
    await admin.getByRole('button', { name: /^Envoyer à \d+ familles?$/ }).click();
    await expect.poll(() => admin.getByText(/Message « Grève du jeudi » envoyé à \d+ familles/).isVisible()).toBe(true);
    expect(await axeViolations(admin)).toEqual([]);

    // Léa is at Jules Ferry: the Martin family has it.
    await signInParent(page);
    await page.goto(`${demo.site.url}/messages.html`);
    await expect.poll(() => messages(page).getByText('Grève du jeudi').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'messages-09-boite-bureau');
    await page.goto(`${demo.site.url}/aide.html`);
    await expect.poll(() => page.locator('portail-aide').getByText('01 23 45 67 89').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'messages-10-aide-bureau');

    expect(problems).toEqual([]);
    await staffContext.close();
    await parentContext.close();
  }, 240_000);
});
