import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { sendKeys } from '@web/test-runner-commands';
import './helpers/define.js';
import type { PortailLogin } from '../../widget/src/components/login/portail-login.js';
import type { PortailSignedInEvent } from '../../widget/src/events/signed-in.js';
import type { PortailSignedOutEvent } from '../../widget/src/events/signed-out.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, button, fill, hasButton, heading, input, shadow, statusText, text, waitForText } from './helpers/dom.js';

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

async function renderLogin(): Promise<PortailLogin> {
  const el = await fixture<PortailLogin>(
    html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`,
  );
  await waitUntil(() => shadow(el).querySelector('.banner'), 'banner rendered');
  return el;
}

function submitButton(el: PortailLogin): HTMLButtonElement {
  return $(el, 'form button[type="submit"]') as HTMLButtonElement;
}

async function signInThroughForm(el: PortailLogin): Promise<void> {
  fill(el, 'Identifiant', api.email);
  fill(el, 'Mot de passe', api.password);
  submitButton(el).click();
  await waitForText(() => heading(el), 'Votre compte');
}

describe('<portail-login>', () => {
  it('shows the town banner and the dated information message', async () => {
    const el = await renderLogin();
    const logo = $(el, '[part="logo"]') as HTMLImageElement;
    expect(logo.alt).to.equal('Ville de Démo');
    expect(text($(el, '[part="info"]'))).to.equal(
      'Information du 2 septembre 2026 Les inscriptions pour les vacances de la Toussaint sont ouvertes.',
    );
    expect(heading(el)).to.equal('Connexion à votre espace famille');
    await expect(el).to.be.accessible();
  });

  it('shows the town name when there is no logo, and no information block when there is none', async () => {
    api.config = { ...api.config, logoUrl: null, info: null };
    const el = await renderLogin();
    expect(text($(el, '[part="banner"]'))).to.equal('Ville de Démo');
    expect(shadow(el).querySelector('[part="info"]')).to.equal(null);
  });

  it('signs in, shows the connected family and announces portail-signed-in', async () => {
    const el = await renderLogin();
    fill(el, 'Identifiant', api.email);
    fill(el, 'Mot de passe', api.password);
    const event = oneEvent(el, 'portail-signed-in') as Promise<PortailSignedInEvent>;
    submitButton(el).click();
    const signedIn = await event;

    expect(signedIn.family.name).to.equal('Martin');
    expect(signedIn.bubbles && signedIn.composed).to.equal(true);
    await waitForText(() => text(shadow(el)), 'Connecté en tant que Famille Martin');
    expect(api.callsTo('POST', 'session')[0].body).to.deep.equal({ login: api.email, password: api.password });
    expect(shadow(el).activeElement?.localName).to.equal('h2');
    await expect(el).to.be.accessible();
  });

  it('accepts the family number as identifier', async () => {
    const el = await renderLogin();
    fill(el, 'Identifiant', api.familyNumber);
    fill(el, 'Mot de passe', api.password);
    submitButton(el).click();
    await waitForText(() => heading(el), 'Votre compte');
  });

  it('shows the French error in an alert when the password is wrong', async () => {
    const el = await renderLogin();
    fill(el, 'Identifiant', api.email);
    fill(el, 'Mot de passe', 'mauvais mot de passe');
    submitButton(el).click();
    await waitForText(() => alertText(el), 'Identifiant ou mot de passe incorrect.');
    expect(heading(el)).to.equal('Connexion à votre espace famille');
    expect(sessionStorage.length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('tells how long to wait when logins are throttled (429)', async () => {
    api.rateLimitSeconds = 120;
    const el = await renderLogin();
    fill(el, 'Identifiant', api.email);
    fill(el, 'Mot de passe', api.password);
    submitButton(el).click();
    await waitForText(() => alertText(el), 'Veuillez patienter 2 minutes avant de réessayer.');
    expect(alertText(el)).to.contain('Trop de tentatives de connexion.');
  });

  it('flags empty fields without calling the server', async () => {
    const el = await renderLogin();
    submitButton(el).click();
    await waitForText(() => alertText(el), 'Le formulaire contient des erreurs.');
    expect(input(el, 'Identifiant').getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(input(el, 'Identifiant'));
    expect(api.callsTo('POST', 'session')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows and hides the password with a toggle button', async () => {
    const el = await renderLogin();
    const toggle = button(el, 'Afficher le mot de passe');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(input(el, 'Mot de passe').type).to.equal('password');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(input(el, 'Mot de passe').type).to.equal('text');
  });

  it('uses the autocomplete tokens password managers expect', async () => {
    const el = await renderLogin();
    expect(input(el, 'Identifiant').autocomplete).to.equal('username');
    expect(input(el, 'Mot de passe').autocomplete).to.equal('current-password');
    button(el, 'Première connexion ? Activez votre compte').click();
    await el.updateComplete;
    expect(input(el, "Code d’activation").autocomplete).to.equal('one-time-code');
    expect(input(el, 'Mot de passe').autocomplete).to.equal('new-password');
    expect(input(el, 'Confirmation du mot de passe').autocomplete).to.equal('new-password');
  });

  it('signs in with the keyboard only', async () => {
    const el = await renderLogin();
    const event = oneEvent(el, 'portail-signed-in');
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(input(el, 'Identifiant'));
    await sendKeys({ type: api.email });
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(input(el, 'Mot de passe'));
    await sendKeys({ type: api.password });
    await sendKeys({ press: 'Enter' });
    await event;
    await waitForText(() => heading(el), 'Votre compte');
  });

  describe('first connection', () => {
    it('activates the account with the letter codes and signs in', async () => {
      const el = await renderLogin();
      button(el, 'Première connexion ? Activez votre compte').click();
      await waitUntil(() => heading(el) === 'Première connexion');
      expect(shadow(el).activeElement?.localName).to.equal('h2');
      expect(text(shadow(el))).to.contain('Entre 12 et 128 caractères.');
      await expect(el).to.be.accessible();

      fill(el, 'Numéro de famille', api.familyNumber);
      fill(el, "Code d’activation", api.activationCode);
      fill(el, 'Adresse e-mail', 'nouveau@example.fr');
      fill(el, 'Mot de passe', 'une phrase de passe solide');
      fill(el, 'Confirmation du mot de passe', 'une autre phrase de passe');
      submitButton(el).click();
      await waitForText(() => alertText(el), 'Le formulaire contient des erreurs.');
      expect(text($(el, '#confirm-error'))).to.equal('Les deux mots de passe ne sont pas identiques.');
      expect(api.callsTo('POST', 'activation')).to.have.length(0);
      await expect(el).to.be.accessible();

      fill(el, 'Confirmation du mot de passe', 'une phrase de passe solide');
      const event = oneEvent(el, 'portail-signed-in');
      submitButton(el).click();
      await event;
      await waitForText(() => text(shadow(el)), 'Connecté en tant que Famille Martin');
      expect(statusText(el)).to.contain('Votre compte est activé.');
      expect(api.callsTo('POST', 'activation')[0].body).to.deep.equal({
        familyNumber: api.familyNumber,
        code: api.activationCode,
        email: 'nouveau@example.fr',
        password: 'une phrase de passe solide',
      });
    });

    it('refuses a password shorter than 12 characters', async () => {
      const el = await renderLogin();
      button(el, 'Première connexion ? Activez votre compte').click();
      await el.updateComplete;
      fill(el, 'Numéro de famille', api.familyNumber);
      fill(el, "Code d’activation", api.activationCode);
      fill(el, 'Adresse e-mail', 'nouveau@example.fr');
      fill(el, 'Mot de passe', 'court');
      fill(el, 'Confirmation du mot de passe', 'court');
      submitButton(el).click();
      await waitForText(() => text(shadow(el).querySelector('#password-error')), 'entre 12 et 128 caractères');
      expect(api.callsTo('POST', 'activation')).to.have.length(0);
    });

    it('shows the server error for a wrong activation code', async () => {
      const el = await renderLogin();
      button(el, 'Première connexion ? Activez votre compte').click();
      await el.updateComplete;
      fill(el, 'Numéro de famille', api.familyNumber);
      fill(el, "Code d’activation", 'FAUX');
      fill(el, 'Adresse e-mail', 'nouveau@example.fr');
      fill(el, 'Mot de passe', 'une phrase de passe solide');
      fill(el, 'Confirmation du mot de passe', 'une phrase de passe solide');
      submitButton(el).click();
      await waitForText(() => alertText(el), "Numéro de famille ou code d'activation invalide.");
    });
  });

  it('answers a forgotten password request with the same neutral message', async () => {
    const el = await renderLogin();
    button(el, 'Mot de passe oublié ?').click();
    await waitUntil(() => heading(el) === 'Mot de passe oublié');
    await expect(el).to.be.accessible();
    fill(el, 'Identifiant', 'inconnu@example.fr');
    submitButton(el).click();
    await waitForText(() => text(shadow(el)), 'Si un compte correspond à cet identifiant');
    expect(api.callsTo('POST', 'password/forgot')[0].body).to.deep.equal({ login: 'inconnu@example.fr' });
    await expect(el).to.be.accessible();
    button(el, 'Retour à la connexion').click();
    await waitUntil(() => heading(el) === 'Connexion à votre espace famille');
  });

  describe('reset link', () => {
    afterEach(() => history.replaceState(null, '', location.pathname + location.search));

    it('reads the token from #portail-reset, removes it from the address and sets the new password', async () => {
      history.replaceState(null, '', `${location.pathname}${location.search}#portail-reset=${api.resetToken}`);
      const el = await renderLogin();
      expect(heading(el)).to.equal('Choisir un nouveau mot de passe');
      expect(location.hash).to.equal('');
      await expect(el).to.be.accessible();

      fill(el, 'Nouveau mot de passe', 'mon nouveau mot de passe');
      fill(el, 'Confirmation du nouveau mot de passe', 'mon nouveau mot de passe');
      submitButton(el).click();
      await waitForText(() => statusText(el), 'Vous pouvez maintenant vous connecter.');
      expect(heading(el)).to.equal('Connexion à votre espace famille');
      expect(api.callsTo('POST', 'password/reset')[0].body).to.deep.equal({
        token: api.resetToken,
        password: 'mon nouveau mot de passe',
      });
    });

    it('explains when the link is no longer valid', async () => {
      history.replaceState(null, '', `${location.pathname}#portail-reset=perime`);
      const el = await renderLogin();
      fill(el, 'Nouveau mot de passe', 'mon nouveau mot de passe');
      fill(el, 'Confirmation du nouveau mot de passe', 'mon nouveau mot de passe');
      submitButton(el).click();
      await waitForText(() => alertText(el), "Ce lien n'est plus valide.");
      button(el, 'Demander un nouveau lien').click();
      await waitUntil(() => heading(el) === 'Mot de passe oublié');
    });
  });

  describe('when signed in', () => {
    it('changes the password, keeping the parent signed in with the new token', async () => {
      const el = await renderLogin();
      await signInThroughForm(el);
      const storageKey = `portail-famille:session:${api.key}`;
      const tokenBefore = JSON.parse(sessionStorage.getItem(storageKey)!).token;
      button(el, 'Changer mon mot de passe').click();
      await waitUntil(() => heading(el) === 'Changer mon mot de passe');
      await expect(el).to.be.accessible();

      fill(el, 'Mot de passe actuel', 'pas le bon');
      fill(el, 'Nouveau mot de passe', 'un tout nouveau secret');
      fill(el, 'Confirmation du nouveau mot de passe', 'un tout nouveau secret');
      submitButton(el).click();
      await waitForText(() => alertText(el), 'Le mot de passe actuel est incorrect.');
      expect(heading(el)).to.equal('Changer mon mot de passe');

      fill(el, 'Mot de passe actuel', api.password);
      submitButton(el).click();
      await waitForText(() => statusText(el), 'Votre mot de passe a été modifié.');
      expect(heading(el)).to.equal('Votre compte');
      const change = api.callsTo('POST', 'password/change');
      expect(change[1].body).to.deep.equal({
        currentPassword: 'correct horse battery staple',
        newPassword: 'un tout nouveau secret',
      });
      expect(JSON.parse(sessionStorage.getItem(storageKey)!).token).not.to.equal(tokenBefore);
    });

    it('signs out, tells the server and announces portail-signed-out', async () => {
      const el = await renderLogin();
      await signInThroughForm(el);
      await expect(el).to.be.accessible();
      const event = oneEvent(el, 'portail-signed-out') as Promise<PortailSignedOutEvent>;
      button(el, 'Se déconnecter').click();
      expect((await event).reason).to.equal('signed-out');
      await waitForText(() => statusText(el), 'Votre déconnexion a bien été effectuée.');
      expect(heading(el)).to.equal('Connexion à votre espace famille');
      const logout = api.callsTo('DELETE', 'session')[0];
      expect(logout.authorization).to.match(/^Bearer tok_/);
      expect(logout.contentType).to.equal('application/json');
      expect(sessionStorage.getItem(`portail-famille:session:${api.key}`)).to.equal(null);
    });

    it('warns two minutes before the session ends and prolongs it on request', async () => {
      api.idleMs = 90_000;
      const el = await renderLogin();
      await signInThroughForm(el);
      await waitForText(() => alertText(el), 'Votre session va expirer dans 2 minutes.');
      expect($(el, '[part="expiry-warning"]').getAttribute('role')).to.equal('alert');
      await expect(el).to.be.accessible();

      button(el, 'Prolonger la session').click();
      await waitForText(() => statusText(el), 'Votre session a été prolongée.');
      expect(api.callsTo('POST', 'session/prolong')).to.have.length(1);
      expect(api.callsTo('POST', 'session/prolong')[0].body).to.deep.equal({});
      expect(shadow(el).querySelector('[part="expiry-warning"]')).to.equal(null);
      expect(heading(el)).to.equal('Votre compte');
    });

    it('returns to the login form with a message when the session expires', async () => {
      api.idleMs = 1_500;
      const el = await renderLogin();
      const event = oneEvent(el, 'portail-signed-out') as Promise<PortailSignedOutEvent>;
      await signInThroughForm(el);
      expect((await event).reason).to.equal('expired');
      await waitForText(() => alertText(el), 'Votre session a expiré. Veuillez vous reconnecter.');
      expect(heading(el)).to.equal('Connexion à votre espace famille');
      expect(hasButton(el, 'Se déconnecter')).to.equal(false);
    });
  });
});
