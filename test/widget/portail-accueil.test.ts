import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import './helpers/define.js';
import type { PortailAccueil } from '../../widget/src/components/accueil/portail-accueil.js';
import type { PortailLogin } from '../../widget/src/components/login/portail-login.js';
import { SessionStore } from '../../widget/src/session/session-store.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, button, fill, heading, shadow, text, waitForText } from './helpers/dom.js';

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

/** Puts a session in sessionStorage as a previous page of the same tab would have left it. */
function storeSessionFromPreviousPage(): void {
  const session = api.issueSession();
  sessionStorage.setItem(
    `portail-famille:session:${api.key}`,
    JSON.stringify({
      token: session.token,
      family: session.family,
      idleExpiresAt: Date.parse(session.idleExpiresAt),
      expiresAt: Date.parse(session.expiresAt),
    }),
  );
}

describe('<portail-accueil>', () => {
  it('invites a signed-out parent to sign in, with a link when the page gives one', async () => {
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-accueil>`,
    );
    expect(text(shadow(el))).to.contain('Connectez-vous pour consulter vos réservations');
    expect(($(el, 'a') as HTMLAnchorElement).getAttribute('href')).to.equal('/connexion');
    expect(api.callsTo('GET', 'me')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('greets the family and lists the children and the shortcuts the page provides', async () => {
    storeSessionFromPreviousPage();
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil
        api-base=${API_BASE}
        public-key=${api.key}
        planning-href="/planning"
        factures-href="/factures"
      ></portail-accueil>`,
    );
    await waitForText(() => heading(el), 'Bonjour, Famille Martin');
    const children = [...shadow(el).querySelectorAll('[part="children"] li')].map((li) => text(li));
    expect(children).to.deep.equal([
      'Léa Martin École Jules-Ferry – CE1',
      'Hugo Martin École maternelle Les Tilleuls – Moyenne section',
    ]);
    const nav = $(el, 'nav');
    expect(nav.getAttribute('aria-label')).to.equal('Raccourcis');
    const links = [...nav.querySelectorAll('a')].map((a) => [text(a), a.getAttribute('href')]);
    expect(links).to.deep.equal([
      ['Planning et réservations', '/planning'],
      ['Factures et paiements', '/factures'],
    ]);
    expect(api.callsTo('GET', 'me')[0].authorization).to.match(/^Bearer tok_/);
    await expect(el).to.be.accessible();
  });

  it('sums up the balance with "Régler", the coming days per child, the requests and the town’s information', async () => {
    storeSessionFromPreviousPage();
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base=${API_BASE} public-key=${api.key} factures-href="/factures" planning-href="/planning"></portail-accueil>`,
    );
    await waitForText(() => text(shadow(el)), 'Reste à payer');
    const part = (name: string) => text($(el, `[part="${name}"]`));
    expect(part('balance')).to.contain('Reste à payer : 41,50 €');
    const pay = [...$(el, '[part="balance"]').querySelectorAll('a')].find((a) => text(a) === 'Régler');
    expect(pay?.getAttribute('href')).to.equal('/factures');
    expect(part('upcoming')).to.contain('Léa jeudi 1er octobre Cantine, Accueil soir vendredi 2 octobre Cantine (absence)');
    expect(part('upcoming')).to.contain('Hugo Rien de prévu ces prochains jours.');
    expect(part('pending')).to.contain('Réservation Mercredi – Léa, le 7 octobre 2026');
    await waitForText(() => text(shadow(el)), 'Informations utiles');
    expect(part('town')).to.contain('Les inscriptions pour les vacances de la Toussaint sont ouvertes.');
    expect(($(el, '[part="town"] a[href^="mailto:"]') as HTMLAnchorElement).href).to.equal('mailto:enfance@ville-demo.fr');
    // Signed in: no invitation to sign in.
    expect(text(shadow(el))).to.not.contain('Se connecter');
    await expect(el).to.be.accessible();
  });

  it('says there is nothing to pay, and offers no "Régler", when the balance is settled', async () => {
    storeSessionFromPreviousPage();
    api.summary = { ...api.summary, balanceCents: 0, pending: [] };
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base=${API_BASE} public-key=${api.key} factures-href="/factures"></portail-accueil>`,
    );
    await waitForText(() => text(shadow(el)), 'Vous n’avez rien à régler.');
    expect(shadow(el).querySelector('[part="balance"] a')).to.equal(null);
    expect(text($(el, '[part="pending"]'))).to.contain('Aucune demande en attente de la mairie.');
  });

  it('falls back to the invitation when the server says the session has ended', async () => {
    storeSessionFromPreviousPage();
    api.expireSessions = true;
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base=${API_BASE} public-key=${api.key}></portail-accueil>`,
    );
    await waitForText(() => text(shadow(el)), 'Connectez-vous pour consulter');
    expect(sessionStorage.getItem(`portail-famille:session:${api.key}`)).to.equal(null);
  });

  it('shows an error in an alert when the home cannot be loaded', async () => {
    storeSessionFromPreviousPage();
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base="https://injoignable.test" public-key=${api.key}></portail-accueil>`,
    );
    await waitUntil(() => alertText(el) !== '', 'error shown', { timeout: 4000 });
    expect(alertText(el)).to.not.equal('');
  });
});

describe('shared session', () => {
  it('shows the family in <portail-accueil> as soon as <portail-login> signs in', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>
      <portail-accueil api-base=${API_BASE} public-key=${api.key}></portail-accueil>
    </div>`);
    const login = page.querySelector('portail-login') as PortailLogin;
    const accueil = page.querySelector('portail-accueil') as PortailAccueil;
    await waitUntil(() => shadow(login).querySelector('.banner'));
    expect(text(shadow(accueil))).to.contain('Connectez-vous');

    fill(login, 'Identifiant', api.email);
    fill(login, 'Mot de passe', api.password);
    (shadow(login).querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => heading(accueil), 'Bonjour, Famille Martin');

    button(login, 'Se déconnecter').click();
    await waitForText(() => text(shadow(accueil)), 'Connectez-vous');
  });

  it('keeps the parent signed in on a re-created element (next page of the same tab)', async () => {
    const first = await fixture<PortailLogin>(
      html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`,
    );
    fill(first, 'Identifiant', api.email);
    fill(first, 'Mot de passe', api.password);
    (shadow(first).querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => heading(first), 'Votre compte');
    first.remove();

    const second = await fixture<PortailLogin>(
      html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`,
    );
    expect(text(shadow(second))).to.contain('Connecté en tant que Famille Martin');

    // A new page starts with an empty module store: only sessionStorage carries the session.
    const reloaded = new SessionStore(`portail-famille:session:${api.key}`);
    expect(reloaded.state?.family.name).to.equal('Martin');
    expect(reloaded.state?.token).to.match(/^tok_/);
  });

  it('restores a session left in sessionStorage by a previous page', async () => {
    storeSessionFromPreviousPage();
    const el = await fixture<PortailLogin>(
      html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`,
    );
    expect(text(shadow(el))).to.contain('Connecté en tant que Famille Martin');
  });

  it('ignores an expired session left in sessionStorage', () => {
    sessionStorage.setItem(
      'portail-famille:session:pk_old',
      JSON.stringify({ token: 't', family: { id: 'f', name: 'Martin' }, idleExpiresAt: Date.now() - 1000, expiresAt: Date.now() + 1000 }),
    );
    expect(new SessionStore('portail-famille:session:pk_old').state).to.equal(null);
  });
});
