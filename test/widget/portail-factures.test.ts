import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailFactures } from '../../widget/src/components/factures/portail-factures.js';
import type { PaymentRedirect, PaymentView } from '../../widget/src/api/factures.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, button, fill, input, shadow, statusText, text, waitForText } from './helpers/dom.js';

/** The real element, except that it records where it sends the browser instead of leaving the test page. */
class TestFactures extends PortailFactures {
  static navigations: PaymentRedirect[] = [];
  protected override pollDelayMs = 20;

  protected override navigate(redirect: PaymentRedirect): void {
    TestFactures.navigations.push(redirect);
    // The POST form is built for real; its submit() is caught by the test.
    if (redirect.method === 'POST') super.navigate(redirect);
  }
}
defineOnce('portail-factures', TestFactures);

const PAYMENT_ID = '0000abcd-1111-4222-8333-444444444444';

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
  TestFactures.navigations = [];
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
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

async function renderFactures(lang = 'fr'): Promise<PortailFactures> {
  signIn();
  const el = await fixture<PortailFactures>(
    html`<portail-factures lang=${lang} api-base=${API_BASE} public-key=${api.key}></portail-factures>`,
  );
  await waitUntil(() => shadow(el).querySelector('#notif-h'), 'invoices shown', { timeout: 4000 });
  return el;
}

function section(el: Element, title: string): HTMLElement {
  const found = [...shadow(el).querySelectorAll('h3')].find((h) => text(h) === title)?.closest('section');
  if (!found) throw new Error(`no section "${title}"`);
  return found;
}

function rowOf(el: Element, number: string): HTMLTableRowElement {
  const row = [...shadow(el).querySelectorAll('tbody tr')].find((r) => text(r.querySelector('th')).startsWith(number));
  if (!row) throw new Error(`no row for ${number}`);
  return row as HTMLTableRowElement;
}

function radio(el: Element, number: string): HTMLInputElement {
  return input(el, `Payer la facture ${number}`);
}

/** The element in a column of the page `width` px wide, as on a phone or in a town page's column; sans-serif as town sites. */
async function renderInColumn(width: number): Promise<{ page: HTMLDivElement; el: PortailFactures }> {
  signIn();
  const page = await fixture<HTMLDivElement>(html`<div style="width: ${width}px; font-family: sans-serif">
    <portail-factures api-base=${API_BASE} public-key=${api.key}></portail-factures>
  </div>`);
  const el = page.querySelector('portail-factures') as PortailFactures;
  await waitUntil(() => shadow(el).querySelector('#notif-h') && shadow(el).querySelector('#cagnotte-h'), 'loaded', { timeout: 4000 });
  return { page, el };
}

/** Visible on screen, not only to screen readers (the visually-hidden pattern leaves a 1 px box). */
const seen = (node: Element) => node.getBoundingClientRect().width > 1 && node.getBoundingClientRect().height > 1;

function currentStep(el: Element): string {
  return text($(el, '.steps [aria-current="step"]'));
}

function stepHeading(el: Element): string {
  return text(shadow(el).querySelector('#step-h'));
}

async function choose(el: Element, number: string): Promise<void> {
  radio(el, number).click();
  button(el, 'Procéder au paiement').click();
  await waitUntil(() => stepHeading(el) === 'Récapitulatif', 'summary shown');
}

/** The return from the provider: the town page opened with the payment's fragment. */
async function returnFromProvider(outcomes: (PaymentView['status'] | 'abandoned')[]): Promise<PortailFactures> {
  api.factures.payments.set(PAYMENT_ID, {
    id: PAYMENT_ID, status: 'pending', amountCents: 4250,
    invoice: { id: 'inv-12', number: '2026-PERI-000012', label: 'Cantine et périscolaire – septembre 2026' },
    paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip', flaggedLate: false,
    abandoned: false, retryAt: '2026-10-12T14:23:00+02:00',
  });
  api.factures.outcomes = outcomes;
  history.replaceState(null, '', `#portail-paiement=${PAYMENT_ID}`);
  return renderFactures();
}

