import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, statusText, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { PortailAdmin } from '../../widget/src/admin/shell/portail-admin.js';
import type { PortailAdminDeadline } from '../../widget/src/admin/planning/portail-admin-deadline.js';
import type { PendingRequest, StaffService } from '../../widget/src/admin/api/planning.js';
import { tomorrowInParis } from '../../widget/src/base/dates.js';
import { centsToEuros, eurosToCents, formatDate, formatDateTime, ofName } from '../../widget/src/base/format.js';

const SERVICE: StaffService = {
  id: 'svc-1',
  label: 'Cantine',
  groupLabel: 'Périscolaire',
  position: 0,
  weekdays: [1, 2, 4, 5],
  periodKind: 'school',
  capacity: 120,
  schoolCapacities: [],
  bookingDeadline: { kind: 'none' },
  bookingRule: 'sans délai',
  cancellationDeadline: { kind: 'none' },
  cancellationRule: 'sans délai',
  needsApproval: false,
  priceCents: 415,
  active: true,
};

const REQUESTS: PendingRequest[] = [
  { bookingId: 'b1', date: '2026-09-09', serviceLabel: 'Mercredi', childFirstName: 'Léa', childLastName: 'Martin', familyName: 'Famille Martin', requestedAt: '2026-09-01T08:00:00Z' },
  { bookingId: 'b2', date: '2026-09-09', serviceLabel: 'Mercredi', childFirstName: 'Hugo', childLastName: 'Martin', familyName: 'Famille Martin', requestedAt: '2026-09-01T08:05:00Z' },
  { bookingId: 'b3', date: '2026-09-16', serviceLabel: 'Mercredi', childFirstName: 'Inès', childLastName: 'Durand', familyName: 'Famille Durand', requestedAt: '2026-09-02T09:00:00Z' },
];

