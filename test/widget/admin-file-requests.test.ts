import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { ChangeRequest } from '../../widget/src/admin/api/file-requests.js';
import type { FamilyDetail } from '../../widget/src/admin/api/families.js';

const ADDRESS: ChangeRequest = {
  id: 'r1',
  familyId: 'f1',
  familyName: 'Famille Martin',
  familyNumber: 'F001',
  childId: null,
  childName: null,
  group: 'contact',
  groupLabel: 'Coordonnées',
  status: 'pending',
  requestedAt: '2026-09-02T08:00:00Z',
  decidedAt: null,
  decisionNote: null,
  fields: { addressLine1: { old: '12 rue des Écoles', new: '3 place de la Mairie' }, city: { old: 'Toulouse', new: 'Blagnac' } },
  masked: false,
};

const HEALTH: ChangeRequest = {
  ...ADDRESS,
  id: 'r2',
  childId: 'c1',
  childName: 'Léa',
  group: 'child_health',
  groupLabel: 'Santé de l’enfant',
  requestedAt: '2026-09-03T08:00:00Z',
  fields: { allergies: { old: null, new: null } },
  masked: true,
};

const DETAIL: FamilyDetail = {
  id: 'f1',
  familyNumber: 'F001',
  name: 'Famille Martin',
  email: 'claire@exemple.fr',
  ibanMasked: null,
  hasIban: false,
  account: { activated: true, activatedAt: '2026-09-01T08:00:00Z', label: 'Compte activé le 1 septembre 2026', hasEmail: true, activationLetterPending: false },
  guardians: [],
  children: [{ id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-03-14', school: null, className: null, diet: 'standard', dietLabel: 'Standard', hasHealthData: false, enrollments: 0 }],
  changeRequests: [],
};

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
  credentials?: RequestCredentials;
  headers: Record<string, string>;
}

class MockApi {
  calls: Call[] = [];
  queue: ChangeRequest[] = [ADDRESS, HEALTH];
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body, credentials, headers } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body, credentials, headers });
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
      const pdf = (name: string) => new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name}"` } });
      switch (`${method} ${path}`) {
        case 'GET /change-requests':
          return json(200, this.queue);
        case 'GET /change-requests/r1/values':
          return json(200, ADDRESS);
        case 'GET /change-requests/r2/values':
          return json(200, { ...HEALTH, masked: false, fields: { allergies: { old: 'aucune', new: 'arachide' } } });
        case 'POST /change-requests/r1/decide':
          this.queue = this.queue.filter((r) => r.id !== 'r1');
          return json(200, this.queue);
        case 'POST /change-requests/r2/decide':
          this.queue = this.queue.filter((r) => r.id !== 'r2');
          return json(409, { code: 'demande_deja_traitee', message: 'Cette demande de modification a déjà été traitée.' });
        case 'GET /families':
          return json(200, { query: '', page: 1, pageSize: 50, total: 1, pages: 1, items: [{ id: 'f1', familyNumber: 'F001', name: 'Famille Martin', email: null, activatedAt: null, children: ['Léa Martin'] }] });
        case 'GET /families/f1':
          return json(200, DETAIL);
        case 'GET /families/f1/export.pdf':
          return pdf('dossier-famille-F001.pdf');
        case 'GET /families/f1/export.json':
          return new Response(JSON.stringify({ family: { familyNumber: 'F001' } }), { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Disposition': 'attachment; filename="dossier-famille-F001.json"' } });
        case 'GET /families/f1/children/c1/fiche.pdf':
          return pdf(`fiche-lea-${url.searchParams.get('edition')}.pdf`);
        default:
          return json(404, { code: 'introuvable', message: 'Cette adresse n’existe pas.' });
      }
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }
}

let api: MockApi;
beforeEach(() => {
  api = new MockApi().install();
});
afterEach(() => api.uninstall());

const button = (root: Element, name: string) => [...shadow(root).querySelectorAll('button')].find((b) => text(b) === name) as HTMLButtonElement;

