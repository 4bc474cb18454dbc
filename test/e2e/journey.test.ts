import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import { startDemo } from '../../demo/start.js';
import { DEMO_LOGINS } from '../../demo/seed.js';
import { collectProblems, freePort, launchChromium, screenshot } from './browser.js';

/**
 * The parent's journey on the demo town site, in Chromium, against the real server and the
 * built widget: first connection with the activation letter, login, home, moving to another
 * town page, logout, and a forgotten password through the demo mailbox.
 */
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let dataDir: string;
const NEW_PASSWORD = 'Les tilleuls de la cour 2026';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'portail-e2e-'));
  demo = await startDemo({ apiPort: await freePort(), sitePort: await freePort(), dataDir, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const login = (page: Page) => page.locator('portail-login');
const accueil = (page: Page) => page.locator('portail-accueil').first();

async function signIn(page: Page, identifier: string, password: string) {
  await login(page).getByLabel('Identifiant').fill(identifier);
  await login(page).getByLabel('Mot de passe', { exact: true }).fill(password);
  await login(page).getByRole('button', { name: 'Se connecter' }).click();
}

describe('parent journey on the town site', () => {
  it('first connection, home, another page, logout, login again', async () => {
    expect(demo.demo.activationCode).toBeTruthy();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = collectProblems(page);

    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await expect.poll(() => login(page).getByText('Ville de Démo').first().isVisible()).toBe(true);
    await screenshot(page, '01-page-cantine-connexion');

    await login(page).getByRole('button', { name: /Première connexion/ }).click();
    await login(page).getByLabel('Numéro de famille').fill(DEMO_LOGINS.newFamilyNumber);
    await login(page).getByLabel("Code d’activation").fill(demo.demo.activationCode!.toLowerCase());
    await login(page).getByLabel('Adresse e-mail').fill('famille.nguyen@exemple.fr');
    await login(page).getByLabel('Mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await login(page).getByLabel('Confirmation du mot de passe').fill(NEW_PASSWORD);
    await screenshot(page, '02-premiere-connexion');
    await login(page).getByRole('button', { name: 'Activer mon compte' }).click();

    await expect.poll(() => login(page).getByText('Connecté en tant que Famille Nguyen').isVisible()).toBe(true);
    await expect.poll(() => accueil(page).getByRole('heading', { name: 'Bonjour, Famille Nguyen' }).isVisible()).toBe(true);
    await expect.poll(() => accueil(page).getByText('Emma Nguyen').isVisible()).toBe(true);
    await screenshot(page, '03-accueil-apres-activation');

    // Another page of the town site: still logged in (sessionStorage, same tab).
    await page.goto(`${demo.site.url}/mon-espace.html`);
    await expect.poll(() => accueil(page).getByRole('heading', { name: 'Bonjour, Famille Nguyen' }).isVisible()).toBe(true);
    await screenshot(page, '04-autre-page-toujours-connecte');

    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await login(page).getByRole('button', { name: 'Se déconnecter' }).click();
    await expect.poll(() => login(page).getByText('Votre déconnexion a bien été effectuée').isVisible()).toBe(true);
    await expect.poll(() => accueil(page).getByText('Connectez-vous pour consulter').isVisible()).toBe(true);
    await screenshot(page, '05-deconnecte');

    // The code on the letter is single-use; the chosen password now works.
    await signIn(page, 'famille.nguyen@exemple.fr', NEW_PASSWORD);
    await expect.poll(() => accueil(page).getByRole('heading', { name: 'Bonjour, Famille Nguyen' }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => accueil(page).getByRole('heading', { name: 'Bonjour, Famille Nguyen' }).isVisible()).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a wrong password shows a French error; a new tab is not logged in', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await signIn(page, DEMO_LOGINS.family.login, 'pas le bon mot de passe');
    await expect.poll(() => login(page).getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).isVisible()).toBe(true);
    await screenshot(page, '06-erreur-mobile');
    await signIn(page, DEMO_LOGINS.family.login, DEMO_LOGINS.family.password);
    await expect.poll(() => accueil(page).getByText('Léa Martin').isVisible()).toBe(true);
    await screenshot(page, '07-accueil-mobile');

    const other = await context.newPage();
    await other.goto(`${demo.site.url}/mon-espace.html`);
    await expect.poll(() => accueil(other).getByText('Connectez-vous pour consulter').isVisible()).toBe(true);
    await context.close();
  });

  it('forgotten password: the link arrives in the demo mailbox and lets the parent choose a new one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await login(page).getByRole('button', { name: 'Mot de passe oublié ?' }).click();
    await login(page).getByLabel('Identifiant').fill(DEMO_LOGINS.family.login);
    await login(page).getByRole('button', { name: 'Recevoir le lien' }).click();
    await expect.poll(() => login(page).getByText(/Si un compte correspond/).isVisible()).toBe(true);

    const mailbox = await context.newPage();
    let link: string | null = null;
    await expect
      .poll(async () => {
        await mailbox.goto(`${demo.api.url}/mailbox`);
        link = await mailbox.locator('a[href*="#portail-reset="]').first().getAttribute('href', { timeout: 500 }).catch(() => null);
        return link;
      }, { timeout: 15_000 })
      .toMatch(/^http:\/\/localhost:\d+\/cantine-periscolaire\.html#portail-reset=/);
    await screenshot(mailbox, '08-boite-aux-lettres');

    await page.goto(link!);
    const newPassword = 'Un nouveau mot de passe 2026';
    await login(page).getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
    await login(page).getByLabel('Confirmation du nouveau mot de passe').fill(newPassword);
    await login(page).getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => login(page).getByText(/Votre mot de passe a été modifié/).isVisible()).toBe(true);
    expect(page.url()).not.toContain('portail-reset');

    await signIn(page, DEMO_LOGINS.family.login, newPassword);
    await expect.poll(() => accueil(page).getByText('Léa Martin').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works on the page with a strict Content-Security-Policy', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${demo.site.url}/csp-stricte.html`);
    await expect.poll(() => login(page).getByRole('button', { name: 'Se connecter' }).isVisible()).toBe(true);
    await signIn(page, DEMO_LOGINS.family.login, 'Un nouveau mot de passe 2026');
    await expect.poll(() => accueil(page).getByText('Léa Martin').isVisible()).toBe(true);
    await screenshot(page, '09-csp-stricte');
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    await context.close();
  });
});

describe('town staff on the settings page', () => {
  it('an admin logs in, publishes an information message, and parents see it on the town page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    const admin = await context.newPage();
    const problems = collectProblems(admin);
    await admin.goto(`${demo.api.url}/admin`);
    await admin.getByLabel('Adresse e-mail professionnelle').fill(DEMO_LOGINS.admin.login);
    await admin.getByLabel('Mot de passe').fill(DEMO_LOGINS.admin.password);
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    const message = 'Les inscriptions pour les vacances de printemps sont ouvertes jusqu’au 15 mars.';
    await admin.getByLabel('Message affiché en haut du portail').fill(message);
    await admin.getByLabel('Date du message').fill('2026-11-20');
    await admin.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await expect.poll(() => admin.getByText('Modifications enregistrées').first().isVisible()).toBe(true);
    await screenshot(admin, '10-parametres-commune');
    expect(problems.filter((p) => !/401/.test(p))).toEqual([]);

    const page = await context.newPage();
    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await expect.poll(() => login(page).getByText(message).isVisible(), { timeout: 10_000 }).toBe(true);
    await context.close();
  });
});

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "Cantine – Emma – lundi 14 septembre 2026" → 2026-09-14 */
function isoDay(name: string) {
  const [, day, month, year] = /(\d{1,2})(?:er)? (\S+) (\d{4})$/.exec(name)!;
  return `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

describe('bookings on the town site', () => {
  it('books three days, cancels one, finds no absence offered on a day still cancellable, reads the history, with the keyboard', async () => {
    // Famille Nguyen was activated by the first journey above, with NEW_PASSWORD.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await signIn(page, 'famille.nguyen@exemple.fr', NEW_PASSWORD);
    await expect.poll(() => accueil(page).getByRole('heading', { name: 'Bonjour, Famille Nguyen' }).isVisible()).toBe(true);

    await page.goto(`${demo.site.url}/reservations.html`);
    const planning = page.locator('portail-planning');
    await expect.poll(() => planning.getByRole('button', { name: 'Semaine suivante' }).isVisible()).toBe(true);
    // The first week from next week on with three canteen days still open.
    const open = planning.locator('input[type="checkbox"][aria-label^="Cantine – Emma"]:not([disabled]):not([aria-disabled="true"]):not(:checked)');
    for (let week = 0; week < 12; week++) {
      await planning.getByRole('button', { name: 'Semaine suivante' }).click();
      await expect.poll(() => planning.getByRole('status').filter({ hasText: 'Chargement' }).count()).toBe(0);
      if ((await open.count()) >= 3) break;
    }
    const names = await open.evaluateAll((boxes) => boxes.slice(0, 3).map((b) => b.getAttribute('aria-label')!));
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^Cantine – Emma – (lundi|mardi|jeudi|vendredi) \d{1,2}(er)? \S+ \d{4}$/);

    for (const name of names) {
      await planning.getByRole('checkbox', { name, exact: true }).focus();
      await page.keyboard.press('Space');
    }
    await expect.poll(() => planning.getByText('3 modifications en attente').isVisible()).toBe(true);
    await screenshot(page, '11-planning-modifications-en-attente');
    await planning.getByRole('button', { name: 'Valider mes modifications' }).click();
    await expect.poll(() => planning.getByRole('heading', { name: 'Modifications enregistrées' }).isVisible()).toBe(true);
    expect(await planning.locator('[part~="recap"]').innerText()).toMatch(/inscription[\s\S]*inscription[\s\S]*inscription/);
    for (const name of names) await expect.poll(() => planning.getByRole('checkbox', { name, exact: true }).isChecked()).toBe(true);

    await planning.getByRole('checkbox', { name: names[1], exact: true }).focus();
    await page.keyboard.press('Space');
    await planning.getByRole('button', { name: 'Valider mes modifications' }).click();
    await expect.poll(async () => (await planning.locator('[part~="recap"]').innerText()).includes('annulation')).toBe(true);
    await expect.poll(() => planning.getByRole('checkbox', { name: names[1], exact: true }).isChecked()).toBe(false);

    // A day that can still be cancelled offers no absence: cancelling is what frees the place (the
    // absence of a day too late to cancel is the phone journey's).
    expect(await planning.getByRole('button', { name: `Déclarer une absence – ${names[0]}` }).count()).toBe(0);

    await planning.getByRole('button', { name: 'Voir mes dernières modifications' }).click();
    const history = planning.locator('[part~="history"]');
    await expect.poll(async () => (await history.innerText()).includes('annulation')).toBe(true);
    const text = await history.innerText();
    expect(text).toMatch(/inscription/);
    expect(text).toMatch(/par internet/);
    await screenshot(page, '13-planning-historique');

    // The family file gives Emma's calendar feed; a calendar app (here: fetch, no Origin, no
    // session) reads it, and the day kept above is in it, the cancelled one is not.
    await page.goto(`${demo.site.url}/dossier-famille.html`);
    const file = page.locator('portail-famille');
    await file.getByRole('button', { name: 'Créer l’adresse de l’agenda : Emma' }).click();
    await expect.poll(() => file.getByText('Adresse créée : ajoutez-la à votre agenda.').isVisible()).toBe(true);
    const address = await file.getByLabel('Adresse de l’agenda (Emma)').inputValue();
    expect(address).toMatch(/\/v1\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await file.getByRole('link', { name: 'Ouvrir dans mon agenda : Emma' }).getAttribute('href')).toBe(address.replace(/^https?:/, 'webcal:'));
    await screenshot(page, '13b-fiche-famille-agenda');
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    const days = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).filter((e) => e.summary === 'Cantine – Emma').map((e) => e.startDate.toString().slice(0, 10));
    expect(days).toContain(isoDay(names[0]!));
    expect(days).toContain(isoDay(names[2]!));
    expect(days).not.toContain(isoDay(names[1]!));
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the family file on the town site', () => {
  it('edits a phone number, adds a pickup person and uploads a document', async () => {
    // Famille Martin's password was changed by the forgotten-password journey above.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${demo.site.url}/cantine-periscolaire.html`);
    await signIn(page, DEMO_LOGINS.family.login, 'Un nouveau mot de passe 2026');
    await expect.poll(() => accueil(page).getByText('Léa Martin').isVisible()).toBe(true);

    await page.goto(`${demo.site.url}/dossier-famille.html`);
    const file = page.locator('portail-famille');
    await expect.poll(() => file.getByRole('heading', { name: 'Coordonnées et notifications' }).isVisible()).toBe(true);
    await screenshot(page, '14-fiche-famille');

    await file.getByRole('button', { name: 'Modifier : Coordonnées', exact: true }).click();
    await file.getByLabel('Téléphone portable', { exact: true }).fill('06 55 44 33 22');
    await file.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => file.getByText('Modifications enregistrées').first().isVisible()).toBe(true);
    await expect.poll(() => file.getByText('06 55 44 33 22').first().isVisible()).toBe(true);

    await file.getByRole('button', { name: 'Ajouter une personne : Léa' }).click();
    await file.getByLabel('Nom', { exact: true }).fill('Durand');
    await file.getByLabel('Prénom', { exact: true }).fill('Sophie');
    await file.getByLabel("Lien avec l’enfant").fill('Voisine');
    await file.getByLabel('Téléphone', { exact: true }).fill('07 12 12 12 12');
    await file.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => file.getByText('Sophie Durand').first().isVisible()).toBe(true);

    await file.getByLabel('Type de document').selectOption({ label: 'Attestation CAF' });
    await file.getByLabel('Titre').fill('Attestation CAF 2026');
    await file.getByLabel('Fichier', { exact: true }).setInputFiles({
      name: 'attestation-caf.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await file.getByRole('button', { name: 'Envoyer le document' }).click();
    await expect.poll(() => file.getByText('Document envoyé : la mairie va le vérifier.').isVisible()).toBe(true);
    await expect.poll(() => file.getByText('Attestation CAF 2026').first().isVisible()).toBe(true);
    await screenshot(page, '15-fiche-famille-apres-modifications');
    expect(problems).toEqual([]);
    await context.close();
  });
});
