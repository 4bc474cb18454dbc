import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { alertText, button, fill, hasButton, input, shadow, statusText, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { PortailAdmin } from '../../widget/src/admin/shell/portail-admin.js';
import type { InvoicingRun, Regie, StaffInvoice, TariffedService } from '../../widget/src/admin/api/billing.js';
import type { PaymentSettings, RejectedProviderEvent, StaffPayment } from '../../widget/src/admin/api/payments.js';
import { parisToday } from '../../widget/src/base/dates.js';

const REGIE: Regie = {
  id: 'reg-1',
  code: 'PERI',
  name: 'Régie périscolaire',
  payfipNumcli: '090909',
  dueDays: 30,
  paymentInstructions: 'Mairie, 1 place de la République. Chèque à l’ordre du Trésor public.',
  active: true,
  codeLocked: true,
};

const CANTINE: TariffedService = {
  id: 'svc-1',
  label: 'Cantine',
  groupLabel: 'Périscolaire',
  active: true,
  priceCents: 415,
  regieId: null,
  regie: { id: 'reg-1', code: 'PERI', name: 'Régie périscolaire', isDefault: true },
  tariff: { basePriceCents: 415, brackets: [], rankDiscounts: [] },
  lateCancellationBilled: false,
  waitlistedBilled: false,
  childcareTaxCredit: false,
};

const RUN_SUMMARY: InvoicingRun = {
  id: 'run-1',
  regieId: 'reg-1',
  regie: { code: 'PERI', name: 'Régie périscolaire' },
  label: 'Régie périscolaire – août 2026',
  periodStart: '2026-08-01',
  periodEnd: '2026-08-31',
  state: 'preview',
  issueDate: '2026-09-07',
  dueDate: '2026-10-07',
  invoiceCount: 2,
  totalCents: 12055,
  createdAt: '2026-09-07T08:00:00Z',
  publishedAt: null,
};

const RUN: InvoicingRun = {
  ...RUN_SUMMARY,
  invoices: [
    {
      id: 'inv-1',
      number: null,
      family: { number: 'F001', name: 'Famille Martin' },
      linesCents: 7055,
      previousBalanceCents: 0,
      totalCents: 7055,
      lines: [{ label: 'Cantine – Léa', quantity: 17, unitCents: 415, totalCents: 7055 }],
    },
    {
      id: 'inv-2',
      number: null,
      family: { number: 'F002', name: 'Famille Durand' },
      linesCents: 3000,
      previousBalanceCents: 2000,
      totalCents: 5000,
      lines: [{ label: 'Accueil du soir – Inès', quantity: 12, unitCents: 250, totalCents: 3000 }],
    },
  ],
};

const INVOICE: StaffInvoice = {
  id: 'inv-9',
  kind: 'invoice',
  number: '2026-PERI-000012',
  label: 'Régie périscolaire – juillet 2026',
  family: { id: 'f1', number: 'F001', name: 'Famille Martin' },
  regie: { code: 'PERI', name: 'Régie périscolaire' },
  issueDate: '2026-08-03',
  dueDate: '2026-09-02',
  totalCents: 7055,
  paidCents: 0,
  remainingCents: 7055,
  status: 'unpaid',
};

const SETTINGS: PaymentSettings = {
  provider: 'systempay',
  environment: 'test',
  returnUrl: 'https://www.ville-demo.fr/factures.html',
  config: { siteId: '12345678', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' },
  secretSet: true,
  notificationUrl: 'https://portail.example/v1/paiement/t1/systempay/notification',
  sandboxAvailable: false,
  updatedAt: '2026-09-01T08:00:00Z',
};

const PAYMENTS: StaffPayment[] = [
  {
    id: 'pay-1',
    createdAt: '2026-09-05T10:00:00Z',
    paidAt: '2026-09-05T10:02:00Z',
    family: { number: 'F001', name: 'Famille Martin' },
    invoice: { id: 'inv-9', number: '2026-PERI-000012' },
    label: 'Facture n° 2026-PERI-000012',
    method: 'online',
    provider: 'paybox',
    amountCents: 7055,
    status: 'paid',
    authorisationNumber: 'XXXXXX',
    flaggedLate: true,
    heldUntil: null,
    releasedAt: null,
    events: [
      { at: '2026-09-05T10:01:00Z', source: 'notification', outcome: 'rejected', reason: 'signature invalide' },
      { at: '2026-09-05T10:02:00Z', source: 'notification', outcome: 'late', reason: null },
    ],
  },
  {
    id: 'pay-2',
    createdAt: '2026-09-04T09:00:00Z',
    paidAt: '2026-09-04T10:00:00Z',
    family: { number: 'F002', name: 'Famille Durand' },
    invoice: { id: 'inv-8', number: '2026-PERI-000011' },
    label: 'Facture n° 2026-PERI-000011',
    method: 'cheque',
    provider: null,
    amountCents: 1250,
    status: 'paid',
    authorisationNumber: null,
    flaggedLate: false,
    heldUntil: null,
    releasedAt: null,
    events: [],
  },
];

/** A TIPI result nothing authenticated: the régie checks it, an admin confirms or rejects it. */
const TO_VERIFY: StaffPayment = {
  id: 'pay-3',
  createdAt: '2026-09-06T10:00:00Z',
  paidAt: null,
  family: { number: 'F003', name: 'Famille Petit' },
  invoice: { id: 'inv-7', number: '2026-PERI-000010' },
  label: 'Facture n° 2026-PERI-000010',
  method: 'online',
  provider: 'tipi',
  amountCents: 2500,
  status: 'to_verify',
  authorisationNumber: 'A12345',
  flaggedLate: false,
  heldUntil: null,
  releasedAt: null,
  events: [{ at: '2026-09-06T10:05:00Z', source: 'notification', outcome: 'applied', reason: 'Résultat TIPI non signé : paiement à vérifier par la régie.' }],
};

/** A Systempay attempt whose payer closed the page: no answer, the invoice is held until 12 h 20 in Paris. */
const HELD: StaffPayment = {
  id: 'pay-4',
  createdAt: '2026-09-08T10:00:00Z',
  paidAt: null,
  family: { number: 'F004', name: 'Famille Roux' },
  invoice: { id: 'inv-6', number: '2026-PERI-000014' },
  label: 'Facture n° 2026-PERI-000014',
  method: 'online',
  provider: 'systempay',
  amountCents: 4150,
  status: 'pending',
  authorisationNumber: null,
  flaggedLate: false,
  heldUntil: '2026-09-08T10:20:00Z',
  releasedAt: null,
  events: [{ at: '2026-09-08T10:00:00Z', source: 'start', outcome: 'pending', reason: null }],
};

const REJECTED: RejectedProviderEvent[] = [
  {
    id: 'ev-2',
    at: '2026-09-07T08:03:00Z',
    provider: 'tipi',
    source: 'return',
    reason: 'Montant différent de celui du paiement.',
    summary: { refdet: '2026PERI000012', montant: '100' },
    payment: { id: 'pay-1', invoiceNumber: '2026-PERI-000012', familyName: 'Famille Martin' },
  },
  {
    id: 'ev-1',
    at: '2026-09-07T08:01:00Z',
    provider: 'systempay',
    source: 'notification',
    reason: 'Signature invalide.',
    summary: {},
    payment: null,
  },
];

type Answer = { status: number; body: unknown };

/** The staff billing API as the server answers it, behind a replaced window.fetch. */
class MockBillingApi {
  calls: { method: string; path: string; search: string; body: any }[] = [];
  role: 'admin' | 'agent' = 'admin';
  regies: Regie[] = [REGIE];
  services: TariffedService[] = [CANTINE];
  runs: InvoicingRun[] = [];
  settings: PaymentSettings = { ...SETTINGS };
  rejected: RejectedProviderEvent[] = [];
  toVerify: StaffPayment[] = [TO_VERIFY];
  held: StaffPayment[] = [HELD];
  /** Answers to give once, before the normal one, keyed by "METHOD /path". */
  next = new Map<string, Answer>();
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body });
      const key = `${method} ${path}`;
      const forced = this.next.get(key);
      if (forced) {
        this.next.delete(key);
        return this.json(forced.status, forced.body);
      }
      return this.answer(key, url.searchParams, body);
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }

  sent(method: string, path: string) {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  private json(status: number, body: unknown) {
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }

  private answer(key: string, params: URLSearchParams, body: any): Response {
    switch (key) {
      case 'GET /session':
        return this.json(200, {
          staff: { id: 's1', email: 'regie@mairie.fr', displayName: 'Claire Martin', role: this.role },
          tenant: { name: 'Ville de Démo' },
          idleExpiresAt: '2026-09-07T08:30:00Z',
          expiresAt: '2026-09-07T20:00:00Z',
        });
      case 'GET /regies':
        return this.json(200, this.regies);
      case 'POST /regies': {
        const created = { ...body, id: 'reg-2', active: true, codeLocked: false };
        this.regies = [...this.regies, created];
        return this.json(201, created);
      }
      case 'GET /tariffs':
        return this.json(200, this.services);
      case 'PATCH /services/svc-1/tariff': {
        const saved = { ...CANTINE, regieId: body.regieId, priceCents: body.basePriceCents, tariff: { basePriceCents: body.basePriceCents, brackets: body.brackets, rankDiscounts: body.rankDiscounts }, lateCancellationBilled: body.lateCancellationBilled, waitlistedBilled: body.waitlistedBilled };
        this.services = [saved];
        return this.json(200, saved);
      }
      case 'GET /invoicing/runs':
        return this.json(200, this.runs);
      case 'POST /invoicing/runs':
        this.runs = [RUN_SUMMARY];
        return this.json(201, RUN_SUMMARY);
      case 'GET /invoicing/runs/run-1':
        return this.json(200, { ...RUN, ...this.runs[0] });
      case 'POST /invoicing/runs/run-1/publish': {
        const published = { ...RUN_SUMMARY, state: 'published' as const, publishedAt: '2026-09-07T08:05:00Z' };
        this.runs = [published];
        return this.json(200, published);
      }
      case 'DELETE /invoicing/runs/run-1': {
        const discarded = { ...RUN_SUMMARY, state: 'discarded' as const };
        this.runs = [discarded];
        return this.json(200, discarded);
      }
      case 'GET /invoices':
        return this.json(200, params.get('status') === 'cancelled' ? [] : [INVOICE]);
      case 'POST /invoices/inv-9/payments':
        return this.json(201, { id: 'pay-3', status: 'paid', amountCents: body.amountCents });
      case 'POST /invoices/inv-9/credit-note':
        return this.json(201, { ...INVOICE, id: 'cn-1', kind: 'credit_note', number: '2026-PERI-000013' });
      case 'GET /payment-settings':
        return this.json(200, this.settings);
      case 'PUT /payment-settings':
        this.settings = { ...this.settings, provider: body.provider, environment: body.environment, returnUrl: body.returnUrl, config: body.config, secretSet: this.settings.secretSet || !!body.secret };
        return this.json(200, this.settings);
      case 'GET /payments': {
        const flagged = params.get('flagged') === 'true';
        if (params.get('status') === 'to_verify') return this.json(200, { payments: this.toVerify });
        if (params.get('status') === 'pending') return this.json(200, { payments: this.held });
        return this.json(200, { payments: PAYMENTS.filter((p) => !flagged || p.flaggedLate) });
      }
      case 'POST /payments/pay-4/unlock':
        this.held = [{ ...HELD, heldUntil: null, releasedAt: '2026-09-08T10:05:00Z' }];
        return this.json(200, { id: 'pay-4', status: 'pending', releasedAt: '2026-09-08T10:05:00Z' });
      case 'POST /payments/pay-3/confirm':
      case 'POST /payments/pay-3/reject':
        this.toVerify = [];
        return this.json(200, { id: 'pay-3', status: key.endsWith('confirm') ? 'paid' : 'refused' });
      case 'GET /payment-events/rejected':
        return this.json(200, { events: this.rejected });
      default:
        return this.json(404, { code: 'introuvable', message: 'Cette adresse n’existe pas.' });
    }
  }
}

