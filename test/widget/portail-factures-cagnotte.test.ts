import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailFactures } from '../../widget/src/components/factures/portail-factures.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { alertText, shadow, text } from './helpers/dom.js';

defineOnce('portail-factures', PortailFactures);

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

async function renderFactures(): Promise<PortailFactures> {
  const session = api.issueSession();
  sessionStorage.setItem(
    `portail-famille:session:${api.key}`,
    JSON.stringify({ token: session.token, family: session.family, idleExpiresAt: Date.parse(session.idleExpiresAt), expiresAt: Date.parse(session.expiresAt) }),
  );
  const el = await fixture<PortailFactures>(html`<portail-factures api-base=${API_BASE} public-key=${api.key}></portail-factures>`);
  await waitUntil(() => shadow(el).querySelector('#cagnotte-h'), 'cagnotte shown', { timeout: 4000 });
  return el;
}

const section = (el: Element) => shadow(el).querySelector('#cagnotte-h')!.closest('section')!;

describe('<portail-factures>: Règlements & régularisations', () => {
  it('shows the cagnotte, where each credit comes from and which basket used it, and is accessible', async () => {
    const el = await renderFactures();
    const cagnotte = section(el);
    expect(text(cagnotte.querySelector('.balance'))).to.equal('Votre cagnotte : 1,50 €, déduits automatiquement de vos prochaines réservations.');
    expect([...cagnotte.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['Date', 'Opération', 'Crédit', 'Utilisation', 'Cagnotte']);
    expect([...cagnotte.querySelectorAll('tbody tr')].map((r) => text(r))).to.deep.equal([
      '10 septembre 2026 Annulation du mercredi 16 septembre 2026 – Mercredi – Léa 12,00 € 12,00 €',
      '12 septembre 2026 Utilisée pour le panier payé le 12 septembre 2026 10,50 € 1,50 €',
    ]);
    expect(text(cagnotte.querySelector('caption'))).to.equal('Mouvements de votre cagnotte');
    await expect(el).to.be.accessible();
  });

  it('shows each régie’s cagnotte apart, with the town hall’s note on a refund', async () => {
    api.factures.cagnotte = {
      balanceCents: 500,
      accounts: [
        { ...api.factures.cagnotte.accounts[0], balanceCents: 150 },
        {
          regie: { id: 'reg-2', code: 'CANT', name: 'Régie cantine' },
          balanceCents: 350,
          movements: [
            { id: 'mv-3', at: '2026-09-20T10:00:00+02:00', kind: 'cancellation', amountCents: 850, balanceCents: 850, basketId: null, note: null, regie: { code: 'CANT', name: 'Régie cantine' }, label: 'Absence du lundi 21 septembre 2026 – Cantine – Hugo', day: { date: '2026-09-21', serviceLabel: 'Cantine', childName: 'Hugo' } },
            { id: 'mv-4', at: '2026-09-25T10:00:00+02:00', kind: 'refund', amountCents: -500, balanceCents: 350, basketId: null, note: 'Virement du 25 septembre', regie: { code: 'CANT', name: 'Régie cantine' }, label: 'Remboursement', day: null },
          ],
        },
      ],
    };
    const el = await renderFactures();
    const cagnotte = section(el);
    expect(text(cagnotte.querySelector('.balance'))).to.contain('5,00 €');
    expect([...cagnotte.querySelectorAll('caption')].map((c) => text(c))).to.deep.equal([
      'Mouvements de votre cagnotte – Régie périscolaire',
      'Mouvements de votre cagnotte – Régie cantine',
    ]);
    expect(text(cagnotte)).to.contain('Régie cantine : 3,50 €');
    expect(text(cagnotte)).to.contain('Remboursement Virement du 25 septembre 5,00 € 3,50 €');
    await expect(el).to.be.accessible();
  });

  it('says the cagnotte is empty and how it fills up when nothing moved', async () => {
    api.factures.cagnotte = { balanceCents: 0, accounts: [] };
    const el = await renderFactures();
    expect(text(section(el))).to.equal(
      'Règlements & régularisations Votre cagnotte est vide. Une réservation payée puis annulée dans les délais crédite votre cagnotte.',
    );
    expect(alertText(el)).to.equal('');
  });
});
