import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailPanier } from '../../widget/src/components/panier/portail-panier.js';
import { PortailPlanning } from '../../widget/src/components/planning/portail-planning.js';
import { PortailAccueil } from '../../widget/src/components/accueil/portail-accueil.js';
import { PortailFactures } from '../../widget/src/components/factures/portail-factures.js';
import type { PaymentRedirect } from '../../widget/src/api/factures.js';
import type { BasketPaymentView } from '../../widget/src/api/panier.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { BASKET_LINES } from './helpers/mock-panier.js';
import { $, alertText, button, fill, shadow, statusText, text, waitForText } from './helpers/dom.js';

/** The real element, except that it records where it sends the browser instead of leaving the test page. */
class TestPanier extends PortailPanier {
  static navigations: PaymentRedirect[] = [];
  protected override pollDelayMs = 20;

  protected override navigate(redirect: PaymentRedirect): void {
    TestPanier.navigations.push(redirect);
  }
}
defineOnce('portail-panier', TestPanier);
defineOnce('portail-planning', PortailPlanning);

class TestAccueil extends PortailAccueil {
  protected override navigate(redirect: PaymentRedirect): void {
    TestPanier.navigations.push(redirect);
  }
}
defineOnce('portail-accueil', TestAccueil);

class TestFactures extends PortailFactures {
  protected override pollDelayMs = 20;
  protected override navigate(redirect: PaymentRedirect): void {
    TestPanier.navigations.push(redirect);
  }
}
defineOnce('portail-factures', TestFactures);

const PAYMENT_ID = '0000abcd-2222-4222-8333-444444444444';

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
  api.panier.lines = BASKET_LINES.map((l) => ({ ...l }));
  api.panier.cagnotteCents = 500;
  api.panier.debtCents = 300;
  TestPanier.navigations = [];
});

afterEach(async () => {
  api.uninstall();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
  await setViewport({ width: 1280, height: 800 });
});

function signIn(): void {
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

const stepHeading = (el: Element) => text(shadow(el).querySelector('#step-h'));

async function renderPanier(): Promise<PortailPanier> {
  signIn();
  const el = await fixture<PortailPanier>(
    html`<portail-panier api-base=${API_BASE} public-key=${api.key} planning-href="/reservations"></portail-panier>`,
  );
  await waitUntil(() => shadow(el).querySelector('#step-h'), 'basket shown', { timeout: 4000 });
  return el;
}

/** The lines of the table as a parent reads them: day, child, service, price. */
function lines(el: Element): string[][] {
  return [...shadow(el).querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].slice(0, 4).map((c) => text(c)),
  );
}

function amounts(el: Element): string[] {
  return [...shadow(el).querySelectorAll('.amounts div')].map((d) => `${text(d.querySelector('dt'))} ${text(d.querySelector('dd'))}`);
}