let api: MockBillingApi;
beforeEach(() => {
  api = new MockBillingApi().install();
});
afterEach(() => api.uninstall());

const rows = (el: Element, selector = 'tbody tr:not([hidden])') => [...shadow(el).querySelectorAll(selector)];
const byId = <T extends HTMLElement = HTMLInputElement>(el: Element, id: string) => shadow(el).getElementById(id) as T;
const type = (el: Element, id: string, value: string) => {
  const field = byId(el, id);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};
const choose = (el: Element, id: string, value: string) => {
  const select = byId<HTMLSelectElement>(el, id);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
};
/** Presses Tab until the button of that name has the focus: it is reachable with the keyboard. */
async function tabTo(el: Element, name: string, max = 15) {
  for (let i = 0; i < max; i += 1) {
    await sendKeys({ press: 'Tab' });
    if (text(shadow(el).activeElement) === name) return;
  }
  throw new Error(`"${name}" not reached with Tab`);
}
const tableCaptioned = (el: Element, caption: string) => [...shadow(el).querySelectorAll('table')].find((t) => text(t.querySelector(':scope > caption')) === caption)!;
const describedText = (el: Element, field: HTMLElement) =>
  (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => text(shadow(el).getElementById(id))).join(' ');

describe('<portail-admin-regies>', () => {
  it('creates a régie with the body the API expects, and shows a code already taken next to the field', async () => {
    api.next.set('POST /regies', { status: 409, body: { code: 'code_existant', message: 'Ce code est déjà utilisé par une autre régie.', fields: { code: 'Ce code est déjà utilisé par une autre régie.' } } });
    const el = await fixture(html`<portail-admin-regies can-edit></portail-admin-regies>`);
    await waitUntil(() => rows(el).length === 1, 'régies loaded');
    expect(text(rows(el)[0])).to.contain('Régie périscolaire');
    expect(text(rows(el)[0])).to.contain('090909');
    await expect(el).to.be.accessible();

    button(el, 'Nouvelle régie').click();
    await waitUntil(() => byId(el, 'regie-code'), 'form shown');
    expect(shadow(el).activeElement).to.equal(byId(el, 'regie-code'));
    fill(el, 'Code', 'rest');
    fill(el, 'Nom', 'Régie restauration');
    fill(el, 'Numéro client PayFiP/TIPI', '123456');
    fill(el, 'Délai de paiement (jours)', '15');
    type(el, 'regie-instructions', 'Guichet de la mairie, du lundi au vendredi.');
    await expect(el).to.be.accessible();
    button(el, 'Enregistrer la régie').click();

    await waitUntil(() => byId(el, 'regie-code').getAttribute('aria-invalid') === 'true', 'field error shown');
    const code = byId(el, 'regie-code');
    expect(describedText(el, code)).to.contain('Ce code est déjà utilisé par une autre régie.');
    expect(alertText(el)).to.contain('Ce code est déjà utilisé par une autre régie.');
    expect(shadow(el).activeElement).to.equal(code);
    await expect(el).to.be.accessible();

    fill(el, 'Code', 'REST');
    button(el, 'Enregistrer la régie').click();
    await waitUntil(() => statusText(el).includes('Régie « Régie restauration » enregistrée.'), 'saved');
    expect(api.sent('POST', '/regies').map((c) => c.body)).to.deep.equal([
      { code: 'REST', name: 'Régie restauration', payfipNumcli: '123456', dueDays: 15, paymentInstructions: 'Guichet de la mairie, du lundi au vendredi.' },
      { code: 'REST', name: 'Régie restauration', payfipNumcli: '123456', dueDays: 15, paymentInstructions: 'Guichet de la mairie, du lundi au vendredi.' },
    ]);
    expect(rows(el)).to.have.length(2);
  });

  it('refuses a client number that is not 6 digits without sending anything, and keeps a used code fixed', async () => {
    const el = await fixture(html`<portail-admin-regies can-edit></portail-admin-regies>`);
    await waitUntil(() => rows(el).length === 1);
    button(el, 'Nouvelle régie').click();
    await waitUntil(() => byId(el, 'regie-code'));
    fill(el, 'Code', 'CANT');
    fill(el, 'Nom', 'Cantine');
    fill(el, 'Numéro client PayFiP/TIPI', '12345');
    button(el, 'Enregistrer la régie').click();
    await waitUntil(() => byId(el, 'regie-numcli-error'), 'local error');
    expect(text(byId(el, 'regie-numcli-error'))).to.equal('Le numéro client PayFiP/TIPI compte exactement 6 chiffres.');
    expect(shadow(el).activeElement).to.equal(byId(el, 'regie-numcli'));
    expect(api.sent('POST', '/regies')).to.have.length(0);

    button(el, 'Annuler').click();
    await waitUntil(() => hasButton(el, 'Modifier'));
    (shadow(el).querySelector('button[aria-label="Modifier la régie Régie périscolaire"]') as HTMLButtonElement).click();
    await waitUntil(() => byId(el, 'regie-code'));
    expect(byId(el, 'regie-code').disabled).to.equal(true);
    fill(el, 'Délai de paiement (jours)', '45');
    button(el, 'Enregistrer la régie').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'PATCH'));
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).to.not.have.property('code');
  });

  it('is read-only for an agent', async () => {
    const el = await fixture(html`<portail-admin-regies></portail-admin-regies>`);
    await waitUntil(() => rows(el).length === 1);
    expect(hasButton(el, 'Nouvelle régie')).to.equal(false);
    expect(hasButton(el, 'Modifier')).to.equal(false);
  });
});