describe('<portail-factures>', () => {
  it('invites a signed-out parent to sign in', async () => {
    const el = await fixture<PortailFactures>(
      html`<portail-factures api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-factures>`,
    );
    expect(text(shadow(el).querySelector('h2'))).to.equal('Mes factures');
    expect(text(shadow(el))).to.contain('Connectez-vous pour consulter et payer vos factures.');
    expect($(el, 'a').getAttribute('href')).to.equal('/connexion');
    expect(api.callsTo('GET', 'factures')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows the balance, the invoices to pay, the paid ones and the statement, and is accessible', async () => {
    const el = await renderFactures();
    const all = text(shadow(el));
    expect(text($(el, '.balance'))).to.equal('Solde de votre compte : 62,54 € à régler');
    expect(all).to.contain('Si une facture déjà réglée (chèque, espèces…) apparaît ici, ne la payez pas en ligne : contactez la mairie.');
    expect([...shadow(el).querySelectorAll('.steps li')].map((li) => text(li))).to.deep.equal([
      'Sélection de la facture',
      'Récapitulatif',
      'Paiement sécurisé',
      'Confirmation',
    ]);
    expect(currentStep(el)).to.equal('Sélection de la facture');

    const september = rowOf(el, '2026-PERI-000012');
    expect(text(september)).to.contain('Référence PayFiP : 2026PERI000012');
    expect(text(september)).to.contain('15 octobre 2026 en retard');
    expect(text(september)).to.contain('Cantine et périscolaire – septembre 2026 Régie périscolaire');
    expect(text(september)).to.contain('42,50 € dont solde antérieur : 4,25 €');
    expect(text(rowOf(el, '2026-PERI-000031'))).to.contain('4,24 €');
    expect(text(rowOf(el, '2026-PERI-000031'))).not.to.contain('en retard');

    const paid = section(el, 'Mes factures déjà payées');
    expect(text(paid.querySelector('caption'))).to.equal('Factures réglées');
    expect(text(rowOf(el, '2026-PERI-000008'))).to.contain('Claire Martin, le 10 juillet 2026 Échéance : 15 juillet 2026 21,00 €');
    expect(text(rowOf(el, '2026-PERI-000008'))).to.contain("Paiement en ligne N° d’autorisation : 3FD812");
    expect(text(rowOf(el, '2026-PERI-000006'))).to.contain('Paul Martin, le 12 juin 2026');
    expect(text(rowOf(el, '2026-PERI-000006'))).to.contain('Chèque');
    expect(text(paid)).not.to.contain('2026-PERI-000003');
    expect(text(rowOf(el, '2026-PERI-000009'))).to.contain('Avoir');
    expect(text(rowOf(el, '2026-PERI-000009'))).to.contain('-5,00 €');

    const statement = section(el, 'Relevé de compte');
    expect([...statement.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['Date', 'Libellé', 'Débit', 'Crédit', 'Solde']);
    const lines = [...statement.querySelectorAll('tbody tr')].map((r) => text(r));
    expect(lines).to.deep.equal([
      '1er septembre 2026 Facture 2026-PERI-000003 – août 2026 4,25 € 4,25 €',
      '1er octobre 2026 Facture 2026-PERI-000012 – septembre 2026 38,25 € 42,50 €',
      '5 octobre 2026 Avoir 2026-PERI-000009 5,00 € 37,50 €',
    ]);
    for (const table of shadow(el).querySelectorAll('table')) {
      expect(text(shadow(el).getElementById(table.getAttribute('aria-labelledby')!))).to.equal(text(table.querySelector('caption')));
    }
    await expect(el).to.be.accessible();
  });

  it('refuses online payment under 1 € and while a payment is in progress, and asks to choose an invoice', async () => {
    const el = await renderFactures();
    const small = radio(el, '2026-CANT-000005');
    expect(small.disabled).to.equal(true);
    expect(text(shadow(el).getElementById(small.getAttribute('aria-describedby')!))).to.equal('Paiement en ligne possible à partir de 1 €');
    const busy = radio(el, '2026-PERI-000040');
    expect(busy.disabled).to.equal(true);
    expect(text(shadow(el).getElementById(busy.getAttribute('aria-describedby')!))).to.equal(
      'Un paiement est en cours pour cette facture. Vous pourrez réessayer à partir de 14 h 35.',
    );
    expect(text(shadow(el))).to.contain('ne permet de payer qu’une facture à la fois');

    small.click();
    button(el, 'Procéder au paiement').click();
    await waitForText(() => text(shadow(el)), 'Choisissez la facture à payer.');
    expect(stepHeading(el)).to.equal('Mes factures à payer');
    expect(shadow(el).activeElement).to.equal(radio(el, '2026-PERI-000012'));
    expect(radio(el, '2026-PERI-000012').getAttribute('aria-invalid')).to.equal('true');
    expect(api.callsTo('POST', 'paiements')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('requires a valid e-mail for the ticket, prefilled with the family e-mail', async () => {
    const el = await renderFactures();
    const email = input(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)');
    expect(email.value).to.equal('parent@example.fr');
    expect(email.type).to.equal('email');
    radio(el, '2026-PERI-000031').click();
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', '');
    button(el, 'Procéder au paiement').click();
    await waitForText(() => text(shadow(el)), 'Saisissez votre e-mail : la banque y envoie le ticket de paiement.');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(text(shadow(el).getElementById(email.getAttribute('aria-describedby')!))).to.contain('Saisissez votre e-mail');
    expect(shadow(el).activeElement).to.equal(email);

    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'claire@exemple');
    button(el, 'Procéder au paiement').click();
    await waitForText(() => text(shadow(el)), 'Cette adresse e-mail n’est pas valide');
    expect(stepHeading(el)).to.equal('Mes factures à payer');
    expect(api.callsTo('POST', 'paiements')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('pays one invoice: summary, POST without any amount, then sends the browser to the provider', async () => {
    const el = await renderFactures();
    fill(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)', 'claire@example.fr');
    await choose(el, '2026-PERI-000012');
    expect(currentStep(el)).to.equal('Récapitulatif');
    expect(shadow(el).activeElement).to.equal($(el, '#step-h'));
    const summary = text(section(el, 'Récapitulatif'));
    expect(summary).to.contain('2026-PERI-000012 Cantine et périscolaire – septembre 2026 / Régie périscolaire 42,50 €');
    expect(summary).to.contain('TOTAL À RÉGLER : 42,50 €');
    expect(summary).to.contain('Le ticket de paiement sera envoyé à claire@example.fr.');
    await expect(el).to.be.accessible();

    button(el, 'Payer en ligne').click();
    await waitUntil(() => TestFactures.navigations.length === 1, 'navigation to the provider');
    const [post] = api.callsTo('POST', 'paiements');
    // The payer comes back to this page, without its fragment.
    expect(post.body).to.deep.equal({ invoiceId: 'inv-12', email: 'claire@example.fr', returnPage: location.href.split('#')[0] });
    expect(post.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    expect(post.authorization).to.match(/^Bearer tok_/);
    expect(TestFactures.navigations[0]).to.deep.equal(api.factures.redirect);
    expect(currentStep(el)).to.equal('Paiement sécurisé');
    expect(text(shadow(el))).to.contain('Redirection vers le site de paiement sécurisé PayFiP (DGFiP)…');
    await expect(el).to.be.accessible();
  });

  it('posts a form of hidden fields from the page when the provider wants a POST', async () => {
    api.factures.redirect = {
      method: 'POST',
      url: 'https://paiement.systempay.fr/vads-payment/',
      fields: { vads_site_id: '12345678', vads_trans_id: '000042', signature: 'c2lnbmF0dXJl' },
    };
    const submitted: HTMLFormElement[] = [];
    const submit = HTMLFormElement.prototype.submit;
    HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
      submitted.push(this);
    };
    try {
      const el = await renderFactures();
      await choose(el, '2026-PERI-000031');
      button(el, 'Payer en ligne').click();
      await waitUntil(() => submitted.length === 1, 'form submitted');
      const form = submitted[0];
      expect(form.parentElement).to.equal(document.body);
      expect(form.method).to.equal('post');
      expect(form.action).to.equal('https://paiement.systempay.fr/vads-payment/');
      expect(Object.fromEntries([...form.querySelectorAll('input')].map((i) => [i.name, i.type === 'hidden' && i.value]))).to.deep.equal({
        vads_site_id: '12345678',
        vads_trans_id: '000042',
        signature: 'c2lnbmF0dXJl',
      });
      expect(api.callsTo('POST', 'paiements')[0].body).to.deep.equal({ invoiceId: 'inv-31', email: 'parent@example.fr', returnPage: location.href.split('#')[0] });
      form.remove();
    } finally {
      HTMLFormElement.prototype.submit = submit;
    }
  });

  it('reuses the Idempotency-Key when the same payment is retried after a network failure', async () => {
    const el = await renderFactures();
    await choose(el, '2026-PERI-000012');
    api.factures.dropAnswers.add('POST paiements');
    button(el, 'Payer en ligne').click();
    await waitForText(() => alertText(el), 'Le service est momentanément injoignable');
    expect(stepHeading(el)).to.equal('Récapitulatif');
    expect(TestFactures.navigations).to.have.length(0);
    button(el, 'Payer en ligne').click();
    await waitUntil(() => TestFactures.navigations.length === 1, 'navigation after the retry');
    const [first, retry] = api.callsTo('POST', 'paiements');
    expect(retry.idempotencyKey).to.equal(first.idempotencyKey);
    expect(api.factures.payments.size).to.equal(1);
  });

  it('goes back to the list with the reason when the invoice cannot be paid any more', async () => {
    const el = await renderFactures();
    await choose(el, '2026-PERI-000031');
    api.factures.data.toPay[1].paymentInProgress = true;
    button(el, 'Payer en ligne').click();
    await waitForText(() => alertText(el), 'Un paiement est déjà en cours pour cette facture.');
    await waitUntil(() => radio(el, '2026-PERI-000031').disabled, 'list reloaded');
    expect(stepHeading(el)).to.equal('Mes factures à payer');
    expect(TestFactures.navigations).to.have.length(0);
  });

  it('cancels from the summary back to the invoices', async () => {
    const el = await renderFactures();
    await choose(el, '2026-PERI-000012');
    button(el, 'Annuler et retourner aux factures').click();
    await waitUntil(() => stepHeading(el) === 'Mes factures à payer');
    expect(shadow(el).activeElement).to.equal($(el, '#step-h'));
    expect(radio(el, '2026-PERI-000012').checked).to.equal(true);
    expect(api.callsTo('POST', 'paiements')).to.have.length(0);
  });

  it('shows the verified result when the parent comes back paid, and removes the fragment', async () => {
    const el = await returnFromProvider(['paid']);
    expect(location.hash).to.equal('');
    await waitUntil(() => stepHeading(el) === 'Paiement accepté', 'paid result');
    expect(currentStep(el)).to.equal('Confirmation');
    const result = text($(el, '[part="result"]'));
    expect($(el, '[part="result"]').getAttribute('role')).to.equal('status');
    expect(result).to.contain('Votre paiement de 42,50 € pour la facture 2026-PERI-000012 a été accepté le 12 octobre 2026.');
    expect(result).to.contain("N° d’autorisation : A1B2C3");
    expect(result).to.contain('Un ticket de paiement a été envoyé à votre adresse e-mail.');
    await waitUntil(() => shadow(el).activeElement === $(el, '#step-h'), 'focus on the result');
    expect(api.callsTo('GET', `paiements/${PAYMENT_ID}`)[0].authorization).to.match(/^Bearer tok_/);
    await waitUntil(() => api.callsTo('GET', 'factures').length === 2, 'invoices read again');
    await expect(el).to.be.accessible();

    button(el, 'Retour à mes factures').click();
    await waitUntil(() => stepHeading(el) === 'Mes factures à payer');
    expect(currentStep(el)).to.equal('Sélection de la facture');
  });

  it('waits while the payment is being verified, then shows it paid', async () => {
    const el = await returnFromProvider(['pending', 'pending', 'paid']);
    await waitUntil(() => stepHeading(el) === 'Paiement en cours de vérification…', 'pending shown');
    expect(statusText(el)).to.contain('Nous vérifions votre paiement auprès de la banque.');
    await waitUntil(() => stepHeading(el) === 'Paiement accepté', 'paid after polling');
    expect(api.callsTo('GET', `paiements/${PAYMENT_ID}`)).to.have.length(3);
  });

  it('stops asking after a while and says where the result will appear', async () => {
    const el = await returnFromProvider(['pending']);
    await waitForText(() => statusText(el), 'Son résultat apparaîtra dans la liste de vos factures');
    expect(api.callsTo('GET', `paiements/${PAYMENT_ID}`)).to.have.length(15);
    expect(stepHeading(el)).to.equal('Paiement en cours de vérification…');
    expect(button(el, 'Retour à mes factures').disabled).to.equal(false);
  });

  it('says clearly when the payment was refused', async () => {
    const el = await returnFromProvider(['refused']);
    await waitUntil(() => stepHeading(el) === 'Paiement refusé', 'refused result');
    expect(alertText(el)).to.contain('La banque a refusé le paiement : aucune somme n’a été prélevée.');
    expect(text(shadow(el))).not.to.contain('Paiement accepté');
    await expect(el).to.be.accessible();
    button(el, 'Retour à mes factures').click();
    await waitUntil(() => stepHeading(el) === 'Mes factures à payer');
    expect(shadow(el).activeElement).to.equal($(el, '#step-h'));
  });

  it('says the payment is being verified by the régie, never paid, when a TIPI result awaits its check', async () => {
    const el = await returnFromProvider(['to_verify']);
    await waitUntil(() => stepHeading(el) === 'Paiement en cours de vérification', 'to_verify result');
    const result = text(shadow(el).querySelector('[part="result"]'));
    expect(result).to.contain('doit encore être vérifié par la régie');
    expect(result).to.contain('La facture reste à régler');
    expect(text(shadow(el))).not.to.contain('Paiement accepté');
    expect(result).not.to.match(/\bpayée?\b/i);
    // No more polling: the régie's check takes longer than a page visit.
    expect(api.callsTo('GET', `paiements/${PAYMENT_ID}`)).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('says when the parent left PayFiP’s page without paying, and that a new payment is possible at once', async () => {
    const el = await returnFromProvider(['abandoned']);
    await waitUntil(() => stepHeading(el) === 'Paiement abandonné', 'abandoned result');
    expect(statusText(el)).to.contain('aucune somme n’a été prélevée');
    expect(statusText(el)).to.contain('Vous pouvez payer à nouveau cette facture dès maintenant.');
    // No more polling: the operation stays open at PayFiP, nothing will change for a while.
    const reads = api.callsTo('GET', `paiements/${PAYMENT_ID}`).length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(api.callsTo('GET', `paiements/${PAYMENT_ID}`).length).to.equal(reads);
    await expect(el).to.be.accessible();
    button(el, 'Retour à mes factures').click();
    await waitUntil(() => stepHeading(el) === 'Mes factures à payer');
  });

  it('downloads an invoice PDF with the session token', async () => {
    const el = await renderFactures();
    const download = [...rowOf(el, '2026-PERI-000012').querySelectorAll('button')][0];
    expect(text(download)).to.equal('Télécharger la facture 2026-PERI-000012 (PDF)');
    download.click();
    await waitUntil(() => api.callsTo('GET', 'factures/inv-12/pdf').length === 1, 'PDF requested');
    expect(api.callsTo('GET', 'factures/inv-12/pdf')[0].authorization).to.match(/^Bearer tok_/);
    await waitUntil(() => !statusText(el).includes('Préparation'));
    [...rowOf(el, '2026-PERI-000008').querySelectorAll('button')].find((b) => text(b).startsWith('Télécharger la facture'))!.click();
    await waitUntil(() => api.callsTo('GET', 'factures/inv-8/pdf').length === 1, 'paid invoice PDF requested');
    expect(alertText(el)).to.equal('');
  });

  it('shows the invoice e-mail notifications read-only, with a link to edit them in the family file', async () => {
    signIn();
    const el = await fixture<PortailFactures>(
      html`<portail-factures api-base=${API_BASE} public-key=${api.key} famille-href="/mon-dossier"></portail-factures>`,
    );
    await waitUntil(() => shadow(el).querySelector('#notif-h'), 'invoices shown', { timeout: 4000 });
    const notif = section(el, 'Être averti par e-mail de la mise en ligne de mes factures');
    expect(text(notif)).to.contain('Vous recevez un e-mail à la mise en ligne de chaque facture.');
    expect([...notif.querySelectorAll('li')].map(text)).to.deep.equal(['parent@example.fr', 'grand-mere@example.fr']);
    expect(notif.querySelector('input, form, button')).to.equal(null);
    const link = notif.querySelector('a')!;
    expect(text(link)).to.equal('Modifier dans mon dossier famille');
    expect(link.getAttribute('href')).to.equal('/mon-dossier');
    await expect(el).to.be.accessible();
    expect(api.callsTo('PUT', 'factures/notifications')).to.have.length(0);
  });

  it('says when the invoice e-mail is off, and where to change it without a family file address', async () => {
    api.factures.data.notifications = { ...api.factures.data.notifications, enabled: false };
    const el = await renderFactures();
    const notif = section(el, 'Être averti par e-mail de la mise en ligne de mes factures');
    expect(text(notif)).to.contain('Vous ne recevez pas d’e-mail à la mise en ligne de vos factures.');
    expect(notif.querySelector('a')).to.equal(null);
    expect(text(notif)).to.contain('Ces choix se modifient dans votre dossier famille.');
  });

  it('offers no payment controls when the town does not take online payments', async () => {
    api.factures.data.onlinePayment = { enabled: false, provider: null, providerLabel: null, minimumCents: 100 };
    const el = await renderFactures();
    expect(shadow(el).querySelector('input[type="radio"]')).to.equal(null);
    expect(shadow(el).querySelector('.steps')).to.equal(null);
    expect(text(shadow(el))).not.to.contain('Procéder au paiement');
    expect(text(shadow(el))).to.contain('Le paiement en ligne n’est pas proposé : réglez vos factures à la mairie');
    expect(text(rowOf(el, '2026-PERI-000012'))).not.to.contain('Référence');
    await expect(el).to.be.accessible();
  });

  it('says so when there is nothing to pay', async () => {
    api.factures.data = { ...api.factures.data, balanceCents: 0, toPay: [], paid: [], statement: [] };
    const el = await renderFactures();
    expect(text($(el, '.balance'))).to.equal('Aucune somme due');
    expect(text(shadow(el))).to.contain("Vous n’avez aucune facture à payer.");
    expect(text(shadow(el))).to.contain('Aucune facture réglée pour le moment.');
    expect(text(shadow(el))).to.contain('Aucune opération sur votre compte.');
    expect(text(shadow(el))).not.to.contain('Si une facture déjà réglée');
    expect(shadow(el).querySelector('.steps')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('lists a carried invoice apart, with the invoice that took its balance, never as paid', async () => {
    const el = await renderFactures();
    const carried = section(el, 'Mes factures reportées');
    expect(text(carried.querySelector('caption'))).to.equal('Factures reportées');
    expect([...carried.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['N° facture', 'Reportée sur', 'Montant reporté', 'Libellé / Régie', 'Facture']);
    const row = rowOf(el, '2026-PERI-000003');
    expect(carried.contains(row)).to.equal(true);
    expect(text(row)).to.contain('Reportée sur la facture n° 2026-PERI-000012');
    expect(text(row)).to.contain('4,25 €');
    expect(text(row)).not.to.contain('Montant réglé');
    expect(text(section(el, 'Mes factures déjà payées'))).not.to.contain('Reportée');
    await expect(el).to.be.accessible();
  });

  it('downloads the attestation of an online payment from the paid invoices, none for a cheque', async () => {
    const el = await renderFactures();
    const online = [...rowOf(el, '2026-PERI-000008').querySelectorAll('button')].find((b) => text(b).startsWith('Attestation de paiement'))!;
    expect(text(online)).to.equal('Attestation de paiement de la facture 2026-PERI-000008 (PDF)');
    expect(text(rowOf(el, '2026-PERI-000006'))).not.to.contain('Attestation');
    online.click();
    await waitUntil(() => api.callsTo('GET', 'paiements/pay-8/attestation.pdf').length === 1, 'attestation requested');
    expect(api.callsTo('GET', 'paiements/pay-8/attestation.pdf')[0].authorization).to.match(/^Bearer tok_/);
    await waitUntil(() => !statusText(el).includes('Préparation'));
    expect(alertText(el)).to.equal('');
  });

  it('offers the attestation on the accepted payment, without the warning about invoices already settled', async () => {
    const el = await returnFromProvider(['paid']);
    await waitUntil(() => stepHeading(el) === 'Paiement accepté', 'paid result');
    expect(text(shadow(el))).not.to.contain('Si une facture déjà réglée');
    button(el, 'Télécharger l’attestation de paiement (PDF)').click();
    await waitUntil(() => api.callsTo('GET', `paiements/${PAYMENT_ID}/attestation.pdf`).length === 1, 'attestation requested');
    await waitUntil(() => !statusText(el).includes('Préparation'));
    expect(alertText(el)).to.equal('');
    await expect(el).to.be.accessible();
    button(el, 'Retour à mes factures').click();
    await waitUntil(() => stepHeading(el) === 'Mes factures à payer');
    expect(text(shadow(el))).to.contain('Si une facture déjà réglée');
  });

  it('gives the exact time a new payment is possible when the bank has not answered', async () => {
    const el = await returnFromProvider(['pending']);
    await waitForText(() => statusText(el), 'Son résultat apparaîtra dans la liste de vos factures');
    // The time the server gives for this attempt, as the invoice list and the 409 say it.
    expect(statusText(el)).to.contain('Si vous avez quitté la page de paiement sans payer, vous pourrez réessayer à partir de 14 h 23.');
  });

  it('goes through the whole payment with the keyboard only', async () => {
    const el = await renderFactures();
    const tabUntil = async (target: Element, max = 12) => {
      for (let i = 0; i < max && shadow(el).activeElement !== target; i++) await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement).to.equal(target);
    };
    const first = radio(el, '2026-PERI-000012');
    first.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(radio(el, '2026-PERI-000031').checked).to.equal(true);
    await sendKeys({ press: 'ArrowUp' });
    expect(first.checked).to.equal(true);
    await tabUntil(input(el, 'Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => stepHeading(el) === 'Récapitulatif', 'summary by keyboard');
    expect(shadow(el).activeElement).to.equal($(el, '#step-h'));
    await sendKeys({ press: 'Tab' });
    expect(text(shadow(el).activeElement)).to.equal('Payer en ligne');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => TestFactures.navigations.length === 1, 'navigation by keyboard');
    expect(api.callsTo('POST', 'paiements')[0].body).to.deep.equal({ invoiceId: 'inv-12', email: 'parent@example.fr', returnPage: location.href.split('#')[0] });
  });

  // 700 px: the main column of the demo town page on a desktop.
  for (const width of [320, 360, 700]) {
    it(`fits a ${width} px wide column: each row is a card, each line named by its column, nothing scrolls sideways`, async () => {
      const { page, el } = await renderInColumn(width);
      expect(page.scrollWidth).to.be.at.most(width);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      expect(shadow(el).querySelector('.scroller, [role="region"]')).to.equal(null);
      const tables = [...shadow(el).querySelectorAll('table')];
      // To pay, paid, statement, the cagnotte's movements and the tax attestations.
      expect(tables).to.have.length(6);
      for (const table of tables) {
        const box = table.closest('section')!;
        expect(table.scrollWidth, text(table.caption)).to.be.at.most(box.clientWidth);
        expect(box.scrollWidth, text(table.caption)).to.be.at.most(box.clientWidth);
        // The header row is still there for screen readers, out of sight.
        const head = [...table.querySelectorAll('thead th')];
        expect(head.map((th) => th.getAttribute('role'))).to.deep.equal(head.map(() => 'columnheader'));
        expect(seen(table.tHead!)).to.equal(false);
        for (const row of table.tBodies[0].rows) {
          expect(row.getAttribute('role')).to.equal('row');
          [...row.cells].forEach((cell, i) => {
            const name = text(head[i]);
            expect(cell.scrollWidth, `${name} of ${text(row.cells[1])}`).to.be.at.most(cell.clientWidth);
            if (cell.classList.contains('choice')) return;
            expect(cell.getAttribute('data-label')).to.equal(name);
            if (cell.classList.contains('empty')) {
              expect(seen(cell), 'an empty amount is no line of the card').to.equal(false);
              return;
            }
            expect(seen(cell), name).to.equal(true);
            expect(getComputedStyle(cell, '::before').content, name).to.contain(`"${name}"`);
          });
        }
      }
      // "À payer": the radio is the first control of each card, with its label shown next to it.
      for (const row of tables[0].tBodies[0].rows) {
        const first = row.querySelector('input, button') as HTMLInputElement;
        expect(first.type).to.equal('radio');
        expect(seen(first.labels![0])).to.equal(true);
        const number = text(row.querySelector('th')).split(' ')[0];
        expect(text(first.labels![0])).to.equal(`Payer la facture ${number}`);
        expect(seen(row.querySelector('button')!)).to.equal(true);
      }
      // The amount stands out from the other lines of the card.
      const amount = rowOf(el, '2026-PERI-000012').querySelector<HTMLElement>('td.amount')!;
      const due = rowOf(el, '2026-PERI-000012').querySelector<HTMLElement>('td:not(.amount):not(.choice)')!;
      expect(getComputedStyle(amount).fontWeight).to.equal('700');
      expect(parseFloat(getComputedStyle(amount).fontSize)).to.be.greaterThan(parseFloat(getComputedStyle(due).fontSize));
      expect(getComputedStyle(amount).backgroundColor).not.to.equal(getComputedStyle(due).backgroundColor);
      await expect(el).to.be.accessible();
    });
  }

  it('keeps real tables in a wide column: header row shown, amounts right-aligned, no sideways scrolling', async () => {
    for (const width of [770, 900, 1200]) {
      const { page, el } = await renderInColumn(width);
      expect(page.scrollWidth, `${width}`).to.be.at.most(width);
      expect(el.scrollWidth, `${width}`).to.be.at.most(el.clientWidth);
      for (const table of shadow(el).querySelectorAll('table')) {
        expect(getComputedStyle(table).display).to.equal('table');
        expect(seen(table.tHead!)).to.equal(true);
        expect(table.getBoundingClientRect().width, `${text(table.caption)} at ${width}px`).to.be.at.most(el.clientWidth);
        for (const cell of table.querySelectorAll('tbody td, tbody th')) {
          expect(getComputedStyle(cell, '::before').content).to.equal('none');
        }
        for (const amount of table.querySelectorAll('td.amount')) expect(getComputedStyle(amount).textAlign).to.equal('end');
      }
      const choice = radio(el, '2026-PERI-000012');
      expect(seen(choice)).to.equal(true);
      expect(seen(choice.labels![0])).to.equal(false);
    }
  });

  it('speaks English when the page says lang="en"', async () => {
    const el = await renderFactures('en');
    await waitUntil(() => text(shadow(el).querySelector('h2')) === 'My invoices', 'English heading', { timeout: 4000 });
    expect(text($(el, '.balance'))).to.contain('€62.54');
  });
});

describe('<portail-factures> wording', () => {
  it('names the régie once when the invoice is already named after it', async () => {
    api.factures.data.toPay[0].label = 'Régie périscolaire – septembre 2026';
    const el = await renderFactures();
    const row = text(rowOf(el, api.factures.data.toPay[0].number));
    expect(row).to.contain('Régie périscolaire – septembre 2026');
    expect(row.split('Régie périscolaire')).to.have.length(2);
  });
});
