import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { alertText, button, fill, hasButton, shadow, statusText, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { StaffBasket, StaffBasketDetail } from '../../widget/src/admin/api/baskets.js';

const MARTIN: StaffBasket = {
  id: 'b1', family: { id: 'f1', number: 'F001', name: 'Famille Martin' }, regie: { code: 'PERI', name: 'Régie périscolaire' },
  status: 'open', lineCount: 2, linesCents: 1640, expiresAt: '2026-09-12T14:30:00Z', updatedAt: '2026-09-10T14:30:00Z', paymentId: null,
};
const PETIT: StaffBasket = { ...MARTIN, id: 'b2', family: { id: 'f2', number: 'F002', name: 'Famille Petit' }, status: 'paying', lineCount: 1, linesCents: 820, expiresAt: '2026-09-13T08:00:00Z', paymentId: 'p1' };
const DETAIL: StaffBasketDetail = {
  ...MARTIN,
  lines: [
    { id: 'l1', child: { id: 'c1', firstName: 'Léa', lastName: 'Martin' }, service: { id: 's1', label: 'Mercredi loisirs' }, date: '2026-09-16', priceCents: 820, bookUntil: null },
    { id: 'l2', child: { id: 'c1', firstName: 'Léa', lastName: 'Martin' }, service: { id: 's1', label: 'Mercredi loisirs' }, date: '2026-09-23', priceCents: 820, bookUntil: null },
  ],
};

class MockBasketsApi {
  calls: { method: string; path: string; body: any }[] = [];
  hours = 48;
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, body });
      const json = (status: number, answer: unknown) => new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
      if (method === 'GET' && path === '/baskets') return json(200, { baskets: [MARTIN, PETIT] });
      if (method === 'GET' && path === '/baskets/b1') return json(200, DETAIL);
      if (method === 'GET' && path === '/basket-settings') return json(200, { expiryHours: this.hours });
      if (method === 'PUT' && path === '/basket-settings') {
        this.hours = body.expiryHours;
        return json(200, { expiryHours: this.hours });
      }
      return json(404, { code: 'introuvable', message: 'Cette adresse n’existe pas.' });
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }
}

let api: MockBasketsApi;
beforeEach(() => {
  api = new MockBasketsApi().install();
});
afterEach(() => api.uninstall());

const rows = (el: Element, index: number) => [...(shadow(el).querySelectorAll('table')[index]?.querySelectorAll('tbody tr') ?? [])].map((r) => text(r));

describe('<portail-admin-baskets>', () => {
  it('lists the baskets waiting for payment with their expiry, opens one, and shows agents the delay without a form', async () => {
    const el = await fixture(html`<portail-admin-baskets></portail-admin-baskets>`);
    await waitUntil(() => rows(el, 0).length === 2, 'baskets shown');
    expect(rows(el, 0)[0]).to.contain('Famille Martin n° F001 Régie périscolaire 2 16,40 € En attente');
    expect(rows(el, 0)[1]).to.contain('Paiement en cours');
    expect(text(shadow(el).querySelector('section'))).to.contain('Un panier non payé se vide 48 h après sa dernière modification.');
    expect(shadow(el).querySelector('form')).to.equal(null);
    const open = button(el, 'Voir le panier');
    expect(open.getAttribute('aria-label')).to.equal('Voir le panier de Famille Martin');
    open.click();
    await waitUntil(() => shadow(el).querySelector('#basket-detail-title'), 'basket shown');
    expect(shadow(el).activeElement?.id).to.equal('basket-detail-title');
    expect(rows(el, 1)).to.have.length(2);
    expect(rows(el, 1)[0]).to.contain('16 septembre 2026 Léa Martin Mercredi loisirs 8,20 €');
    await expect(el).to.be.accessible();
  });

  it('lets admins change the delay, refusing what is not 1 to 720 hours before sending', async () => {
    const el = await fixture(html`<portail-admin-baskets can-edit></portail-admin-baskets>`);
    await waitUntil(() => hasButton(el, 'Enregistrer le délai'), 'form shown');
    await waitUntil(() => (shadow(el).querySelector('#expiryHours') as HTMLInputElement).value === '48', 'delay loaded');
    fill(el, 'Délai avant qu’un panier non payé se vide (en heures)', '1000');
    button(el, 'Enregistrer le délai').click();
    await waitUntil(() => alertText(el) !== '', 'refused');
    expect(text(shadow(el).querySelector('#expiryHours-error'))).to.equal('Indiquez un nombre d’heures entre 1 et 720.');
    expect(api.calls.filter((c) => c.method === 'PUT')).to.have.length(0);
    fill(el, 'Délai avant qu’un panier non payé se vide (en heures)', '24');
    button(el, 'Enregistrer le délai').click();
    await waitUntil(() => statusText(el) !== '', 'saved');
    expect(api.calls.find((c) => c.method === 'PUT')!.body).to.deep.equal({ expiryHours: 24 });
    expect(statusText(el)).to.equal('Délai enregistré : 24 h.');
    await expect(el).to.be.accessible();
  });
});