describe('<portail-admin-tariffs>', () => {
  it('sends quotient-familial brackets and rank discounts typed in euros as cents', async () => {
    const el = await fixture(html`<portail-admin-tariffs can-edit></portail-admin-tariffs>`);
    await waitUntil(() => rows(el).length === 1, 'tariffs loaded');
    expect(text(rows(el)[0])).to.contain('4,15 €');
    expect(text(rows(el)[0])).to.contain('Prix unique');
    (shadow(el).querySelector('button[aria-label="Modifier le tarif de Cantine"]') as HTMLButtonElement).click();
    await waitUntil(() => byId(el, 'tariff-price'), 'form shown');
    expect(byId(el, 'tariff-price').value).to.equal('4,15');
    await expect(el).to.be.accessible();

    button(el, 'Ajouter une tranche').click();
    await waitUntil(() => byId(el, 'bracket-max-0'));
    expect(shadow(el).activeElement).to.equal(byId(el, 'bracket-max-0'));
    fill(el, 'Plafond QF de la tranche 1', '600');
    fill(el, 'Prix de la tranche 1 (€)', '2,10');
    button(el, 'Ajouter une tranche').click();
    await waitUntil(() => byId(el, 'bracket-max-1'));
    fill(el, 'Prix de la tranche 2 (€)', '4,5');
    button(el, 'Ajouter une réduction').click();
    await waitUntil(() => byId(el, 'discount-rank-0'));
    fill(el, 'À partir du rang (réduction 1)', '3');
    fill(el, 'Réduction 1 (%)', '10');
    const late = [...shadow(el).querySelectorAll('label.check')].find((l) => text(l) === 'Facturer les annulations tardives')!.querySelector('input')!;
    late.click();
    await expect(el).to.be.accessible();

    button(el, 'Enregistrer le tarif').click();
    await waitUntil(() => statusText(el).includes('Tarif de « Cantine » enregistré.'), 'saved');
    expect(api.sent('PATCH', '/services/svc-1/tariff')[0].body).to.deep.equal({
      regieId: 'reg-1',
      basePriceCents: 415,
      brackets: [
        { maxQuotient: 600, priceCents: 210 },
        { maxQuotient: null, priceCents: 450 },
      ],
      rankDiscounts: [{ fromRank: 3, percent: 10 }],
      lateCancellationBilled: true,
      waitlistedBilled: false,
      childcareTaxCredit: false,
    });
    const row = text(rows(el)[0]);
    expect(row).to.contain('QF jusqu’à 600 : 2,10 € ; sans plafond : 4,50 €');
    expect(row).to.contain('à partir du 3e enfant : −10 %');
    expect(row).to.contain('annulations tardives');
  });

  it('checks amounts locally and puts a refusal of the server next to the bracket it names', async () => {
    const el = await fixture(html`<portail-admin-tariffs can-edit></portail-admin-tariffs>`);
    await waitUntil(() => rows(el).length === 1);
    (shadow(el).querySelector('button[aria-label="Modifier le tarif de Cantine"]') as HTMLButtonElement).click();
    await waitUntil(() => byId(el, 'tariff-price'));
    button(el, 'Ajouter une tranche').click();
    await waitUntil(() => byId(el, 'bracket-max-0'));
    fill(el, 'Prix de la tranche 1 (€)', '2,105');
    button(el, 'Enregistrer le tarif').click();
    await waitUntil(() => byId(el, 'bracket-price-0-error'));
    expect(text(byId(el, 'bracket-price-0-error'))).to.equal('Indiquez un prix en euros, par exemple 2,10.');
    expect(api.sent('PATCH', '/services/svc-1/tariff')).to.have.length(0);

    api.next.set('PATCH /services/svc-1/tariff', {
      status: 422,
      body: { code: 'validation', message: 'Ce tarif n’est pas valide.', fields: { 'brackets.0.priceCents': 'Le prix de la tranche est trop grand.' } },
    });
    fill(el, 'Prix de la tranche 1 (€)', '99999');
    button(el, 'Enregistrer le tarif').click();
    await waitUntil(() => alertText(el).includes('Ce tarif n’est pas valide.'), 'server refusal');
    const price = byId(el, 'bracket-price-0');
    expect(price.getAttribute('aria-invalid')).to.equal('true');
    expect(describedText(el, price)).to.equal('Le prix de la tranche est trop grand.');
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin-invoicing>', () => {
  it('computes a preview, shows each family with its lines, and publishes only after confirmation', async () => {
    const el = await fixture(html`<portail-admin-invoicing can-edit></portail-admin-invoicing>`);
    await waitUntil(() => byId(el, 'run-month'), 'form shown');
    expect(text(shadow(el).querySelector('section'))).to.contain('Aucune facturation n’a encore été calculée.');
    await expect(el).to.be.accessible();
    fill(el, 'Mois facturé', '2026-08');

    byId(el, 'run-regie').focus();
    await tabTo(el, 'Calculer l’aperçu');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => shadow(el).getElementById('preview-summary'), 'preview shown');
    expect(api.sent('POST', '/invoicing/runs')[0].body).to.deep.equal({ regieId: 'reg-1', month: '2026-08' });
    expect(text(byId(el, 'preview-summary'))).to.equal('2 factures pour un total de 120,55 €');
    expect(statusText(el)).to.contain('Aperçu de août 2026 calculé : 2 factures, 120,55 €.');
    expect(shadow(el).activeElement).to.equal(byId(el, 'preview-title'));
    const families = [...shadow(el).querySelectorAll('section section tbody > tr:not(.lines)')].map((r) => [...r.querySelectorAll(':scope > th, :scope > td')].slice(0, 5).map((c) => text(c)));
    expect(families).to.deep.equal([
      ['F001', 'Famille Martin', '70,55 €', '0,00 €', '70,55 €'],
      ['F002', 'Famille Durand', '30,00 €', '20,00 €', '50,00 €'],
    ]);
    await expect(el).to.be.accessible();

    const toggle = shadow(el).querySelector('button[aria-controls="lines-inv-1"]') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'lines expanded');
    const lines = [...byId(el, 'lines-inv-1').querySelectorAll(':scope table > tbody > tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => text(c)));
    expect(lines).to.deep.equal([['Cantine – Léa', '17', '4,15 €', '70,55 €']]);
    await expect(el).to.be.accessible();

    button(el, 'Publier les factures').click();
    await waitUntil(() => byId(el, 'confirm-publish'), 'confirmation asked');
    expect(text(byId(el, 'publish-warning'))).to.contain('Les factures publiées ne peuvent plus être modifiées : une correction se fait par un avoir.');
    expect(shadow(el).activeElement).to.equal(byId(el, 'confirm-publish'));
    expect(api.sent('POST', '/invoicing/runs/run-1/publish')).to.have.length(0);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => statusText(el).includes('2 factures publiées pour 120,55 €'), 'published');
    expect(api.sent('POST', '/invoicing/runs/run-1/publish')[0].body).to.deep.equal({});
    expect(hasButton(el, 'Publier les factures')).to.equal(false);
    expect(text(tableCaptioned(el, 'Facturations passées').querySelector('tbody tr'))).to.contain('Publiée');
  });

  it('abandons a preview without publishing', async () => {
    const el = await fixture(html`<portail-admin-invoicing can-edit></portail-admin-invoicing>`);
    await waitUntil(() => byId(el, 'run-month'));
    fill(el, 'Mois facturé', '2026-08');
    button(el, 'Calculer l’aperçu').click();
    await waitUntil(() => hasButton(el, 'Abandonner l’aperçu'));
    button(el, 'Abandonner l’aperçu').click();
    await waitUntil(() => statusText(el).includes('Aperçu « Régie périscolaire – août 2026 » abandonné : aucune facture n’a été émise.'));
    expect(api.sent('DELETE', '/invoicing/runs/run-1')).to.have.length(1);
    expect(api.sent('POST', '/invoicing/runs/run-1/publish')).to.have.length(0);
    expect(shadow(el).getElementById('preview-summary')).to.equal(null);
  });

  it('shows past runs to an agent, without computing or publishing', async () => {
    api.runs = [{ ...RUN_SUMMARY, state: 'published', publishedAt: '2026-09-07T08:05:00Z' }];
    const el = await fixture(html`<portail-admin-invoicing></portail-admin-invoicing>`);
    await waitUntil(() => rows(el).length === 1);
    expect(text(rows(el)[0])).to.contain('Régie périscolaire – août 2026');
    expect(text(rows(el)[0])).to.contain('120,55 €');
    expect(hasButton(el, 'Calculer l’aperçu')).to.equal(false);
    button(el, 'Voir les factures').click();
    await waitUntil(() => shadow(el).getElementById('preview-summary'));
    expect(hasButton(el, 'Publier les factures')).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin-invoices>', () => {
  const searchFor = async (el: Element, query: string) => {
    fill(el, 'N° de facture ou famille', query);
    button(el, 'Rechercher').click();
    await waitUntil(() => rows(el).length === 1, 'invoice found');
  };

  it('records a cheque at the town hall with the amount typed in euros', async () => {
    api.role = 'agent';
    const el = await fixture(html`<portail-admin-invoices></portail-admin-invoices>`);
    await searchFor(el, 'martin');
    expect(api.sent('GET', '/invoices')[0].search).to.equal('?q=martin');
    const cells = [...rows(el)[0].querySelectorAll('th, td')].map((c) => text(c));
    expect(cells.slice(0, 8)).to.deep.equal(['2026-PERI-000012', 'Famille Martin n° F001', 'Régie périscolaire – juillet 2026', '2 septembre 2026', '70,55 €', '0,00 €', '70,55 €', 'À payer']);
    const pdf = shadow(el).querySelector('a[download]') as HTMLAnchorElement;
    expect(pdf.getAttribute('href')).to.equal('/admin/api/invoices/inv-9/pdf');
    expect(pdf.getAttribute('aria-label')).to.equal('PDF de la facture 2026-PERI-000012 de Famille Martin');
    expect(hasButton(el, 'Créer un avoir')).to.equal(false);
    await expect(el).to.be.accessible();

    const record = shadow(el).querySelector('button[aria-label="Enregistrer un paiement pour la facture 2026-PERI-000012 de Famille Martin"]') as HTMLButtonElement;
    record.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => byId(el, 'payment-amount'), 'payment form');
    expect(shadow(el).activeElement).to.equal(byId(el, 'payment-form-title'));
    expect(input(el, 'Montant (€)').value).to.equal('70,55');
    expect(input(el, 'Date du paiement').value).to.equal(parisToday());
    expect((shadow(el).querySelector('input[name="payment-method"][value="cheque"]') as HTMLInputElement).checked).to.equal(true);
    await expect(el).to.be.accessible();

    fill(el, 'Montant (€)', '12,50');
    fill(el, 'Payeur', 'M. Martin');
    fill(el, 'Note (n° de chèque, banque…)', 'Chèque n° 1234567');
    button(el, 'Enregistrer le paiement').click();

    await waitUntil(() => statusText(el).includes('Paiement de 12,50 € enregistré sur la facture 2026-PERI-000012.'), 'recorded');
    expect(api.sent('POST', '/invoices/inv-9/payments')[0].body).to.deep.equal({
      method: 'cheque',
      amountCents: 1250,
      paidOn: parisToday(),
      payerName: 'M. Martin',
      note: 'Chèque n° 1234567',
    });
    expect(api.sent('GET', '/invoices')).to.have.length(2);
  });

  it('refuses more than the remaining amount or a missing payer without sending anything', async () => {
    const el = await fixture(html`<portail-admin-invoices></portail-admin-invoices>`);
    await searchFor(el, '2026-PERI-000012');
    button(el, 'Enregistrer un paiement').click();
    await waitUntil(() => byId(el, 'payment-amount'));
    (shadow(el).querySelector('input[name="payment-method"][value="cash"]') as HTMLInputElement).click();
    fill(el, 'Montant (€)', '80');
    button(el, 'Enregistrer le paiement').click();
    await waitUntil(() => byId(el, 'payment-amount-error'));
    expect(text(byId(el, 'payment-amount-error'))).to.equal('Le montant dépasse le reste à payer (70,55 €).');
    expect(text(byId(el, 'payment-payer-error'))).to.equal('Indiquez le nom du payeur.');
    expect(shadow(el).activeElement).to.equal(byId(el, 'payment-amount'));
    expect(api.sent('POST', '/invoices/inv-9/payments')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('lets an admin issue a credit note for part of an invoice', async () => {
    const el = await fixture(html`<portail-admin-invoices can-edit></portail-admin-invoices>`);
    await searchFor(el, 'martin');
    button(el, 'Créer un avoir').click();
    await waitUntil(() => byId(el, 'credit-reason'));
    type(el, 'credit-reason', 'Sortie scolaire du 12 juillet');
    fill(el, 'Montant de l’avoir (€, facultatif)', '4,15');
    await expect(el).to.be.accessible();
    button(el, 'Créer l’avoir').click();
    await waitUntil(() => statusText(el).includes('Avoir 2026-PERI-000013 créé sur la facture 2026-PERI-000012.'));
    expect(api.sent('POST', '/invoices/inv-9/credit-note')[0].body).to.deep.equal({
      reason: 'Sortie scolaire du 12 juillet',
      lines: [{ label: 'Avoir sur la facture 2026-PERI-000012 – Sortie scolaire du 12 juillet', quantity: 1, unitCents: -415 }],
    });
  });
});

describe('<portail-admin-payment-settings>', () => {
  it('never shows the stored key, keeps it when left empty and sends a new one only when typed', async () => {
    const el = await fixture(html`<portail-admin-payment-settings can-edit></portail-admin-payment-settings>`);
    await waitUntil(() => byId(el, 'pay-secret'), 'settings loaded');
    const secret = byId(el, 'pay-secret');
    expect(secret.type).to.equal('password');
    expect(secret.value).to.equal('');
    expect(text(byId(el, 'pay-secret-hint'))).to.equal('Clé enregistrée Laisser vide pour conserver la clé enregistrée.');
    expect(input(el, 'Numéro de boutique').value).to.equal('12345678');
    expect(byId<HTMLSelectElement>(el, 'pay-algorithm').value).to.equal('HMAC-SHA-256');
    expect([...byId<HTMLSelectElement>(el, 'pay-environment').options].map((o) => o.text)).to.deep.equal(['Test', 'Production']);
    await expect(el).to.be.accessible();

    button(el, 'Enregistrer le paiement en ligne').click();
    await waitUntil(() => statusText(el).includes('Paiement en ligne enregistré : Systempay.'), 'saved');
    const first = api.sent('PUT', '/payment-settings')[0].body;
    expect(first).to.deep.equal({
      provider: 'systempay',
      environment: 'test',
      returnUrl: 'https://www.ville-demo.fr/factures.html',
      config: { siteId: '12345678', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' },
    });
    expect(first).to.not.have.property('secret');

    fill(el, 'Clé de la boutique', 'ABCDEFGH12345678');
    button(el, 'Enregistrer le paiement en ligne').click();
    await waitUntil(() => api.sent('PUT', '/payment-settings').length === 2, 'saved again');
    expect(api.sent('PUT', '/payment-settings')[1].body.secret).to.equal('ABCDEFGH12345678');
    await waitUntil(() => byId(el, 'pay-secret').value === '', 'typed key cleared once saved');
    expect(text(shadow(el))).to.not.contain('ABCDEFGH12345678');
  });

  it('shows the fields of the chosen provider and asks for a key the new provider does not have yet', async () => {
    const el = await fixture(html`<portail-admin-payment-settings can-edit></portail-admin-payment-settings>`);
    await waitUntil(() => byId(el, 'pay-provider'));
    choose(el, 'pay-provider', 'payfip');
    await waitUntil(() => byId(el, 'pay-numcli'), 'PayFiP fields');
    expect(byId(el, 'pay-siteId')).to.equal(null);
    expect(byId(el, 'pay-secret')).to.equal(null);
    expect([...byId<HTMLSelectElement>(el, 'pay-saisie').options].map((o) => o.value)).to.deep.equal(['T', 'X', 'W']);
    choose(el, 'pay-provider', 'tipi');
    await waitUntil(() => [...byId<HTMLSelectElement>(el, 'pay-saisie').options].some((o) => o.value === 'A'), 'TIPI saisie');

    choose(el, 'pay-provider', 'paybox');
    await waitUntil(() => byId(el, 'pay-site'), 'Paybox fields');
    for (const label of ['Numéro de site', 'Rang', 'Identifiant', 'Clé HMAC']) expect(input(el, label)).to.exist;
    expect(byId(el, 'pay-publicKeyPem').localName).to.equal('textarea');
    expect(text(byId(el, 'pay-secret-hint'))).to.equal('Aucune clé enregistrée : saisissez la clé fournie par le prestataire.');
    await expect(el).to.be.accessible();

    fill(el, 'Numéro de site', '1999888');
    fill(el, 'Rang', '32');
    fill(el, 'Identifiant', '107904482');
    type(el, 'pay-publicKeyPem', '-----BEGIN PUBLIC KEY-----\nMIGfMA0=\n-----END PUBLIC KEY-----');
    button(el, 'Enregistrer le paiement en ligne').click();
    await waitUntil(() => byId(el, 'pay-secret-error'), 'key required');
    expect(text(byId(el, 'pay-secret-error'))).to.equal('Saisissez la clé fournie par le prestataire.');
    expect(api.sent('PUT', '/payment-settings')).to.have.length(0);

    fill(el, 'Clé HMAC', '0123456789abcdef'.repeat(8));
    api.next.set('PUT /payment-settings', { status: 422, body: { code: 'validation', message: 'Certaines informations sont manquantes ou invalides.', fields: { 'config.publicKeyPem': 'La clé publique de Paybox doit être une clé RSA au format PEM (pubkey.pem).' } } });
    button(el, 'Enregistrer le paiement en ligne').click();
    await waitUntil(() => byId(el, 'pay-publicKeyPem').getAttribute('aria-invalid') === 'true', 'server field error');
    expect(describedText(el, byId(el, 'pay-publicKeyPem'))).to.contain('La clé publique de Paybox doit être une clé RSA au format PEM (pubkey.pem).');
    expect(api.sent('PUT', '/payment-settings')[0].body).to.deep.include({
      provider: 'paybox',
      config: { site: '1999888', rang: '32', identifiant: '107904482', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMIGfMA0=\n-----END PUBLIC KEY-----', hash: 'SHA512' },
      secret: '0123456789abcdef'.repeat(8),
    });
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin-payments>', () => {
  const paymentRows = (el: Element) => rows(el, '.table-wrap > table > tbody > tr:not(.events)');

  it('flags a payment received after settlement and shows why a notification was refused', async () => {
    const el = await fixture(html`<portail-admin-payments></portail-admin-payments>`);
    await waitUntil(() => paymentRows(el).length === 2, 'payments loaded');
    const [late, cheque] = paymentRows(el).map((r) => text(r));
    expect(late).to.contain('Famille Martin');
    expect(late).to.contain('2026-PERI-000012');
    expect(late).to.contain('Paiement en ligne');
    expect(late).to.contain('Paybox');
    expect(late).to.contain('70,55 €');
    expect(late).to.contain('Payé');
    expect(late).to.contain('XXXXXX');
    expect(late).to.contain('Payé après règlement — à rembourser ou imputer');
    expect(cheque).to.contain('Chèque');
    expect(cheque).to.not.contain('Payé après règlement');
    await expect(el).to.be.accessible();

    const toggle = shadow(el).querySelector('button[aria-controls="events-pay-1"]') as HTMLButtonElement;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'events shown');
    const events = [...byId(el, 'events-pay-1').querySelectorAll(':scope table > tbody > tr')].map((r) => [...r.querySelectorAll('td')].slice(1).map((c) => text(c)));
    expect(events).to.deep.equal([
      ['notification', 'refusé', 'signature invalide'],
      ['notification', 'payé après règlement', '–'],
    ]);
    await expect(el).to.be.accessible();

    const only = [...shadow(el).querySelectorAll('label.check')].find((l) => text(l).startsWith('Seulement'))!.querySelector('input')!;
    only.click();
    await waitUntil(() => paymentRows(el).length === 1, 'filtered');
    expect(api.sent('GET', '/payments').at(-1)!.search).to.equal('?flagged=true');
    choose(el, 'payments-status', 'refused');
    await waitUntil(() => api.sent('GET', '/payments').at(-1)!.search === '?status=refused&flagged=true');
  });

  it('filters the payments à vérifier and lets an admin confirm one, sending nothing else', async () => {
    const el = await fixture(html`<portail-admin-payments can-decide></portail-admin-payments>`);
    await waitUntil(() => paymentRows(el).length === 2, 'payments loaded');
    choose(el, 'payments-status', 'to_verify');
    await waitUntil(() => paymentRows(el).length === 1 && text(paymentRows(el)[0]).includes('Famille Petit'), 'to verify listed');
    expect(api.sent('GET', '/payments').at(-1)!.search).to.equal('?status=to_verify');
    expect(text(paymentRows(el)[0])).to.contain('À vérifier');
    await expect(el).to.be.accessible();
    const confirm = button(el, 'Confirmer');
    expect(confirm.getAttribute('aria-label')!.replace(/\s/g, ' ')).to.equal('Confirmer le paiement de 25,00 € de Famille Petit');
    confirm.click();
    await waitUntil(() => statusText(el).includes('confirmé'), 'confirmed');
    expect(api.sent('POST', '/payments/pay-3/confirm')).to.have.length(1);
    expect(api.sent('POST', '/payments/pay-3/reject')).to.have.length(0);
    await waitUntil(() => text(shadow(el)).includes('Aucun paiement ne correspond à ce filtre.'), 'list reloaded');
  });

  it('lets an admin unlock an invoice held by a pending payment, saying until when it is held', async () => {
    const el = await fixture(html`<portail-admin-payments can-decide></portail-admin-payments>`);
    await waitUntil(() => paymentRows(el).length === 2, 'payments loaded');
    choose(el, 'payments-status', 'pending');
    await waitUntil(() => paymentRows(el).length === 1 && text(paymentRows(el)[0]).includes('Famille Roux'), 'pending listed');
    expect(text(paymentRows(el)[0])).to.contain('Facture bloquée jusqu’à 12 h 20');
    await expect(el).to.be.accessible();
    const unlock = button(el, 'Débloquer la facture');
    expect(unlock.getAttribute('aria-label')!.replace(/\s/g, ' ')).to.equal('Débloquer la facture 2026-PERI-000014 du paiement de 41,50 € de Famille Roux');
    unlock.click();
    await waitUntil(() => statusText(el).includes('débloquée'), 'unlocked');
    expect(statusText(el)).to.contain('Facture 2026-PERI-000014 débloquée : Famille Roux peut la payer à nouveau en ligne.');
    expect(api.sent('POST', '/payments/pay-4/unlock')).to.have.length(1);
    await waitUntil(() => text(paymentRows(el)[0]).includes('Facture débloquée à 12 h 05'), 'list reloaded');
    expect(hasButton(el, 'Débloquer la facture')).to.equal(false);
  });

  it('shows an agent until when an invoice is held, without the button to unlock it', async () => {
    const el = await fixture(html`<portail-admin-payments></portail-admin-payments>`);
    choose(el, 'payments-status', 'pending');
    await waitUntil(() => paymentRows(el).length === 1 && text(paymentRows(el)[0]).includes('Famille Roux'), 'pending listed');
    expect(text(paymentRows(el)[0])).to.contain('Facture bloquée jusqu’à 12 h 20');
    expect(hasButton(el, 'Débloquer la facture')).to.equal(false);
  });

  it('shows an agent the payments à vérifier without the buttons to decide', async () => {
    const el = await fixture(html`<portail-admin-payments></portail-admin-payments>`);
    await waitUntil(() => paymentRows(el).length === 2, 'payments loaded');
    choose(el, 'payments-status', 'to_verify');
    await waitUntil(() => paymentRows(el).length === 1 && text(paymentRows(el)[0]).includes('Famille Petit'), 'to verify listed');
    expect(hasButton(el, 'Confirmer')).to.equal(false);
    expect(hasButton(el, 'Rejeter')).to.equal(false);
  });

  it('lists the refused provider messages, tied to a payment or not', async () => {
    api.rejected = REJECTED;
    const el = await fixture(html`<portail-admin-payments></portail-admin-payments>`);
    await waitUntil(() => tableCaptioned(el, '2 messages refusés, du plus récent au plus ancien'), 'refused messages loaded');
    const section = shadow(el).querySelector('section[aria-labelledby="rejected-title"]')!;
    expect(text(section.querySelector('h3'))).to.equal('Messages refusés des prestataires');
    expect(text(section.querySelector('p.hint'))).to.contain('ils n’ont rien modifié');
    const table = tableCaptioned(el, '2 messages refusés, du plus récent au plus ancien');
    expect([...table.querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['Date', 'Prestataire', 'Source', 'Motif', 'Paiement']);
    // innerText: the invoice number and the family are on two lines.
    const cells = [...table.querySelectorAll('tbody > tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.innerText.replace(/\s+/g, ' ').trim()));
    expect(cells).to.deep.equal([
      ['7 septembre 2026 à 10:03', 'TIPI (formulaire historique)', 'retour', 'Montant différent de celui du paiement.', '2026-PERI-000012 Famille Martin'],
      ['7 septembre 2026 à 10:01', 'Systempay', 'notification', 'Signature invalide.', '—'],
    ]);
    expect(api.sent('GET', '/payment-events/rejected')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('says when no provider message was refused', async () => {
    const el = await fixture(html`<portail-admin-payments></portail-admin-payments>`);
    await waitUntil(() => statusText(el).includes('Aucun message refusé.'), 'empty state');
    await waitUntil(() => paymentRows(el).length === 2, 'payments loaded');
    expect(shadow(el).querySelectorAll('table')).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin> billing sections', () => {
  afterEach(() => {
    location.hash = '';
  });

  it('reaches Facturation and Paiements from the navigation, each section accessible', async () => {
    location.hash = '';
    const el = await fixture<PortailAdmin>(html`<portail-admin></portail-admin>`);
    await waitUntil(() => shadow(el).querySelector('nav'), 'nav shown');
    const link = [...shadow(el).querySelectorAll('nav a')].find((a) => text(a) === 'Facturation') as HTMLAnchorElement;
    link.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).querySelector('portail-admin-billing'), 'billing section');
    expect(link.getAttribute('aria-current')).to.equal('page');
    const billing = shadow(el).querySelector('portail-admin-billing')!;
    const invoicing = shadow(billing).querySelector('portail-admin-invoicing')!;
    await waitUntil(() => shadow(invoicing).getElementById('run-month'), 'invoicing loaded');
    for (const tag of ['portail-admin-regies', 'portail-admin-tariffs', 'portail-admin-invoicing', 'portail-admin-invoices']) {
      await expect(shadow(billing).querySelector(tag)).to.be.accessible();
    }

    (shadow(el).querySelector('nav a[href="#paiements"]') as HTMLAnchorElement).click();
    await waitUntil(() => shadow(el).querySelector('portail-admin-payments'), 'payments section');
    const settings = shadow(el).querySelector('portail-admin-payment-settings')!;
    await waitUntil(() => shadow(settings).getElementById('pay-provider'), 'settings loaded');
    await expect(settings).to.be.accessible();
    await expect(shadow(el).querySelector('portail-admin-payments')).to.be.accessible();
  });

  it('lists a régie created in Facturation in the tariff and invoicing forms at once', async () => {
    location.hash = '#facturation';
    const el = await fixture<PortailAdmin>(html`<portail-admin></portail-admin>`);
    await waitUntil(() => shadow(el).querySelector('portail-admin-billing'));
    const billing = shadow(el).querySelector('portail-admin-billing')!;
    const regies = shadow(billing).querySelector('portail-admin-regies')!;
    const invoicing = shadow(billing).querySelector('portail-admin-invoicing')!;
    await waitUntil(() => hasButton(regies, 'Nouvelle régie') && shadow(invoicing).getElementById('run-regie'));
    button(regies, 'Nouvelle régie').click();
    await waitUntil(() => shadow(regies).getElementById('regie-code'));
    fill(regies, 'Code', 'REST');
    fill(regies, 'Nom', 'Régie restauration');
    button(regies, 'Enregistrer la régie').click();
    await waitUntil(() => (shadow(invoicing).getElementById('run-regie') as HTMLSelectElement | null)?.options.length === 2, 'new régie offered');
    expect([...(shadow(invoicing).getElementById('run-regie') as HTMLSelectElement).options].map((o) => o.text)).to.deep.equal(['Régie périscolaire (PERI)', 'Régie restauration (REST)']);
  });

  it('shows an agent the payments journal but not the provider settings', async () => {
    api.role = 'agent';
    location.hash = '#paiements';
    const el = await fixture<PortailAdmin>(html`<portail-admin></portail-admin>`);
    await waitUntil(() => shadow(el).querySelector('portail-admin-payments'));
    expect(shadow(el).querySelector('portail-admin-payment-settings')).to.equal(null);
    expect(api.sent('GET', '/payment-settings')).to.have.length(0);
  });
});