describe('<portail-admin-file-requests>', () => {
  it('lists pending change requests, shows old → new values and accepts one with the keyboard', async () => {
    const el = await fixture(html`<portail-admin-file-requests></portail-admin-file-requests>`);
    await waitUntil(() => shadow(el).querySelector('caption'), 'queue shown');
    expect(text(shadow(el).querySelector('caption'))).to.equal('2 demandes en attente, de la plus ancienne à la plus récente');
    const rows = shadow(el).querySelectorAll('tbody tr');
    expect(rows).to.have.length(2);
    expect(text(rows[0])).to.contain('Famille Martin');
    expect(text(rows[0])).to.contain('Coordonnées');
    expect(text(rows[0])).to.contain('2 septembre 2026');
    expect(text(rows[1])).to.contain('Léa');
    expect(text(rows[1])).to.contain('valeurs affichées sur demande');
    expect([...shadow(el).querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    await expect(el).to.be.accessible();

    // Keyboard only: open the values…
    const show = shadow(el).querySelector<HTMLButtonElement>('button[data-request="r1"]')!;
    expect(show.getAttribute('aria-label')).to.equal('Voir les valeurs : Coordonnées, Famille Martin');
    show.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).getElementById('review-title'), 'values shown');
    expect(api.calls.at(-1)).to.include({ method: 'GET', path: '/change-requests/r1/values' });
    expect(shadow(el).activeElement?.id).to.equal('review-title');
    expect(show.getAttribute('aria-expanded')).to.equal('true');
    const review = text(shadow(el).querySelector('.review'));
    expect(review).to.contain('Adresse 12 rue des Écoles devient 3 place de la Mairie');
    expect(review).to.contain('Ville Toulouse devient Blagnac');
    await expect(el).to.be.accessible();

    // …write a note, then Tab to "Accepter" and press Enter.
    (shadow(el).getElementById('decision-note') as HTMLTextAreaElement).focus();
    await sendKeys({ type: 'Adresse vérifiée' });
    await sendKeys({ press: 'Tab' });
    expect(text(shadow(el).activeElement as Element)).to.equal('Accepter');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(shadow(el).querySelector('[role="status"]')).length > 0, 'decision confirmed');

    const decide = api.calls.find((c) => c.method === 'POST')!;
    expect(decide.path).to.equal('/change-requests/r1/decide');
    expect(decide.body).to.deep.equal({ decision: 'accept', note: 'Adresse vérifiée' });
    expect(decide.credentials).to.equal('same-origin');
    expect(decide.headers['Content-Type']).to.equal('application/json');
    expect(text(shadow(el).querySelector('.notice[role="status"]'))).to.equal('Demande acceptée : la famille est prévenue par e-mail.');
    expect(shadow(el).querySelectorAll('tbody tr')).to.have.length(1);
    expect(shadow(el).querySelector('button[data-request="r1"]')).to.equal(null);
    expect(shadow(el).querySelector('.review')).to.equal(null);
    expect(shadow(el).activeElement?.id).to.equal('file-requests-title');
    await expect(el).to.be.accessible();
  });

  it('says a health read is recorded, and shows a request already decided in an alert', async () => {
    const el = await fixture(html`<portail-admin-file-requests></portail-admin-file-requests>`);
    await waitUntil(() => shadow(el).querySelector('button[data-request="r2"]'), 'queue shown');
    shadow(el).querySelector<HTMLButtonElement>('button[data-request="r2"]')!.click();
    await waitUntil(() => shadow(el).getElementById('review-title'), 'values shown');
    const review = text(shadow(el).querySelector('.review'));
    expect(review).to.contain('cette consultation a été enregistrée avec votre nom');
    expect(review).to.contain('Allergies aucune devient arachide');

    button(el, 'Refuser').click();
    await waitUntil(() => text(shadow(el).querySelector('.alert[role="alert"]')).length > 0, 'error shown');
    expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ decision: 'refuse' });
    expect(text(shadow(el).querySelector('.alert[role="alert"]'))).to.equal('Cette demande de modification a déjà été traitée.');
    await waitUntil(() => shadow(el).querySelector('button[data-request="r2"]') === null, 'list refreshed');
    expect(shadow(el).querySelector('.review')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('refuses a note longer than 500 characters without calling the server', async () => {
    const el = await fixture(html`<portail-admin-file-requests></portail-admin-file-requests>`);
    await waitUntil(() => shadow(el).querySelector('button[data-request="r1"]'), 'queue shown');
    shadow(el).querySelector<HTMLButtonElement>('button[data-request="r1"]')!.click();
    await waitUntil(() => shadow(el).getElementById('decision-note'), 'form shown');
    const note = shadow(el).getElementById('decision-note') as HTMLTextAreaElement;
    expect(note.maxLength).to.equal(500);
    note.removeAttribute('maxlength');
    note.value = 'x'.repeat(501);
    button(el, 'Refuser').click();
    await waitUntil(() => shadow(el).getElementById('decision-note-error'), 'error shown');
    expect(note.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(note);
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin-families> editions', () => {
  let clicked: { href: string; download: string }[] = [];
  const originalClick = HTMLAnchorElement.prototype.click;
  beforeEach(() => {
    clicked = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    };
  });
  afterEach(() => {
    HTMLAnchorElement.prototype.click = originalClick;
  });

  it('downloads the family file and the child files through a blob URL', async () => {
    const el = await fixture(html`<portail-admin-families></portail-admin-families>`);
    (shadow(el).querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => shadow(el).querySelector('button[aria-label^="Voir le détail"]'), 'results');
    shadow(el).querySelector<HTMLButtonElement>('button[aria-label^="Voir le détail"]')!.click();
    await waitUntil(() => shadow(el).getElementById('family-title'), 'detail');
    await expect(el).to.be.accessible();

    button(el, 'Dossier complet (PDF)').click();
    await waitUntil(() => clicked.length === 1, 'pdf saved');
    expect(clicked[0].href).to.match(/^blob:/);
    expect(clicked[0].download).to.equal('dossier-famille-F001.pdf');
    expect(api.calls.at(-1)).to.include({ method: 'GET', path: '/families/f1/export.pdf', credentials: 'same-origin' });
    await waitUntil(() => text(shadow(el).querySelector('.notice')).includes('dossier-famille-F001.pdf'), 'status');

    button(el, 'Données (JSON)').click();
    await waitUntil(() => clicked.length === 2, 'json saved');
    expect(clicked[1].download).to.equal('dossier-famille-F001.json');

    shadow(el).querySelector<HTMLButtonElement>('button[aria-label="Fiche complète (PDF) de Léa Martin"]')!.click();
    await waitUntil(() => clicked.length === 3, 'fiche saved');
    expect(api.calls.at(-1)).to.include({ path: '/families/f1/children/c1/fiche.pdf', search: '?edition=complete' });
    expect(clicked[2].download).to.equal('fiche-lea-complete.pdf');

    shadow(el).querySelector<HTMLButtonElement>('button[aria-label="Fiche simple (PDF) de Léa Martin"]')!.click();
    await waitUntil(() => clicked.length === 4, 'simple fiche saved');
    expect(api.calls.at(-1)).to.include({ search: '?edition=simple' });
    await expect(el).to.be.accessible();
  });
});
