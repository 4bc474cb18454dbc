import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { StaffDocument } from '../../widget/src/admin/api/documents.js';

const CAF: StaffDocument = {
  id: 'd1',
  type: 'attestation_caf',
  typeLabel: 'Attestation CAF',
  title: 'Attestation CAF 2026',
  childId: null,
  mime: 'application/pdf',
  size: 12_000,
  status: 'pending',
  statusLabel: 'En attente de vérification',
  uploadedAt: '2026-09-04T08:00:00Z',
  rejectionReason: null,
  familyId: 'f1',
  familyName: 'Famille Martin',
  familyNumber: 'F001',
  childName: null,
  decidedAt: null,
  decidedBy: null,
};

const PAI: StaffDocument = { ...CAF, id: 'd2', type: 'pai', typeLabel: 'PAI', title: 'PAI de Léa', childId: 'c1', childName: 'Léa Martin', uploadedAt: '2026-09-05T08:00:00Z' };

const RULES: StaffDocument = {
  ...CAF,
  id: 'd3',
  type: 'autre',
  typeLabel: 'Autre',
  title: 'Règlement intérieur',
  status: 'published',
  statusLabel: 'Publié par la commune',
  familyId: null,
  familyName: null,
  familyNumber: null,
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
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body, credentials, headers } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body, credentials, headers });
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
      const view = ({ familyId: _f, familyName: _n, familyNumber: _u, childName: _c, decidedAt: _d, decidedBy: _b, ...doc }: StaffDocument) => doc;
      switch (`${method} ${path}`) {
        case 'GET /documents': {
          const status = url.searchParams.get('status');
          return json(200, status === 'published' ? [RULES] : status === 'all' ? [PAI, CAF, RULES] : [CAF, PAI]);
        }
        case 'GET /documents/d1/file':
          return new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="Attestation-CAF-2026.pdf"' } });
        case 'POST /documents/d1/reject':
          return json(200, { document: view({ ...CAF, status: 'rejected', statusLabel: 'Refusé', rejectionReason: body.reason }), mailQueued: true });
        case 'POST /documents/d2/accept':
          return json(200, { document: view({ ...PAI, status: 'accepted', statusLabel: 'Accepté' }), mailQueued: true });
        case 'POST /documents':
          return json(201, view({ ...RULES, id: 'd9', title: body.title }));
        case 'DELETE /documents/d3':
          return new Response(null, { status: 204 });
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
let saved: { href: string; download: string }[] = [];
const originalClick = HTMLAnchorElement.prototype.click;
beforeEach(() => {
  api = new MockApi().install();
  saved = [];
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push({ href: this.href, download: this.download });
  };
});
afterEach(() => {
  api.uninstall();
  HTMLAnchorElement.prototype.click = originalClick;
});

const button = (root: Element, name: string) => [...shadow(root).querySelectorAll('button')].find((b) => text(b) === name) as HTMLButtonElement;
const labelled = (root: Element, label: string) => shadow(root).querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
const status = (el: Element) => text(shadow(el).querySelector('.notice[role="status"]'));