describe('<portail-panier>', () => {
  it('invites a signed-out parent to sign in', async () => {
    const el = await fixture<PortailPanier>(
      html`<portail-panier api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-panier>`,
    );
    expect(text(shadow(el).querySelector('h2'))).to.equal('Mon panier');
    expect(text(shadow(el))).to.contain('Connectez-vous pour consulter et payer vos réservations.');
    expect(api.callsTo('GET', 'panier')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('lists the lines by child, service and day with their price, the cagnotte, the solde, the total and the expiry', async () => {
    const el = await renderPanier();
    expect(stepHeading(el)).to.equal('3 réservations en attente de paiement');
    expect(lines(el)).to.deep.equal([
      ['mercredi 9 septembre 2026', 'Hugo', 'Mercredi', '9,50 €'],
      ['mercredi 9 septembre 2026', 'Léa', 'Mercredi', '12,00 €'],
      ['mercredi 16 septembre 2026', 'Léa', 'Mercredi', '12,00 €'],
    ]);
    expect(amounts(el)).to.deep.equal([
      'Réservations 33,50 €',
      'Cagnotte déduite − 5,00 €',
      'Solde ajouté (sommes restant dues) + 3,00 €',
      'Total à payer 31,50 €',
    ]);
    expect(text($(el, '.expiry'))).to.equal(
      'Votre panier sera vidé le 8 septembre 2026 à 10:15 s’il n’est pas payé : les places réservées seront libérées.',
    );
    expect(text($(el, '.steps [aria-current="step"]'))).to.equal('Mon panier');
    await expect(el).to.be.accessible();
  });

  it('while a payment is under way, says from what time a new one is possible, written like the invoices’ retry time', async () => {
    api.panier.status = 'paying';
    api.panier.retryAt = '2026-09-07T08:35:00Z';
    const el = await renderPanier();
    expect(text(shadow(el))).to.contain('Un paiement de ce panier est en cours. Si vous l’avez abandonné, vous pourrez recommencer à partir de 10 h 35.');
    await expect(el).to.be.accessible();
  });

  it('takes a line out of the basket and shows the new total', async () => {
    const el = await renderPanier();
    const remove = $(el, '#remove-l2');
    expect(remove.getAttribute('aria-label')).to.equal('Retirer du panier : Mercredi – Léa – mercredi 16 septembre 2026');
    remove.click();
    await waitForText(() => stepHeading(el), '2 réservations en attente de paiement');
    expect(api.callsTo('DELETE', 'panier/lignes/l2')).to.have.length(1);
    expect(lines(el).map((l) => l[0] + ' ' + l[1])).to.deep.equal(['mercredi 9 septembre 2026 Hugo', 'mercredi 9 septembre 2026 Léa']);
    expect(amounts(el).at(-1)).to.equal('Total à payer 19,50 €');
    expect(statusText(el)).to.contain('Mercredi – Léa – mercredi 16 septembre 2026 : retiré du panier.');
  });

  it('shows the lines dropped at checkout, with their reason, and the new total to check before paying', async () => {
    api.panier.dropOnCheckout = [
      { childFirstName: 'Léa', serviceLabel: 'Mercredi', date: '2026-09-16', reason: 'La date limite de réservation est passée.' },
    ];
    const el = await renderPanier();
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'claire@example.fr');
    button(el, 'Payer').click();
    await waitForText(() => stepHeading(el), 'Récapitulatif');
    button(el, 'Payer en ligne').click();
    await waitForText(() => alertText(el), 'Des réservations ont été retirées de votre panier');
    await waitForText(() => stepHeading(el), '2 réservations en attente de paiement');
    expect(text($(el, '.dropped'))).to.contain(
      'Mercredi – Léa – mercredi 16 septembre 2026 : La date limite de réservation est passée.',
    );
    expect(amounts(el).at(-1)).to.equal('Total à payer 19,50 €');
    expect(TestPanier.navigations).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('pays through the same four steps as the invoices, the amount never sent by the widget', async () => {
    const el = await renderPanier();
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'pas-une-adresse');
    button(el, 'Payer').click();
    await waitForText(() => text(shadow(el).querySelector('.field-error')), 'Cette adresse e-mail n’est pas valide');
    expect(shadow(el).activeElement?.id).to.equal('payer-email');
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'claire@example.fr');
    button(el, 'Payer').click();
    await waitForText(() => stepHeading(el), 'Récapitulatif');
    expect(text($(el, 'p.total'))).to.equal('TOTAL À RÉGLER : 31,50 €');
    await expect(el).to.be.accessible();
    button(el, 'Payer en ligne').click();
    await waitUntil(() => TestPanier.navigations.length === 1, 'left for the provider');
    expect(TestPanier.navigations[0].url).to.equal('https://www.payfip.gouv.fr/tpa/paiementws.web?idop=op-456');
    const [sent] = api.callsTo('POST', 'panier/paiement');
    expect(sent.body).to.deep.equal({ regieId: 'reg-1', email: 'claire@example.fr', returnPage: location.href.split('#')[0] });
    expect(sent.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    expect(stepHeading(el)).to.equal('Paiement sécurisé');
  });

  it('confirms without a provider when the cagnotte covers the whole basket', async () => {
    api.panier.cagnotteCents = 10_000;
    api.panier.debtCents = 0;
    const el = await renderPanier();
    expect(amounts(el).at(-1)).to.equal('Total à payer 0,00 €');
    expect(shadow(el).querySelector('#payer-email')).to.equal(null);
    button(el, 'Confirmer mes réservations').click();
    await waitForText(() => stepHeading(el), 'Récapitulatif');
    button(el, 'Confirmer mes réservations').click();
    await waitForText(() => stepHeading(el), 'Votre paiement a été effectué, vos réservations également !');
    expect(text($(el, '[part="result"]'))).to.contain('3 jours réservés : ils apparaissent dans votre calendrier.');
    expect(TestPanier.navigations).to.have.length(0);
    expect($(el, 'a').getAttribute('href')).to.equal('/reservations');
    expect(text($(el, 'a'))).to.equal('Voir mes réservations dans le calendrier');
  });

  it('shows the verified result back from the provider, and the basket still waiting when the payment was refused', async () => {
    api.panier.payments.set(PAYMENT_ID, {
      id: PAYMENT_ID, status: 'pending', amountCents: 3150, purpose: 'basket', regie: { code: 'PERI', name: 'Régie périscolaire' },
      bookedDays: 0, creditedToCagnotte: false, paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip',
      abandoned: false, retryAt: null,
    } satisfies BasketPaymentView);
    api.panier.outcomes = ['pending', 'paid'];
    history.replaceState(null, '', `#portail-panier-paiement=${PAYMENT_ID}`);
    const el = await renderPanier();
    await waitForText(() => stepHeading(el), 'Votre paiement a été effectué, vos réservations également !');
    expect(location.hash).to.equal('');
    expect(text($(el, '[part="result"]'))).to.contain('Paiement de 31,50 € accepté le 7 septembre 2026.');
    expect(text($(el, '[part="result"]'))).to.contain('3 jours réservés : ils apparaissent dans votre calendrier.');
    expect(shadow(el).activeElement?.id).to.equal('step-h');
    await expect(el).to.be.accessible();
    button(el, 'Télécharger l’attestation de paiement (PDF)').click();
    await waitUntil(() => api.callsTo('GET', `paiements/${PAYMENT_ID}/attestation.pdf`).length === 1, 'attestation requested');
    await waitUntil(() => !text(shadow(el).querySelector('.status')).includes('Préparation'));
    expect(alertText(el)).to.equal('');

    api.panier.outcomes = ['refused'];
    history.replaceState(null, '', `#portail-panier-paiement=${PAYMENT_ID}`);
    const again = await renderPanier();
    await waitForText(() => stepHeading(again), 'Paiement refusé');
    expect(alertText(again)).to.contain('Vos réservations sont toujours en attente de paiement, dans votre panier.');
    button(again, 'Retour à mon panier').click();
    await waitForText(() => stepHeading(again), 'réservations en attente de paiement');
  });

  it('offers to pay the solde alone when the basket holds no line', async () => {
    api.panier.lines = [];
    api.panier.cagnotteCents = 0;
    api.panier.debtCents = 1250;
    const el = await renderPanier();
    expect(stepHeading(el)).to.equal('Votre panier est vide');
    expect(text($(el, '.basket'))).to.contain('Vous devez encore 12,50 € : vous pouvez régler ce solde seul, sans nouvelle réservation.');
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'claire@example.fr');
    button(el, 'Régler ma dette').click();
    await waitForText(() => stepHeading(el), 'Récapitulatif');
    expect(text($(el, 'p.total'))).to.equal('TOTAL À RÉGLER : 12,50 €');
    button(el, 'Payer en ligne').click();
    await waitUntil(() => TestPanier.navigations.length === 1, 'left for the provider');
    expect(api.callsTo('POST', 'panier/paiement')[0].body).to.deep.equal({ regieId: 'reg-1', email: 'claire@example.fr', returnPage: location.href.split('#')[0] });
  });

  it('says so when the basket is empty, with the way to the calendar', async () => {
    api.panier.lines = [];
    api.panier.debtCents = 0;
    api.panier.cagnotteCents = 0;
    const el = await renderPanier();
    expect(stepHeading(el)).to.equal('Votre panier est vide');
    expect(shadow(el).querySelector('.steps')).to.equal(null);
    expect(text($(el, 'a'))).to.equal('Réserver d’autres jours dans le calendrier');
  });

  for (const width of [390, 1280]) {
    it(`fits a ${width} px wide screen without scrolling sideways, and is accessible`, async () => {
      await setViewport({ width, height: 800 });
      const el = await renderPanier();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      expect(el.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
      const remove = $(el, '#remove-l1').getBoundingClientRect();
      expect(remove.right).to.be.at.most(window.innerWidth);
      await expect(el).to.be.accessible();
    });
  }

  it('puts the days ticked for a prepaid service in the basket, counted in the sticky bar with "Aller au panier"', async () => {
    api.panier.lines = [];
    const mercredi = api.planning.services.find((svc) => svc.id === 'mercredi')!;
    Object.assign(mercredi, { needsApproval: false, billingMode: 'prepaid' });
    api.planning.states.clear();
    signIn();
    const el = await fixture<PortailPlanning>(
      html`<portail-planning api-base=${API_BASE} public-key=${api.key} date="2026-09-07" view="month" panier-href="/panier"></portail-planning>`,
    );
    await waitUntil(() => shadow(el).querySelectorAll('table').length >= 4 && !statusText(el).includes('Chargement'), 'month shown', { timeout: 4000 });
    const bar = $(el, '[part="pending-bar"]');
    expect(text(bar)).not.to.contain('Aller au panier');
    for (const day of ['mercredi 9 septembre 2026', 'mercredi 16 septembre 2026']) {
      const box = shadow(el).querySelector<HTMLInputElement>(`input[aria-label="Mercredi loisirs – Léa – ${day}"]`)!;
      box.click();
    }
    await waitForText(() => statusText(el), '2 modifications en attente');
    button(el, 'Valider mes modifications').click();
    await waitForText(() => text(bar), '2 réservations en attente de paiement');
    expect(text(shadow(el).querySelector('.recap'))).to.contain('ajout au panier, mercredi 9 septembre 2026, Mercredi loisirs – Léa');
    const link = [...bar.querySelectorAll('a')].find((a) => text(a) === 'Aller au panier')!;
    expect(link.getAttribute('href')).to.equal('/panier');
    const box = shadow(el).querySelector<HTMLInputElement>('input[aria-label="Mercredi loisirs – Léa – mercredi 9 septembre 2026"]')!;
    expect(box.checked).to.equal(true);
    expect(text(shadow(el).getElementById(`state-${box.id.replace(/^box-/, '')}`))).to.equal('dans le panier, en attente de paiement');

    // The month is taller than the screen: at its top, the bar and its link still show at the bottom.
    expect(el.getBoundingClientRect().height).to.be.greaterThan(innerHeight * 1.5);
    el.scrollIntoView({ block: 'start' });
    for (const shown of [bar, link]) {
      const rect = shown.getBoundingClientRect();
      expect(rect.top).to.be.at.least(0);
      expect(rect.bottom).to.be.at.most(innerHeight + 1);
    }
    await expect(el).to.be.accessible();
  });

  it('"Régler ma dette" on the home pays the solde alone, and only when no booking waits in the basket', async () => {
    api.panier.lines = [];
    api.panier.cagnotteCents = 0;
    api.panier.debtCents = 1250;
    signIn();
    const el = await fixture<PortailAccueil>(
      html`<portail-accueil api-base=${API_BASE} public-key=${api.key} panier-href="/panier"></portail-accueil>`,
    );
    await waitUntil(() => shadow(el).querySelector('.debt'), 'debt offered', { timeout: 4000 });
    expect(text($(el, '.debt'))).to.contain('Vous devez 12,50 € (Régie périscolaire). Vous pouvez le régler en ligne, sans nouvelle réservation.');
    await expect(el).to.be.accessible();
    button(el, 'Régler ma dette (12,50 €)').click();
    await waitUntil(() => TestPanier.navigations.length === 1, 'left for the provider');
    expect(api.callsTo('POST', 'panier/paiement')[0].body).to.deep.equal({ regieId: 'reg-1', email: 'parent@example.fr', returnPage: location.href.split('#')[0] });
  });

  it('"Régler ma dette" in the invoices says the solde goes with the basket when days wait in it', async () => {
    api.panier.debtCents = 1250;
    signIn();
    const el = await fixture<PortailFactures>(
      html`<portail-factures api-base=${API_BASE} public-key=${api.key} panier-href="/panier"></portail-factures>`,
    );
    await waitUntil(() => shadow(el).querySelector('.debt'), 'debt shown', { timeout: 4000 });
    expect(text($(el, '.debt'))).to.contain('Ce solde est ajouté à votre panier : il sera réglé avec vos réservations.');
    expect(shadow(el).querySelector('.debt button')).to.equal(null);
    expect($(el, '.debt a').getAttribute('href')).to.equal('/panier');
  });

  it('shows a debt payment’s result on the invoices page, the commune’s return page', async () => {
    api.panier.payments.set(PAYMENT_ID, {
      id: PAYMENT_ID, status: 'pending', amountCents: 1250, purpose: 'debt', regie: { code: 'PERI', name: 'Régie périscolaire' },
      bookedDays: 0, creditedToCagnotte: false, paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip',
      abandoned: false, retryAt: null,
    } satisfies BasketPaymentView);
    api.panier.outcomes = ['paid'];
    history.replaceState(null, '', `#portail-panier-paiement=${PAYMENT_ID}`);
    signIn();
    const el = await fixture<PortailFactures>(html`<portail-factures api-base=${API_BASE} public-key=${api.key}></portail-factures>`);
    await waitForText(() => text(shadow(el).querySelector('#step-h')), 'Votre paiement a été effectué');
    expect(text($(el, '[part="result"]'))).to.contain('Votre solde est réglé.');
    expect(location.hash).to.equal('');
  });
});
