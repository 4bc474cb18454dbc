import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type Browser, type Page } from 'playwright-core';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS } from '../../demo/seed.js';
import { addDays } from '../../server/src/domain/dates.js';
import { collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * A parent on a phone (390 px, touch, device scale factor 3) on the demo's reservations page:
 * the planning never scrolls sideways (week and month), the sticky bar keeps "Valider" in sight,
 * leaving with changes not sent asks first, and an absence declared on a day too late to cancel
 * is withdrawn. Screenshots at 390 and 1280 px go to test/e2e/screenshots and SHOTS.
 */
const SHOTS = process.env.PHONE_SHOTS ?? join(tmpdir(), 'shots-phone');
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;
/** The demo child's day that a parent can no longer cancel, booked by the town hall beforehand. */
let absenceDay: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
  absenceDay = await bookLateDay();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Books Léa's first Cantine day whose family deadline has passed (staff are not bound by it), as the town hall would. */
async function bookLateDay(): Promise<string> {
  const origin = demo.api.url;
  const staff = await request.newContext({ baseURL: `${origin}/admin/api/`, extraHTTPHeaders: { Origin: origin } });
  await staff.post('session', { data: { email: DEMO_LOGINS.agent.login, password: DEMO_LOGINS.agent.password } });
  const [lea] = await (await staff.get('children?q=L%C3%A9a')).json();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const planning = await (await staff.get(`children/${lea.id}/planning?from=${today}&to=${addDays(today, 20)}`)).json();
  const cantine = planning.services.find((s: { label: string }) => s.label === 'Cantine').id;
  const cell = planning.cells.find(
    (c: { serviceId: string; open: boolean; state: string; familyCanChange: boolean }) =>
      c.serviceId === cantine && c.open && c.state === 'none' && !c.familyCanChange,
  );
  const booked = await staff.post('bookings/changes', {
    data: { changes: [{ childId: lea.id, serviceId: cantine, date: cell.date, action: 'book' }] },
    headers: { 'Idempotency-Key': `e2e-phone-${cell.date}` },
  });
  expect((await booked.json()).results[0].status).toBe('booked');
  await staff.dispose();
  return cell.date;
}

const planning = (page: Page) => page.locator('portail-planning');

async function signIn(page: Page) {
  await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
  const login = page.locator('portail-login');
  await login.getByLabel('Identifiant').fill(DEMO_LOGINS.family.login);
  await login.getByLabel('Mot de passe', { exact: true }).fill(DEMO_LOGINS.family.password);
  await login.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => login.getByText('Connecté en tant que Famille Martin').isVisible()).toBe(true);
  await page.goto(`${demo.site.url}/reservations.html`);
  await expect.poll(() => planning(page).getByRole('heading', { name: 'Planning de Léa Martin' }).isVisible(), { timeout: 15_000 }).toBe(true);
}

const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(SHOTS, `${name}-ecran.png`) });
  await screenshot(page, `phone-${name}`);
}

/** Moves week by week until the day's block is shown. */
async function showDay(page: Page, day: string) {
  for (let i = 0; i < 5 && !(await page.locator(`#day-${day}`).isVisible()); i++) {
    await planning(page).getByRole('button', { name: 'Semaine suivante' }).click();
    await page.waitForTimeout(300);
  }
  await expect.poll(() => page.locator(`#day-${day}`).isVisible()).toBe(true);
}

describe('the planning on a phone', () => {
  it('fits the screen, keeps the pending bar in sight, asks before leaving, withdraws an absence', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      locale: 'fr-FR',
    });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await signIn(page);
    await expect.poll(() => planning(page).locator('.day-list').isVisible()).toBe(true);
    await showDay(page, absenceDay);
    expect(await pageWidth(page)).toSatisfy(({ scroll, inner }: { scroll: number; inner: number }) => scroll <= inner);
    await shot(page, '390-semaine');

    // A pending change: the bar with the count and "Valider" stays at the bottom of the screen.
    const free = planning(page).locator('.service-row:not(.locked) label', { has: page.locator('input:not(:checked)') }).first();
    await free.tap();
    await expect.poll(() => planning(page).getByRole('status').filter({ hasText: '1 modification en attente' }).isVisible()).toBe(true);
    await page.evaluate(() => scrollTo(0, 0));
    const submit = planning(page).getByRole('button', { name: 'Valider mes modifications' });
    await expect.poll(() => submit.isVisible()).toBe(true);
    const box = (await submit.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await shot(page, '390-barre-en-attente');

    // Another week with the change not sent: the element asks; "stay" keeps it.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await planning(page).getByRole('button', { name: 'Semaine précédente' }).click();
    await expect.poll(() => asked).toEqual(['Vous avez 1 modification non validée. Si vous continuez, elle sera abandonnée. Continuer ?']);
    expect(await page.locator(`#day-${absenceDay}`).isVisible()).toBe(true);
    // Leaving the page asks too (the browser's own question).
    const leaving = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.type()), void dialog.dismiss())));
    await page.close({ runBeforeUnload: true });
    expect(await leaving).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    await planning(page).getByRole('button', { name: 'Annuler les modifications' }).click();

    // An absence on the day too late to cancel: the dialog fits the screen.
    const day = planning(page).locator('section.day', { has: page.locator(`#day-${absenceDay}`) });
    await day.getByRole('button', { name: /^Déclarer une absence – Cantine/ }).tap();
    const dialog = planning(page).locator('dialog');
    await expect.poll(() => dialog.getByLabel('Motif de l’absence').isVisible()).toBe(true);
    const frame = (await dialog.boundingBox())!;
    expect(frame.x).toBeGreaterThanOrEqual(0);
    expect(frame.x + frame.width).toBeLessThanOrEqual(390);
    await shot(page, '390-absence');
    await dialog.getByLabel('Commentaire (facultatif)').fill('Rendez-vous chez le médecin.');
    await dialog.getByRole('button', { name: 'Confirmer l’absence' }).tap();
    await expect.poll(() => planning(page).locator('[part="recap"]').textContent()).toMatch(/absence, .*Cantine – Léa/);

    const withdraw = planning(page).getByRole('button', { name: /^Retirer l’absence – Cantine/ });
    await expect.poll(() => withdraw.isVisible()).toBe(true);
    await shot(page, '390-absence-declaree');
    await withdraw.tap();
    await expect.poll(() => planning(page).locator('[part="recap"]').textContent()).toMatch(/absence retirée, .*Cantine – Léa/);
    await expect.poll(() => withdraw.count()).toBe(0);

    // The month, one week at a time.
    await planning(page).getByRole('button', { name: 'Mois', exact: true }).tap();
    await expect.poll(() => planning(page).locator('.week-choice').isVisible()).toBe(true);
    expect(await pageWidth(page)).toSatisfy(({ scroll, inner }: { scroll: number; inner: number }) => scroll <= inner);
    // One week of the month, not five stacked tables (7 475 px before).
    const height = (await planning(page).boundingBox())!.height;
    expect(height).toBeLessThan(3000);
    await shot(page, '390-mois');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the table at 1280 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page);
    await expect.poll(() => planning(page).locator('table').first().isVisible()).toBe(true);
    expect(await pageWidth(page)).toSatisfy(({ scroll, inner }: { scroll: number; inner: number }) => scroll <= inner);
    await shot(page, '1280-semaine');
    await planning(page).getByRole('button', { name: 'Mois', exact: true }).click();
    await expect.poll(() => planning(page).locator('table').count()).toBeGreaterThan(3);
    await shot(page, '1280-mois');
    await context.close();
  });
});
