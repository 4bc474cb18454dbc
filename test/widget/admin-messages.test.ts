import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { LitElement } from 'lit';
import type { MessageSettingsAnswer, StaffConversation, StaffConversationPage } from '../../widget/src/admin/api/messages.js';

const CONVERSATION: StaffConversation = {
  id: 'k1',
  familyId: 'f1',
  familyName: 'Famille Martin',
  familyNumber: 'F001',
  topic: 'Absence',
  subject: 'Absence de Léa',
  startedBy: 'family',
  state: 'unread',
  status: 'open',
  assignee: null,
  lastMessageAt: '2026-09-04T08:00:00Z',
  preview: 'Léa est malade',
  bulkId: null,
  messages: [
    { id: 'm1', author: 'family', authorName: 'Famille Martin', internal: false, body: 'Léa est malade.\n<script>alert(1)</script>', sentAt: '2026-09-04T08:00:00Z', attachments: [{ id: 'a1', name: 'certificat.pdf', mime: 'application/pdf', size: 1000 }], readByFamilyAt: null },
    { id: 'm2', author: 'town', authorName: 'Karim Agent', internal: true, body: 'Vérifier le PAI.', sentAt: '2026-09-04T09:00:00Z', attachments: [], readByFamilyAt: null },
  ],
};

const { messages: _m, ...SUMMARY } = CONVERSATION;

const PAGE: StaffConversationPage = {
  conversations: [SUMMARY],
  total: 1,
  page: 1,
  pageSize: 50,
  counts: { unread: 1, waiting: 0, answered: 0, closed: 0 },
  agents: [{ id: 'u1', name: 'Karim Agent' }, { id: 'u2', name: 'Claire Admin' }],
};

const SETTINGS: MessageSettingsAnswer = {
  serviceName: 'Service enfance',
  address: 'Mairie',
  openingHours: 'Lundi 8 h 30 – 12 h',
  phone: '01 99 00 12 40',
  email: 'enfance@ville-demo.fr',
  infoMessage: null,
  helpText: 'Bienvenue.',
  topics: ['Inscription', 'Absence', 'Autre'],
  mailContent: 'full',
  messagesPageUrl: null,
  retentionMonths: 24,
  help: [[{ text: 'Bienvenue.' }]],
};

interface Call {
  method: string;
  path: string;
  search: string;
  body: any;
}

