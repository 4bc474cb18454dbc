import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailFactures } from '../../widget/src/components/factures/portail-factures.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { shadow, text } from './helpers/dom.js';

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
  await waitUntil(() => shadow(el).querySelector('#tax-h'), 'attestations shown', { timeout: 4000 });
  return el;
}

describe('<portail-factures>: Attestations fiscales', () => {
  it('lists the published attestations with their amount and downloads the PDF from the keyboard, and is accessible', async () => {
    const el = await renderFactures();
    const section = shadow(el).querySelector('#tax-h')!.closest('section')!;
    expect([...section.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['Année', 'Enfant', 'Payeur', 'Montant attesté', 'Document']);
    const row = text(section.querySelector('tbody tr'));
    expect(row).to.contain('2026');
    expect(row).to.contain('Hugo Martin');
    expect(row).to.contain('Mme Claire Martin');
    expect(row.replace(/\s/g, ' ')).to.contain('42,50 €');
    const button = section.querySelector('button')!;
    expect(text(button)).to.equal('Télécharger l’attestation 2026 de Hugo Martin (PDF)');
    await expect(el).to.be.accessible();

    button.focus();
    button.click();
    await waitUntil(() => api.calls.some((c) => c.path.endsWith('attestations-fiscales/tax-1/pdf')), 'pdf asked');
  });
});
