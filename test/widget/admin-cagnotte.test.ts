import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { alertText, button, fill, hasButton, shadow, statusText, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { CagnotteBalance, FamilyCagnotte } from '../../widget/src/admin/api/cagnotte.js';

const BALANCES: CagnotteBalance[] = [
  { family: { id: 'f1', number: 'F001', name: 'Famille Martin' }, regie: { id: 'reg-1', code: 'PERI', name: 'Régie périscolaire' }, balanceCents: 2400, lastMovementAt: '2026-09-10T16:00:00Z' },
];

const MARTIN: FamilyCagnotte = {
  family: { id: 'f1', number: 'F001', name: 'Famille Martin' },
  balanceCents: 2400,
  accounts: [
    {
      regie: { id: 'reg-1', code: 'PERI', name: 'Régie périscolaire' },
      balanceCents: 2400,
      movements: [
        {
          id: 'm1', at: '2026-09-10T16:00:00Z', kind: 'cancellation', label: 'Annulation du mercredi 16 septembre 2026 – Mercredi – Léa', amountCents: 1200, balanceCents: 1200,
          regie: { code: 'PERI', name: 'Régie périscolaire' }, day: { date: '2026-09-16', serviceLabel: 'Mercredi', childName: 'Léa' }, basketId: 'b1', note: null, flagged: false, staffName: null,
        },
        {
          id: 'm2', at: '2026-09-11T09:00:00Z', kind: 'late_payment', label: 'Paiement arrivé après l’expiration du panier', amountCents: 1200, balanceCents: 2400,
          regie: { code: 'PERI', name: 'Régie périscolaire' }, day: null, basketId: 'b2', note: null, flagged: true, staffName: null,
        },
      ],
    },
  ],
};

class MockCagnotteApi {
  calls: { method: string; path: string; body: any }[] = [];
  family: FamilyCagnotte = structuredClone(MARTIN);
  /** The next POST answers this error instead. */
  refuse: { status: number; body: unknown } | null = null;
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, body });
      const json = (status: number, answer: unknown) => new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
      if (method === 'GET' && path === '/cagnotte/balances') return json(200, this.family.balanceCents ? [{ ...BALANCES[0], balanceCents: this.family.balanceCents }] : []);
      if (method === 'GET' && path === '/families/f1/cagnotte') return json(200, this.family);
      if (method === 'POST' && path === '/families/f1/cagnotte') {
        if (this.refuse) {
          const refused = this.refuse;
          this.refuse = null;
          return json(refused.status, refused.body);
        }
        const amount = body.kind === 'refund' ? -body.amountCents : body.amountCents;
        const account = this.family.accounts[0];
        account.balanceCents += amount;
        this.family.balanceCents += amount;
        account.movements.push({
          id: `m${account.movements.length + 1}`, at: '2026-09-12T08:00:00Z', kind: body.kind, label: body.kind === 'refund' ? 'Remboursement par la régie' : 'Régularisation',
          amountCents: amount, balanceCents: account.balanceCents, regie: { code: 'PERI', name: 'Régie périscolaire' }, day: null, basketId: null, note: body.note, flagged: false, staffName: 'Claire Martin',
        });
        return json(201, this.family);
      }
      return json(404, { code: 'introuvable', message: 'Cette adresse n’existe pas.' });
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }
}

let api: MockCagnotteApi;
beforeEach(() => {
  api = new MockCagnotteApi().install();
});
afterEach(() => api.uninstall());

const rowTexts = (el: Element, caption: string) => {
  const table = [...shadow(el).querySelectorAll('table')].find((t) => text(t.caption).startsWith(caption));
  return [...(table?.querySelectorAll('tbody tr') ?? [])].map((r) => text(r));
};

async function openMartin(el: Element) {
  await waitUntil(() => hasButton(el, 'Voir les mouvements'), 'balances shown');
  const open = button(el, 'Voir les mouvements');
  expect(open.getAttribute('aria-label')).to.equal('Voir les mouvements de Famille Martin');
  open.click();
  await waitUntil(() => shadow(el).querySelector('#cagnotte-family-title'), 'movements shown');
}