class MockApi {
  calls: Call[] = [];
  conversation: StaffConversation = structuredClone(CONVERSATION);
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body } = await readSent(input, init);
      this.calls.push({ method, path, search: url.search, body });
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
      switch (`${method} ${path}`) {
        case 'GET /messages':
          return json(200, PAGE);
        case 'GET /messages/k1':
          return json(200, this.conversation);
        case 'POST /messages/k1/replies':
          this.conversation.messages.push({ id: 'm3', author: 'town', authorName: 'Claire Admin', internal: false, body: body.body, sentAt: '2026-09-05T08:00:00Z', attachments: [], readByFamilyAt: null });
          if (body.close) this.conversation.status = 'closed';
          return json(201, this.conversation);
        case 'POST /messages/k1/notes':
          this.conversation.messages.push({ id: 'm4', author: 'town', authorName: 'Claire Admin', internal: true, body: body.body, sentAt: '2026-09-05T09:00:00Z', attachments: [], readByFamilyAt: null });
          return json(201, this.conversation);
        case 'PATCH /messages/k1':
          this.conversation.assignee = PAGE.agents.find((a) => a.id === body.assigneeId) ?? null;
          return json(200, this.conversation);
        case 'GET /message-templates':
          return json(200, [{ id: 't1', title: 'Absence prise en compte', body: 'Bonjour, l’absence est bien prise en compte.', updatedAt: '2026-09-01T08:00:00Z' }]);
        case 'GET /schools':
          return json(200, [{ id: 's1', name: 'École Jules Ferry' }, { id: 's2', name: 'École Les Tilleuls' }]);
        case 'GET /services':
          return json(200, []);
        case 'GET /message-settings':
          return json(200, SETTINGS);
        case 'PUT /message-settings':
          return json(200, { ...body, help: [[{ text: body.helpText }]] });
        case 'GET /messages/bulk':
          return json(200, []);
        case 'POST /messages/bulk/preview':
          return json(200, { families: body.target.kind === 'school' ? 12 : 240, targetLabel: body.target.kind === 'school' ? 'Familles de « École Jules Ferry »' : 'Toutes les familles' });
        case 'POST /messages/bulk':
          return json(201, { id: 'b1', targetLabel: 'Familles de « École Jules Ferry »', subject: body.subject, families: 12, mailsQueued: 15, sentBy: 'Claire Admin', sentAt: '2026-09-05T10:00:00Z' });
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

const q = <T extends Element>(el: Element, selector: string) => shadow(el).querySelector<T & HTMLElement>(selector)!;
const buttonNamed = (el: Element, name: string) => [...shadow(el).querySelectorAll('button')].find((b) => text(b) === name)!;

describe('<portail-admin-messages>', () => {
  it('lists the conversations with their state, opens one with its internal notes set apart, text never as HTML', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-messages></portail-admin-messages>`);
    await waitUntil(() => shadow(el).querySelector('button[data-open="k1"]'), 'inbox shown');
    expect(text(q(el, 'table'))).to.contain('Famille Martin');
    expect(text(q(el, 'table'))).to.contain('Non lue');
    expect(text(q(el, '.counts'))).to.contain('Non lues : 1');
    await expect(el).to.be.accessible();

    q<HTMLButtonElement>(el, 'button[data-open="k1"]').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).querySelector('#conversation-title'), 'conversation shown');
    await waitUntil(() => shadow(el).activeElement?.id === 'conversation-title', 'focus on the conversation');
    const [family, note] = [...shadow(el).querySelectorAll('.thread > li')];
    expect(family.querySelector('script')).to.equal(null);
    expect(text(family)).to.contain('<script>alert(1)</script>');
    expect(note.className).to.equal('note');
    expect(text(note)).to.contain('Note interne – non visible par la famille');
    expect(getComputedStyle(note).borderTopStyle).to.equal('dashed');
    await expect(el).to.be.accessible();
  });

  it('answers with a template and closes, assigns, and adds an internal note', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-messages></portail-admin-messages>`);
    await waitUntil(() => shadow(el).querySelector('button[data-open="k1"]'), 'inbox shown');
    q<HTMLButtonElement>(el, 'button[data-open="k1"]').click();
    await waitUntil(() => shadow(el).querySelector('#reply-template'), 'reply form');

    const template = q<HTMLSelectElement>(el, '#reply-template');
    template.value = 't1';
    template.dispatchEvent(new Event('change'));
    expect(q<HTMLTextAreaElement>(el, '#reply-body').value).to.equal('Bonjour, l’absence est bien prise en compte.');
    q<HTMLInputElement>(el, 'input[name="close"]').checked = true;
    buttonNamed(el, 'Envoyer la réponse').click();
    await waitUntil(() => text(q(el, '[role="status"]')).includes('Réponse envoyée à la famille.'), 'reply sent');
    const reply = api.calls.find((c) => c.method === 'POST' && c.path === '/messages/k1/replies')!;
    expect(reply.body).to.deep.equal({ body: 'Bonjour, l’absence est bien prise en compte.', close: true });
    await waitUntil(() => buttonNamed(el, 'Rouvrir la conversation'), 'closed');

    const assignee = q<HTMLSelectElement>(el, '#conversation-assignee');
    assignee.value = 'u1';
    assignee.dispatchEvent(new Event('change'));
    await waitUntil(() => api.calls.some((c) => c.method === 'PATCH'), 'assigned');
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ assigneeId: 'u1' });

    buttonNamed(el, 'Ajouter la note').click();
    await el.updateComplete;
    expect(text(q(el, '#note-body-error'))).to.equal('Écrivez la note.');
    expect(api.calls.some((c) => c.path === '/messages/k1/notes')).to.equal(false);
    q<HTMLTextAreaElement>(el, '#note-body').value = 'Appeler la famille lundi.';
    buttonNamed(el, 'Ajouter la note').click();
    await waitUntil(() => text(q(el, '[role="status"]')).includes('la famille ne la voit pas'), 'note added');
    const notes = [...shadow(el).querySelectorAll('.thread > li.note')];
    expect(text(notes.at(-1)!)).to.contain('Appeler la famille lundi.');
  });

  it('searches: the query goes to the server', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-messages></portail-admin-messages>`);
    await waitUntil(() => shadow(el).querySelector('button[data-open="k1"]'), 'inbox shown');
    q<HTMLInputElement>(el, '#messages-search').value = 'Martin';
    q<HTMLSelectElement>(el, '#messages-state').value = 'all';
    buttonNamed(el, 'Afficher').click();
    await waitUntil(() => api.calls.some((c) => c.search.includes('q=Martin')), 'searched');
    expect(api.calls.find((c) => c.search.includes('q=Martin'))!.search).to.equal('?state=all&q=Martin');
  });
});

describe('<portail-admin-bulk>', () => {
  it('counts the families of one school before sending, then sends to them', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-bulk></portail-admin-bulk>`);
    await waitUntil(() => shadow(el).querySelector('input[value="school"]'), 'form shown');
    const send = () => [...shadow(el).querySelectorAll<HTMLButtonElement>('button[type="submit"]')][0];
    expect(send().disabled).to.equal(true);
    q<HTMLInputElement>(el, 'input[value="school"]').click();
    await el.updateComplete;
    buttonNamed(el, 'Compter les familles').click();
    await el.updateComplete;
    expect(text(q(el, '#bulk-schoolId-error'))).to.equal('Choisissez une école.');

    q<HTMLSelectElement>(el, '#bulk-school').value = 's1';
    buttonNamed(el, 'Compter les familles').click();
    await waitUntil(() => text(q(el, '.preview')).includes('12 familles'), 'count shown');
    expect(text(q(el, '.preview'))).to.equal('Familles de « École Jules Ferry » : 12 familles recevront ce message.');
    expect(text(send())).to.equal('Envoyer à 12 familles');
    await expect(el).to.be.accessible();

    q<HTMLInputElement>(el, '#bulk-subject').value = 'Grève jeudi';
    q<HTMLTextAreaElement>(el, '#bulk-body').value = 'La cantine sera fermée jeudi.';
    send().click();
    await waitUntil(() => text(q(el, '.notice')).includes('envoyé à 12 familles'), 'sent');
    const sent = api.calls.find((c) => c.method === 'POST' && c.path === '/messages/bulk')!;
    expect(sent.body).to.deep.equal({ target: { kind: 'school', schoolId: 's1' }, topic: 'Inscription', subject: 'Grève jeudi', body: 'La cantine sera fermée jeudi.' });
    expect(text(q(el, 'table'))).to.contain('Grève jeudi');
  });

  it('another target after counting asks to count again', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-bulk></portail-admin-bulk>`);
    await waitUntil(() => shadow(el).querySelector('input[value="school"]'), 'form shown');
    buttonNamed(el, 'Compter les familles').click();
    await waitUntil(() => text(q(el, '.preview')).includes('240 familles'), 'count shown');
    const school = q<HTMLInputElement>(el, 'input[value="school"]');
    school.click();
    await el.updateComplete;
    expect(text(q(el, '.preview'))).to.equal('');
    expect(q<HTMLButtonElement>(el, 'button[type="submit"]').disabled).to.equal(true);
  });
});

describe('<portail-admin-message-settings>', () => {
  it('an admin saves the contact, help, retention and "notification sans contenu"', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-message-settings can-edit></portail-admin-message-settings>`);
    await waitUntil(() => shadow(el).querySelector('#ms-retention'), 'form shown');
    q<HTMLInputElement>(el, '#ms-retention').value = '3';
    q<HTMLInputElement>(el, 'input[value="notice"]').click();
    buttonNamed(el, 'Enregistrer les réglages des messages').click();
    await el.updateComplete;
    expect(text(q(el, '#ms-retention-error'))).to.equal('Indiquez un nombre de mois entre 6 et 120.');
    expect(api.calls.some((c) => c.method === 'PUT')).to.equal(false);
    q<HTMLInputElement>(el, '#ms-retention').value = '36';
    buttonNamed(el, 'Enregistrer les réglages des messages').click();
    await waitUntil(() => api.calls.some((c) => c.method === 'PUT'), 'saved');
    const put = api.calls.find((c) => c.method === 'PUT')!;
    expect(put.body.retentionMonths).to.equal(36);
    expect(put.body.mailContent).to.equal('notice');
    expect(put.body.topics).to.deep.equal(['Inscription', 'Absence', 'Autre']);
    await waitUntil(() => text(q(el, '.notice')).includes('enregistrés'), 'notice');
    await expect(el).to.be.accessible();
  });

  it('an agent reads the settings without changing them', async () => {
    const el = await fixture<LitElement>(html`<portail-admin-message-settings></portail-admin-message-settings>`);
    await waitUntil(() => shadow(el).querySelector('#ms-retention'), 'form shown');
    expect(q<HTMLInputElement>(el, '#ms-serviceName').disabled).to.equal(true);
    expect(shadow(el).querySelector('button[type="submit"]')).to.equal(null);
  });
});
