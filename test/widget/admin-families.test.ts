import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { FamilyDetail, FamilyPage, ImportResult } from '../../widget/src/admin/api/families.js';

const PAGE: FamilyPage = {
  query: 'martin',
  page: 1,
  pageSize: 50,
  total: 2,
  pages: 1,
  items: [
    { id: 'f1', familyNumber: 'F001', name: 'Famille Martin', email: 'claire@exemple.fr', activatedAt: '2026-09-01T08:00:00Z', children: ['Léa Martin', 'Hugo Martin'] },
    { id: 'f2', familyNumber: 'F002', name: 'Famille Martinez', email: null, activatedAt: null, children: ['Inès Martinez'] },
  ],
};

const DETAIL: FamilyDetail = {
  id: 'f1',
  familyNumber: 'F001',
  name: 'Famille Martin',
  email: 'claire@exemple.fr',
  ibanMasked: 'FR76 •••• 0189',
  hasIban: true,
  account: { activated: true, activatedAt: '2026-09-01T08:00:00Z', label: 'Compte activé le 1er septembre 2026', hasEmail: true, activationLetterPending: false },
  guardians: [
    { id: 'g1', role: 'responsable', firstName: 'Claire', lastName: 'Martin', addressLine1: '12 rue des Écoles', addressLine2: null, postalCode: '31000', city: 'Toulouse', phoneHome: null, phoneMobile: '06 12 34 56 78', phoneWork: null, email: null },
  ],
  children: [
    { id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-03-14', school: 'École Jules Ferry', className: 'CE1', diet: 'standard', dietLabel: 'Standard', hasHealthData: true, enrollments: 2 },
  ],
  changeRequests: [
    { id: 'r1', fieldGroup: 'contact', requestedAt: '2026-09-02T08:00:00Z', childName: null },
    { id: 'r2', fieldGroup: 'child_health', requestedAt: '2026-09-03T08:00:00Z', childName: 'Léa' },
  ],
};

const PREVIEW: ImportResult = {
  filename: 'familles.csv',
  format: 'csv',
  errorCount: 1,
  errors: [{ row: 3, column: 'enfant_naissance', message: 'La date de naissance « 31/02/2018 » n’est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ).' }],
  summary: { rows: 2, familiesToCreate: 1, familiesToUpdate: 0, familiesUnchanged: 0, childrenToCreate: 1, childrenToUpdate: 0, schoolsToCreate: 0 },
};

class MockFamiliesApi {
  calls: { method: string; path: string; search: string; body: any }[] = [];
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body });
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
      switch (`${method} ${path}`) {
        case 'GET /families':
          return json(200, PAGE);
        case 'GET /families/f1':
          return json(200, DETAIL);
        case 'PATCH /families/f1':
          if (body.email === 'claire@') {
            return json(422, { code: 'validation', message: 'Certaines informations sont manquantes ou invalides.', fields: { email: 'L’adresse e-mail n’est pas valide.' } });
          }
          return json(200, { ...DETAIL, ...body, email: body.email || null });
        case 'GET /families/f1/sensitive':
          return json(200, { what: 'donnees_sante', children: [{ id: 'c1', firstName: 'Léa', lastName: 'Martin', health: { allergies: 'arachide' } }] });
        case 'POST /families/f1/password-reset':
          return json(200, { message: 'Un e-mail de réinitialisation a été envoyé à claire@exemple.fr. Le lien est valable une heure.' });
        case 'POST /families/letters':
          return new Response('\uFEFFNuméro de famille;Nom\r\n', { status: 200, headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="lettres-activation-2026-09-07.csv"', 'X-Letters-Count': '12' } });
        case 'POST /families/import/preview':
          return json(200, PREVIEW);
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

let api: MockFamiliesApi;
beforeEach(() => {
  api = new MockFamiliesApi().install();
});
afterEach(() => api.uninstall());

const button = (root: Element, name: string) => [...shadow(root).querySelectorAll('button')].find((b) => text(b) === name) as HTMLButtonElement;

describe('<portail-admin-families>', () => {
  it('searches with the keyboard, lists families in a captioned table and opens the detail without any secret', async () => {
    const el = await fixture(html`<portail-admin-families></portail-admin-families>`);
    await expect(el).to.be.accessible();
    const input = shadow(el).getElementById('family-query') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: 'martin' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).querySelector('caption'), 'results shown');
    expect(api.calls[0]).to.include({ method: 'GET', path: '/families', search: '?q=martin&page=1' });
    expect(text(shadow(el).querySelector('caption'))).to.equal('2 familles trouvées – page 1 sur 1');
    expect(shadow(el).querySelectorAll('tbody tr')).to.have.length(2);
    await expect(el).to.be.accessible();

    const open = shadow(el).querySelector<HTMLButtonElement>('button[aria-label="Voir le détail de Famille Martin (n° F001)"]')!;
    open.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).getElementById('family-title'), 'detail shown');
    expect(shadow(el).activeElement?.id).to.equal('family-title');
    const detail = text(shadow(el).querySelector('article'));
    expect(detail).to.contain('Compte activé le 1er septembre 2026');
    expect(detail).to.contain('Claire Martin');
    expect(detail).to.contain('12 rue des Écoles, 31000 Toulouse');
    expect(detail).to.contain('Coordonnées – demandé le');
    expect(detail).to.contain('Santé de l’enfant (Léa) – demandé le');
    expect(detail).not.to.contain('child_health');
    expect(detail).not.to.contain('arachide');
    expect(detail).not.to.match(/mot de passe/i);
    expect(button(el, 'Envoyer un e-mail de réinitialisation')).to.exist;
    await expect(el).to.be.accessible();

    button(el, 'Afficher les données de santé').click();
    await waitUntil(() => text(shadow(el).querySelector('article')).includes('arachide'), 'health shown on request');
    expect(api.calls.at(-1)).to.include({ path: '/families/f1/sensitive', search: '?what=donnees_sante' });

    button(el, 'Envoyer un e-mail de réinitialisation').click();
    await waitUntil(() => text(shadow(el).querySelector('.notice')).includes('claire@exemple.fr'), 'reset confirmed');
    await expect(el).to.be.accessible();
  });

  it('corrects the family name and account e-mail, the server refusing a bad address next to its field', async () => {
    const el = await fixture(html`<portail-admin-families></portail-admin-families>`);
    (shadow(el).querySelector('form[role="search"]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => shadow(el).querySelector('button[aria-label^="Voir le détail"]'), 'results');
    shadow(el).querySelector<HTMLButtonElement>('button[aria-label^="Voir le détail"]')!.click();
    await waitUntil(() => shadow(el).getElementById('family-title'), 'detail shown');
    const field = (id: string) => shadow(el).getElementById(id) as HTMLInputElement;
    expect(field('name').value).to.equal('Famille Martin');
    expect(field('email').value).to.equal('claire@exemple.fr');

    field('email').focus();
    field('email').value = 'claire@';
    field('email').dispatchEvent(new Event('input'));
    button(el, 'Enregistrer les modifications').click();
    await waitUntil(() => field('email').getAttribute('aria-invalid') === 'true', 'refused field marked');
    expect(text(shadow(el).getElementById('email-error'))).to.equal('L’adresse e-mail n’est pas valide.');
    expect(shadow(el).activeElement).to.equal(field('email'));
    await expect(el).to.be.accessible();

    field('name').value = 'Famille Martin-Durand';
    field('name').dispatchEvent(new Event('input'));
    field('email').value = '';
    field('email').dispatchEvent(new Event('input'));
    button(el, 'Enregistrer les modifications').click();
    await waitUntil(() => text(shadow(el).getElementById('family-title')).startsWith('Famille Martin-Durand'), 'detail updated');
    expect(api.calls.at(-1)).to.deep.include({ method: 'PATCH', path: '/families/f1', body: { name: 'Famille Martin-Durand', email: '' } });
    expect([...shadow(el).querySelectorAll('article dd')].map((dd) => text(dd))).to.include('Aucun');
    expect(text(shadow(el).querySelector('.notice'))).to.contain('Les modifications de la famille sont enregistrées.');
  });

  it('shows the import form to admins only', async () => {
    const agent = await fixture(html`<portail-admin-families></portail-admin-families>`);
    expect(shadow(agent).querySelector('portail-admin-families-import')).to.equal(null);
    expect(shadow(agent).querySelector('portail-admin-families-letters')).to.exist;
    const admin = await fixture(html`<portail-admin-families can-edit></portail-admin-families>`);
    expect(shadow(admin).querySelector('portail-admin-families-import')).to.exist;
  });
});

describe('<portail-admin-families-letters>', () => {
  it('exports letters in the chosen format and offers the file to download', async () => {
    const el = await fixture(html`<portail-admin-families-letters></portail-admin-families-letters>`);
    await expect(el).to.be.accessible();
    const xlsx = shadow(el).querySelector<HTMLInputElement>('input[value="xlsx"]')!;
    xlsx.click();
    button(el, 'Générer les lettres').click();
    await waitUntil(() => shadow(el).querySelector('a[download]'), 'download link');
    expect(api.calls.at(-1)!.body).to.deep.equal({ format: 'xlsx' });
    const link = shadow(el).querySelector('a[download]')!;
    expect(link.getAttribute('download')).to.equal('lettres-activation-2026-09-07.csv');
    expect(text(shadow(el).querySelector('[role="status"]'))).to.contain('12 lettres prêtes.');
    await expect(el).to.be.accessible();
  });
});

describe('<portail-admin-families-import>', () => {
  it('previews a file and lists its errors by line, without an "Importer" button while there are errors', async () => {
    const el = await fixture(html`<portail-admin-families-import></portail-admin-families-import>`);
    await expect(el).to.be.accessible();
    const input = shadow(el).getElementById('import-file') as HTMLInputElement;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['numero_famille;nom_famille\n'], 'familles.csv', { type: 'text/csv' }));
    input.files = transfer.files;
    button(el, 'Vérifier le fichier').click();
    await waitUntil(() => shadow(el).querySelector('caption'), 'preview shown');
    expect(api.calls.at(-1)!.body).to.deep.equal({ filename: 'familles.csv', data: btoa('numero_famille;nom_famille\n') });
    expect(text(shadow(el).querySelector('caption'))).to.equal('1 erreur à corriger avant l’import');
    expect(text(shadow(el).querySelector('tbody tr'))).to.contain('enfant_naissance');
    expect(button(el, 'Importer')).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