describe('<portail-admin-documents>', () => {
  it('lists the documents to check, opens one and refuses it with a reason', async () => {
    const el = await fixture(html`<portail-admin-documents></portail-admin-documents>`);
    await waitUntil(() => shadow(el).querySelector('caption'), 'list shown');
    expect(api.calls[0]).to.include({ method: 'GET', path: '/documents', search: '?status=pending' });
    expect(text(shadow(el).querySelector('caption'))).to.equal('Documents à vérifier, du plus ancien au plus récent (2)');
    const rows = shadow(el).querySelectorAll('tbody tr');
    expect(rows).to.have.length(2);
    expect(text(rows[0])).to.contain('Famille Martin');
    expect(text(rows[0])).to.contain('Attestation CAF');
    expect(text(rows[0])).to.contain('En attente de vérification');
    expect(text(rows[1])).to.contain('Léa Martin');
    expect(shadow(el).getElementById('publish-title')).to.equal(null);
    await expect(el).to.be.accessible();

    labelled(el, 'Ouvrir « Attestation CAF 2026 »').click();
    await waitUntil(() => saved.length === 1, 'file saved');
    expect(saved[0].href).to.match(/^blob:/);
    expect(saved[0].download).to.equal('Attestation-CAF-2026.pdf');
    expect(api.calls.at(-1)).to.include({ method: 'GET', path: '/documents/d1/file', credentials: 'same-origin' });
    expect(status(el)).to.equal('Document « Attestation CAF 2026 » téléchargé.');

    // The inline form opens on "Refuser", focused on the reason.
    const refuse = labelled(el, 'Refuser « Attestation CAF 2026 »');
    refuse.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).getElementById('reject-reason'), 'reject form');
    const reason = shadow(el).getElementById('reject-reason') as HTMLTextAreaElement;
    expect(shadow(el).activeElement).to.equal(reason);
    expect(refuse.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();

    // Too short: an error on the field, nothing sent.
    await sendKeys({ type: 'ok' });
    button(el, 'Confirmer le refus').click();
    await waitUntil(() => shadow(el).getElementById('reject-reason-error'), 'reason error');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(reason.getAttribute('aria-describedby')).to.contain('reject-reason-error');
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
    await expect(el).to.be.accessible();

    reason.value = '  Document illisible, merci d’en envoyer une photo nette.  ';
    button(el, 'Confirmer le refus').click();
    await waitUntil(() => status(el).includes('refusé'), 'refused');
    const call = api.calls.at(-1)!;
    expect(call).to.include({ method: 'POST', path: '/documents/d1/reject', credentials: 'same-origin' });
    expect(call.headers['Content-Type']).to.equal('application/json');
    expect(call.body).to.deep.equal({ reason: 'Document illisible, merci d’en envoyer une photo nette.' });
    expect(status(el)).to.equal('Document « Attestation CAF 2026 » refusé : la famille est prévenue par e-mail, avec le motif.');
    expect(shadow(el).getElementById('reject-reason')).to.equal(null);
    expect(shadow(el).querySelectorAll('tbody tr')).to.have.length(1);
    await expect(el).to.be.accessible();

    labelled(el, 'Accepter « PAI de Léa »').click();
    await waitUntil(() => status(el).includes('accepté'), 'accepted');
    expect(api.calls.at(-1)).to.include({ method: 'POST', path: '/documents/d2/accept' });
    expect(shadow(el).querySelector('tbody')).to.equal(null);
    expect(text(shadow(el).querySelector('section'))).to.contain('Aucun document dans cette liste.');
    await expect(el).to.be.accessible();
  });

  it('filters by status and keeps the admin buttons from agents', async () => {
    const el = await fixture(html`<portail-admin-documents></portail-admin-documents>`);
    await waitUntil(() => shadow(el).querySelector('caption'), 'list shown');
    const select = shadow(el).getElementById('documents-filter') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).to.deep.equal(['À vérifier', 'Acceptés', 'Refusés', 'Publiés par la commune', 'Tous']);
    select.value = 'published';
    button(el, 'Afficher').click();
    await waitUntil(() => text(shadow(el).querySelector('caption')).startsWith('Documents publiés'), 'published shown');
    expect(api.calls.at(-1)).to.include({ search: '?status=published' });
    expect(text(shadow(el).querySelector('tbody tr'))).to.contain('La commune');
    expect(button(el, 'Retirer')).to.equal(undefined);
    expect(button(el, 'Accepter')).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('lets admins publish a document (a file is required) and withdraw one', async () => {
    const el = await fixture(html`<portail-admin-documents can-edit></portail-admin-documents>`);
    await waitUntil(() => shadow(el).querySelector('caption'), 'list shown');
    expect(shadow(el).getElementById('publish-title')).to.exist;
    await expect(el).to.be.accessible();

    // No file: an alert, the field marked and focused, nothing sent.
    (shadow(el).getElementById('publish-title-input') as HTMLInputElement).value = 'Menus de septembre';
    button(el, 'Publier le document').click();
    await waitUntil(() => shadow(el).getElementById('publish-file-error'), 'file error');
    const fileInput = shadow(el).getElementById('publish-file') as HTMLInputElement;
    expect(text(shadow(el).getElementById('publish-file-error'))).to.equal('Choisissez le fichier à publier.');
    expect(fileInput.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(fileInput);
    const alerts = [...shadow(el).querySelectorAll('[role="alert"]')].map((a) => text(a)).filter(Boolean);
    expect(alerts).to.deep.equal(['Le document n’a pas été publié. Choisissez le fichier à publier.']);
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);
    await expect(el).to.be.accessible();

    // Wrong kind of file: refused before sending.
    let transfer = new DataTransfer();
    transfer.items.add(new File(['<svg/>'], 'menus.svg', { type: 'image/svg+xml' }));
    fileInput.files = transfer.files;
    button(el, 'Publier le document').click();
    await waitUntil(() => text(shadow(el).getElementById('publish-file-error')).includes('PDF'), 'type error');
    expect(api.calls.some((c) => c.method === 'POST')).to.equal(false);

    transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.7'], 'menus.pdf', { type: 'application/pdf' }));
    fileInput.files = transfer.files;
    (shadow(el).getElementById('publish-type') as HTMLSelectElement).value = 'autre';
    button(el, 'Publier le document').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'POST'), 'published');
    const call = api.calls.find((c) => c.method === 'POST')!;
    expect(call.path).to.equal('/documents');
    expect(call.body).to.deep.equal({ type: 'autre', title: 'Menus de septembre', data: btoa('%PDF-1.7') });
    await waitUntil(() => text(shadow(el).querySelector('section[aria-labelledby="publish-title"] [role="status"]')).includes('publié'), 'publish status');
    expect(shadow(el).getElementById('publish-file-error')).to.equal(null);
    await expect(el).to.be.accessible();

    const select = shadow(el).getElementById('documents-filter') as HTMLSelectElement;
    select.value = 'published';
    button(el, 'Afficher').click();
    await waitUntil(() => labelled(el, 'Retirer « Règlement intérieur »'), 'withdraw button');
    labelled(el, 'Retirer « Règlement intérieur »').click();
    await waitUntil(() => status(el).includes('retiré'), 'withdrawn');
    expect(api.calls.at(-1)).to.include({ method: 'DELETE', path: '/documents/d3' });
    expect(shadow(el).querySelector('tbody')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