describe('<portail-admin-cagnotte>', () => {
  it('lists the balances and a family’s movements, with what the régie must look at, for agents without the form', async () => {
    const el = await fixture(html`<portail-admin-cagnotte></portail-admin-cagnotte>`);
    await waitUntil(() => rowTexts(el, 'Cagnottes non vides').length === 1, 'balances shown');
    expect(rowTexts(el, 'Cagnottes non vides')[0]).to.contain('Famille Martin n° F001 Régie périscolaire 24,00 €');
    await openMartin(el);
    expect(shadow(el).activeElement?.id).to.equal('cagnotte-family-title');
    expect(text(shadow(el).querySelector('#cagnotte-family-title'))).to.equal('Cagnotte de Famille Martin (n° F001) : 24,00 €');
    const movements = rowTexts(el, 'Régie périscolaire');
    expect(movements[0]).to.contain('Annulation du mercredi 16 septembre 2026 – Mercredi – Léa 12,00 € 12,00 € Famille / portail');
    expect(movements[1]).to.contain('À régulariser');
    expect(shadow(el).querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('refunds with a required note, keyboard only, and shows the new balance', async () => {
    const el = await fixture(html`<portail-admin-cagnotte can-edit></portail-admin-cagnotte>`);
    await openMartin(el);
    button(el, 'Enregistrer').click();
    await waitUntil(() => alertText(el) !== '', 'errors shown');
    expect(text(shadow(el).querySelector('#cagnotte-amount-error'))).to.equal('Indiquez un montant en euros, par exemple 12,50.');
    expect(text(shadow(el).querySelector('#cagnotte-note-error'))).to.equal('Indiquez la raison de cette opération.');
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    await expect(el).to.be.accessible();

    const refund = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="cagnotte-kind"]')][2];
    refund.focus();
    await sendKeys({ press: 'Space' });
    expect(refund.checked).to.equal(true);
    fill(el, 'Montant (€)', '20');
    const note = shadow(el).querySelector<HTMLTextAreaElement>('#cagnotte-note')!;
    note.focus();
    await sendKeys({ type: 'Virement du 20 septembre' });
    const submit = button(el, 'Enregistrer');
    submit.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => statusText(el) !== '', 'saved');
    expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ regieId: 'reg-1', kind: 'refund', amountCents: 2000, note: 'Virement du 20 septembre' });
    expect(statusText(el)).to.equal('Remboursement de 20,00 € enregistré pour Famille Martin.');
    expect(text(shadow(el).querySelector('#cagnotte-family-title'))).to.equal('Cagnotte de Famille Martin (n° F001) : 4,00 €');
    expect(rowTexts(el, 'Régie périscolaire').at(-1)).to.contain('Remboursement par la régie Virement du 20 septembre -20,00 € 4,00 € Claire Martin');
    await waitUntil(() => rowTexts(el, 'Cagnottes non vides')[0]?.includes('4,00 €'), 'balances reloaded');
  });

  it('takes credit back with a negative adjustment and shows the server’s refusal next to the amount', async () => {
    const el = await fixture(html`<portail-admin-cagnotte can-edit></portail-admin-cagnotte>`);
    await openMartin(el);
    [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="cagnotte-kind"]')][1].click();
    fill(el, 'Montant (€)', '30');
    const note = shadow(el).querySelector<HTMLTextAreaElement>('#cagnotte-note')!;
    note.value = 'Crédit accordé deux fois';
    note.dispatchEvent(new Event('input'));
    api.refuse = { status: 422, body: { code: 'cagnotte_insuffisante', message: 'La cagnotte ne peut pas devenir négative : elle est de 24,00 € dans cette régie.', fields: { amountCents: 'Au plus 24,00 € à retirer.' } } };
    button(el, 'Enregistrer').click();
    await waitUntil(() => alertText(el) !== '', 'refused');
    expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ regieId: 'reg-1', kind: 'adjustment', amountCents: -3000, note: 'Crédit accordé deux fois' });
    expect(alertText(el)).to.contain('La cagnotte ne peut pas devenir négative');
    expect(text(shadow(el).querySelector('#cagnotte-amount-error'))).to.equal('Au plus 24,00 € à retirer.');
    expect(shadow(el).activeElement?.id).to.equal('cagnotte-amount');
    await expect(el).to.be.accessible();
  });
});