/** The staff planning API as the server answers it, behind a replaced window.fetch. */
class MockPlanningApi {
  calls: { method: string; path: string; search: string; body: any }[] = [];
  requests = [...REQUESTS];
  services = [SERVICE];
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body });
      return this.answer(method, path, body);
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }

  private json(status: number, body: unknown) {
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }

  private answer(method: string, path: string, body: any): Response {
    switch (`${method} ${path}`) {
      case 'GET /session':
        return this.json(200, {
          staff: { id: 's1', email: 'agent@mairie.fr', displayName: 'Claire Martin', role: 'admin' },
          tenant: { name: 'Ville de Démo' },
          idleExpiresAt: '2026-09-07T08:30:00Z',
          expiresAt: '2026-09-07T20:00:00Z',
        });
      case 'GET /requests':
        return this.json(200, this.requests);
      case 'POST /requests/decide': {
        const outcomes = body.bookingIds.map((bookingId: string) => ({ bookingId, status: body.decision === 'approve' ? 'booked' : 'refused' }));
        this.requests = this.requests.filter((r) => !body.bookingIds.includes(r.bookingId));
        return this.json(200, { outcomes, requests: this.requests });
      }
      case 'GET /headcounts':
        return this.json(200, {
          day: tomorrowInParis(),
          rows: [
            { serviceId: 'svc-1', serviceLabel: 'Cantine', school: 'École Jules Ferry', diet: 'standard', dietLabel: 'Standard', booked: 42, absent: 3, waitlisted: 1, requested: 0 },
            { serviceId: 'svc-1', serviceLabel: 'Cantine', school: 'École Jules Ferry', diet: 'sans_viande', dietLabel: 'Sans viande', booked: 7, absent: 0, waitlisted: 0, requested: 0, held: 2 },
          ],
          services: [
            { serviceId: 'svc-1', serviceLabel: 'Cantine', booked: 49, absent: 3, waitlisted: 1, requested: 0, held: 2 },
            { serviceId: 'svc-3', serviceLabel: 'Accueil soir', booked: 12, absent: 0, waitlisted: 0, requested: 0, held: 0 },
          ],
          totals: { booked: 61, absent: 3, waitlisted: 1, requested: 0, held: 2 },
          children: [
            { serviceId: 'svc-1', childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules Ferry', className: 'CE2', diet: 'sans_gluten', dietLabel: 'Sans gluten', pai: true, allergies: true, absent: false },
            { serviceId: 'svc-1', childId: 'c2', firstName: 'Hugo', lastName: 'Petit', school: 'École Jules Ferry', className: 'CP', diet: 'standard', dietLabel: 'Standard', pai: false, allergies: false, absent: true },
            { serviceId: 'svc-3', childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules Ferry', className: 'CE2', diet: 'sans_gluten', dietLabel: 'Sans gluten', pai: true, allergies: true, absent: false },
          ],
        });
      case 'GET /services':
        return this.json(200, this.services);
      case 'GET /schools':
        return this.json(200, [{ id: 'sch-1', name: 'École Jules Ferry' }]);
      case 'POST /services': {
        const created = { ...SERVICE, ...body, id: 'svc-2', bookingRule: 'la veille à 10:00 (jours ouvrés)', cancellationRule: 'sans délai', schoolCapacities: [] };
        this.services = [...this.services, created];
        return this.json(201, created);
      }
      case 'PATCH /services/svc-1':
        if (body.billingMode === 'prepaid') {
          return this.json(409, { code: 'panier_en_cours', message: 'Des familles ont des réservations de ce service dans leur panier, non payées : le mode de facturation ne peut pas changer avant leur paiement ou leur expiration.' });
        }
        return this.json(200, { ...SERVICE, ...body });
      case 'GET /absence-reasons':
        return this.json(200, [{ id: 'r1', label: 'Maladie', billed: false, position: 0, active: true }]);
      case 'GET /calendar/periods':
        return this.json(200, [{ id: 'p1', label: 'Rentrée – Toussaint', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' }]);
      case 'GET /calendar/closures':
        return this.json(200, []);
      case 'GET /calendar/holidays':
        return this.json(200, { schoolYear: '2026-2027', from: '2026-09-01', to: '2027-08-31', alsaceMoselle: false, holidays: [{ date: '2026-11-01', name: 'Toussaint' }] });
      case 'POST /calendar/import/preview':
        return this.json(200, {
          zone: body.zone,
          from: '2026-09-01',
          to: '2026-11-01',
          periods: [
            { label: 'Période scolaire du 1er septembre au 16 octobre', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' },
            { label: 'Vacances de la Toussaint', kind: 'holidays', startDate: '2026-10-17', endDate: '2026-11-01' },
          ],
          replaced: [{ id: 'p1', label: 'Rentrée – Toussaint', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' }],
        });
      case 'POST /calendar/import':
        return this.json(200, { imported: 2, replaced: 1, periods: [] });
      case 'GET /children':
        return this.json(200, [{ id: 'c1', firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', familyNumber: 'F1', school: 'École Jules Ferry', className: 'CE1' }]);
      case 'GET /children/c1/enrollments':
        return this.json(200, {
          child: { id: 'c1', firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', school: 'École Jules Ferry', className: 'CE1', diet: 'standard' },
          enrollments: [{ id: 'e1', serviceId: 'svc-1', serviceLabel: 'Cantine', startDate: '2026-09-01', endDate: null }],
        });
      default:
        return this.json(404, { code: 'introuvable', message: 'Cette adresse n’existe pas.' });
    }
  }
}

let api: MockPlanningApi;
beforeEach(() => {
  api = new MockPlanningApi().install();
});
afterEach(() => api.uninstall());

const rows = (el: Element) => [...shadow(el).querySelectorAll('tbody tr')];
const buttonNamed = (el: Element, name: string) => [...shadow(el).querySelectorAll('button')].find((b) => text(b) === name) as HTMLButtonElement;

describe('money and days', () => {
  it('converts euros typed the French way to exact cents, and back', () => {
    expect(eurosToCents('4,15')).to.equal(415);
    expect(eurosToCents('0,1')).to.equal(10);
    expect(eurosToCents('12.30 €')).to.equal(1230);
    expect(eurosToCents('1,005')).to.equal(null);
    expect(eurosToCents('-2')).to.equal(null);
    expect(centsToEuros(415)).to.equal('4,15');
    expect(centsToEuros(5)).to.equal('0,05');
    expect(tomorrowInParis(new Date('2026-09-07T22:30:00Z'))).to.equal('2026-09-09');
  });

  it('writes the first of the month "1er", for days and instants', () => {
    expect(formatDate('2026-11-01')).to.equal('1er novembre 2026');
    expect(formatDate('2026-12-01T09:00:00Z')).to.equal('1er décembre 2026');
    expect(formatDate('2026-11-11')).to.equal('11 novembre 2026');
    expect(ofName('Accueil matin')).to.equal('d’Accueil matin');
    expect(ofName('Léa')).to.equal('de Léa');
    expect(ofName('Hugo')).to.equal('d’Hugo');
    expect(formatDateTime('2026-11-01T09:15:00Z').replace(/\u202f/g, ' ')).to.equal('1er novembre 2026 à 10:15');
  });
});

describe('<portail-admin-requests>', () => {
  it('lists the requests in an accessible table and accepts a selection made with the keyboard', async () => {
    const el = await fixture(html`<portail-admin-requests></portail-admin-requests>`);
    await waitUntil(() => rows(el).length === 3, 'requests loaded');
    expect(text(shadow(el).querySelector('caption'))).to.equal('Demandes en attente, de la plus ancienne à la plus récente');
    const boxes = [...shadow(el).querySelectorAll<HTMLInputElement>('tbody input[type="checkbox"]')];
    expect(boxes[0].getAttribute('aria-label')).to.equal('Mercredi – Léa Martin – 9 septembre 2026');
    expect(buttonNamed(el, 'Accepter la sélection').disabled).to.equal(true);
    await expect(el).to.be.accessible();

    boxes[0].focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => !buttonNamed(el, 'Accepter la sélection').disabled, 'selection enables the buttons');
    expect(text(shadow(el).getElementById('selection-count'))).to.equal('2 demandes sélectionnées');
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(buttonNamed(el, 'Accepter la sélection'));
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => rows(el).length === 1, 'decided requests leave the table');
    const decide = api.calls.find((c) => c.path === '/requests/decide')!;
    expect(decide.body).to.deep.equal({ bookingIds: ['b1', 'b3'], decision: 'approve' });
    expect(statusText(el)).to.contain('Demandes acceptées : 2 inscrit. Les familles sont prévenues par e-mail.');
    await expect(el).to.be.accessible();
  });

  it('refuses every request at once with "Tout sélectionner"', async () => {
    const el = await fixture(html`<portail-admin-requests></portail-admin-requests>`);
    await waitUntil(() => rows(el).length === 3, 'requests loaded');
    shadow(el).querySelector<HTMLInputElement>('thead input[type="checkbox"]')!.click();
    await waitUntil(() => !buttonNamed(el, 'Refuser la sélection').disabled);
    buttonNamed(el, 'Refuser la sélection').click();
    await waitUntil(() => text(shadow(el).querySelector('section')).includes('Aucune demande en attente.'), 'queue emptied');
    expect(api.calls.find((c) => c.path === '/requests/decide')!.body).to.deep.equal({ bookingIds: ['b1', 'b2', 'b3'], decision: 'refuse' });
  });
});

describe('<portail-admin-headcounts>', () => {
  it('opens on the day the server says comes next, with totals per service, the canteen detail, the names and a CSV link', async () => {
    const el = await fixture(html`<portail-admin-headcounts></portail-admin-headcounts>`);
    await waitUntil(() => rows(el).length > 0, 'headcounts loaded');
    const day = tomorrowInParis();
    expect(api.calls[0].search).to.equal('');
    expect(api.calls.filter((c) => c.path === '/headcounts')).to.have.length(1);
    expect((shadow(el).getElementById('day') as HTMLInputElement).value).to.equal(day);
    const cells = (row: Element | null) => [...(row?.querySelectorAll('th, td') ?? [])].map((c) => text(c));
    const table = (name: string) => shadow(el).querySelector(`table.${name}`)!;
    expect([...table('services').querySelectorAll('tbody tr')].map(cells)).to.deep.equal([
      ['Cantine', '49', '3', '1', '0', '2'],
      ['Accueil soir', '12', '0', '0', '0', '0'],
    ]);
    expect(cells(table('services').querySelector('tfoot tr'))).to.deep.equal(['Tous services', '61', '3', '1', '0', '2']);
    expect(cells(table('detail').querySelectorAll('tbody tr')[1])).to.deep.equal(['Cantine', 'École Jules Ferry', 'Sans viande', '7', '0', '0', '0', '2']);
    const names = [...shadow(el).querySelectorAll('table.names')];
    expect(names.map((t) => text(t.querySelector('caption')).split(' :')[0])).to.deep.equal(['Cantine', 'Accueil soir']);
    expect([...names[0].querySelectorAll('tbody tr')].map(cells)).to.deep.equal([
      ['Martin Léa', 'École Jules Ferry – CE2', 'Sans gluten', 'PAI', 'Oui', 'Attendu'],
      ['Petit Hugo', 'École Jules Ferry – CP', 'Standard', 'Non', 'Non', 'Absent'],
    ]);
    expect(text(table('detail').querySelector('thead'))).to.contain('Inscrits (vendues)');
    expect(text(table('detail').querySelector('thead'))).to.contain('En panier, non payées');
    const link = shadow(el).querySelector('a')!;
    expect(text(link)).to.equal('Télécharger le CSV');
    expect(link.getAttribute('href')).to.equal(`/admin/api/headcounts.csv?day=${day}`);
    await expect(el).to.be.accessible();

    const input = shadow(el).getElementById('day') as HTMLInputElement;
    input.value = '2026-09-14';
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => api.calls.some((c) => c.search === '?day=2026-09-14'), 'reloads for the new day');
    expect(shadow(el).querySelector('a')!.getAttribute('href')).to.equal('/admin/api/headcounts.csv?day=2026-09-14');
  });
});

describe('<portail-admin-services>', () => {
  it('creates a service with a deadline described live in French and a price typed in euros', async () => {
    const el = await fixture(html`<portail-admin-services can-edit></portail-admin-services>`);
    await waitUntil(() => rows(el).length === 1, 'services loaded');
    expect(text(rows(el)[0])).to.contain('4,15 €');
    await expect(el).to.be.accessible();
    buttonNamed(el, 'Nouveau service').click();
    await waitUntil(() => shadow(el).getElementById('label'), 'form shown');
    await expect(el).to.be.accessible();

    const type = (id: string, value: string) => {
      const input = shadow(el).getElementById(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('label', 'Accueil du soir');
    type('price', '2,35');
    const editor = shadow(el).querySelector('portail-admin-deadline') as PortailAdminDeadline;
    const kind = shadow(editor).getElementById('kind') as HTMLSelectElement;
    kind.value = 'days_before';
    kind.dispatchEvent(new Event('change'));
    await waitUntil(() => text(shadow(editor).querySelector('.description')).includes('la veille'), 'live description');
    expect(text(shadow(editor).querySelector('.description'))).to.equal('Règle : la veille à 10:00 (jours ouvrés)');
    const time = shadow(editor).getElementById('time') as HTMLInputElement;
    time.value = '18:30';
    time.dispatchEvent(new Event('input'));
    await waitUntil(() => text(shadow(editor).querySelector('.description')).includes('18:30'));
    await expect(editor).to.be.accessible();

    buttonNamed(el, 'Enregistrer le service').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'POST'), 'saved');
    const sent = api.calls.find((c) => c.method === 'POST')!.body;
    expect(sent).to.include({ label: 'Accueil du soir', priceCents: 235, capacity: null });
    expect(sent.bookingDeadline).to.deep.equal({ kind: 'days_before', days: 1, time: '18:30', skip: { weekends: true, holidays: true, weekdays: [] } });
    await waitUntil(() => statusText(el).includes('Service « Accueil du soir » enregistré.'));
  });

  it('chooses the billing mode per service and shows the server’s refusal while unpaid basket lines exist', async () => {
    const el = await fixture(html`<portail-admin-services can-edit></portail-admin-services>`);
    await waitUntil(() => rows(el).length === 1, 'services loaded');
    expect(text(rows(el)[0])).to.contain('Facturation mensuelle');
    buttonNamed(el, 'Modifier').click();
    await waitUntil(() => shadow(el).getElementById('billingMode'), 'form shown');
    const mode = shadow(el).getElementById('billingMode') as HTMLSelectElement;
    expect([...mode.options].map((o) => o.text.trim())).to.deep.equal(['Facturation mensuelle', 'Paiement à la réservation']);
    mode.value = 'prepaid';
    mode.dispatchEvent(new Event('change'));
    await expect(el).to.be.accessible();
    buttonNamed(el, 'Enregistrer le service').click();
    await waitUntil(() => text(shadow(el).querySelector('[role="alert"]')).includes('le mode de facturation ne peut pas changer'), 'refusal shown');
    expect(api.calls.find((c) => c.method === 'PATCH')!.body.billingMode).to.equal('prepaid');
  });

  it('explains a price that is not an amount, next to the field, without sending anything', async () => {
    const el = await fixture(html`<portail-admin-services can-edit></portail-admin-services>`);
    await waitUntil(() => rows(el).length === 1);
    buttonNamed(el, 'Nouveau service').click();
    await waitUntil(() => shadow(el).getElementById('label'));
    for (const [id, value] of [['label', 'Étude'], ['price', '4,155']]) {
      const input = shadow(el).getElementById(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    buttonNamed(el, 'Enregistrer le service').click();
    await waitUntil(() => shadow(el).getElementById('price-error'));
    expect(text(shadow(el).getElementById('price-error'))).to.equal('Indiquez un prix en euros, par exemple 4,15.');
    expect(shadow(el).activeElement).to.equal(shadow(el).getElementById('price'));
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
  });
});

describe('<portail-admin-calendar>', () => {
  it('shows periods and holidays, previews an .ics import for a zone, then applies it', async () => {
    const el = await fixture(html`<portail-admin-calendar can-edit></portail-admin-calendar>`);
    await waitUntil(() => shadow(el).getElementById('ics-file'), 'calendar loaded');
    await expect(el).to.be.accessible();
    const file = new File(['BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'], 'calendrier.ics', { type: 'text/calendar' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    (shadow(el).getElementById('ics-file') as HTMLInputElement).files = transfer.files;
    (shadow(el).getElementById('ics-zone') as HTMLSelectElement).value = 'B';
    buttonNamed(el, 'Prévisualiser').click();
    await waitUntil(() => buttonNamed(el, 'Appliquer'), 'preview shown');
    expect(api.calls.find((c) => c.path === '/calendar/import/preview')!.body).to.deep.equal({ ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', zone: 'B' });
    expect(text(shadow(el).querySelector('section'))).to.contain('1 période(s) existante(s) seront remplacée(s) : Rentrée – Toussaint.');
    await expect(el).to.be.accessible();
    buttonNamed(el, 'Appliquer').click();
    await waitUntil(() => statusText(el).includes('Calendrier importé : 2 période(s) créée(s), 1 remplacée(s).'), 'applied');
    expect(api.calls.find((c) => c.path === '/calendar/import')!.body.zone).to.equal('B');
  });
});

describe('<portail-admin-enrollments>', () => {
  it('finds a child and shows their enrollments', async () => {
    const el = await fixture(html`<portail-admin-enrollments></portail-admin-enrollments>`);
    const query = shadow(el).getElementById('child-query') as HTMLInputElement;
    query.value = 'Léa';
    buttonNamed(el, 'Rechercher').click();
    await waitUntil(() => rows(el).length === 1, 'results');
    expect(api.calls[0].search).to.equal(`?q=${encodeURIComponent('Léa')}`);
    (shadow(el).querySelector('tbody button') as HTMLButtonElement).click();
    await waitUntil(() => shadow(el).getElementById('child-title'), 'child shown');
    expect(shadow(el).activeElement).to.equal(shadow(el).getElementById('child-title'));
    expect(text(shadow(el).querySelectorAll('caption')[1])).to.equal('Services auxquels Léa Martin est inscrit(e)');
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin> sections', () => {
  it('navigates between the sections with links that say which one is current', async () => {
    location.hash = '';
    const el = await fixture<PortailAdmin>(html`<portail-admin></portail-admin>`);
    await waitUntil(() => shadow(el).querySelector('nav'), 'nav shown');
    const links = [...shadow(el).querySelectorAll('nav a')];
    expect(links.map((a) => text(a))).to.deep.equal(['Réglages', 'Services', 'Calendrier', 'Inscriptions', 'Demandes', 'Effectifs', 'Familles', 'Fiches familles', 'Documents', 'Facturation', 'Paiements', 'Messages']);
    expect(links[0].getAttribute('aria-current')).to.equal('page');
    (links[4] as HTMLAnchorElement).click();
    await waitUntil(() => shadow(el).querySelector('portail-admin-requests'), 'requests section');
    expect(links[4].getAttribute('aria-current')).to.equal('page');
    expect(shadow(el).querySelector('portail-admin-settings')).to.equal(null);
    location.hash = '';
  });
});
