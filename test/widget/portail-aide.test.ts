import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailAide } from '../../widget/src/components/aide/portail-aide.js';
import { PortailFamille } from '../../widget/src/components/famille/portail-famille.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, shadow, statusText, text, waitForText } from './helpers/dom.js';

defineOnce('portail-aide', PortailAide);
defineOnce('portail-famille', PortailFamille);

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

describe('<portail-aide>', () => {
  it('shows the contact, the information message and the help text without sign-in', async () => {
    const el = await fixture<PortailAide>(html`<portail-aide api-base=${API_BASE} public-key=${api.key} messages-href="/messages"></portail-aide>`);
    await waitForText(() => text(shadow(el)), 'Service enfance');
    const root = shadow(el);
    expect(text(root)).to.contain('Le service sera fermé le 24 décembre.');
    const address = [...root.querySelectorAll('dd')][0];
    expect(address.textContent).to.contain('République\n31000');
    expect(getComputedStyle(address).whiteSpace).to.equal('pre-line');
    expect(root.querySelector('a[href="tel:0199001240"]')).not.to.equal(null);
    expect(root.querySelector('a[href="mailto:enfance@ville-demo.fr"]')).not.to.equal(null);
    expect(root.querySelector('a[href="/messages"]')).not.to.equal(null);
    expect([...root.querySelectorAll('.help-paragraph')].map((p) => text(p))).to.deep.equal([
      'Pour réserver la cantine, ouvrez la page Réservations.',
      'Le règlement est en ligne : https://www.ville-demo.fr/reglement ; piège',
    ]);
    await expect(el).to.be.accessible();
  });

  it('makes only https addresses links: a javascript: address stays text', async () => {
    const el = await fixture<PortailAide>(html`<portail-aide api-base=${API_BASE} public-key=${api.key}></portail-aide>`);
    await waitUntil(() => shadow(el).querySelectorAll('.help-paragraph').length === 2, 'help shown');
    const links = [...shadow(el).querySelectorAll('.help-paragraph a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://www.ville-demo.fr/reglement']);
    expect(links[0].getAttribute('rel')).to.equal('noopener noreferrer');
  });
});

describe('every element links to the help page', () => {
  it('<portail-famille> shows "Aide et contact" when the page names the help page', async () => {
    const el = await fixture<PortailFamille>(html`<portail-famille api-base=${API_BASE} public-key=${api.key} aide-href="/aide"></portail-famille>`);
    expect(($(el, '.help-link a') as HTMLAnchorElement).getAttribute('href')).to.equal('/aide');
    expect(text($(el, '.help-link'))).to.equal('Aide et contact');
  });
});

describe('e-mail preferences in the family file', () => {
  it('shows the four choices and saves them', async () => {
    const session = api.issueSession();
    sessionStorage.setItem(
      `portail-famille:session:${api.key}`,
      JSON.stringify({ token: session.token, family: session.family, idleExpiresAt: Date.parse(session.idleExpiresAt), expiresAt: Date.parse(session.expiresAt) }),
    );
    api.messages.preferences = { messages: true, invoices: false, bookings: true, waitlist: true };
    const el = await fixture<PortailFamille>(html`<portail-famille api-base=${API_BASE} public-key=${api.key}></portail-famille>`);
    await waitUntil(() => shadow(el).querySelector('#mail-preferences-form'), 'preferences shown');
    const box = (name: string) => $(el, `#mail-${name}`) as HTMLInputElement;
    const labels = [...shadow(el).querySelectorAll('#mail-preferences-form label')].map((l) => text(l));
    expect(labels).to.deep.equal([
      'Les messages de la mairie',
      'Les nouvelles factures',
      'Les confirmations de réservation',
      'Les propositions de place (liste d’attente)',
    ]);
    expect(box('invoices').checked).to.equal(false);
    box('messages').click();
    ($(el, '#mail-preferences-form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Vos choix d’e-mails sont enregistrés.');
    expect(api.callsTo('PUT', 'mail-preferences')[0].body).to.deep.equal({ messages: false, invoices: false, bookings: true, waitlist: true });
    await expect(el).to.be.accessible();
  });
});
