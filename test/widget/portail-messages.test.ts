import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailMessages } from '../../widget/src/components/messages/portail-messages.js';
import { PortailNotifications } from '../../widget/src/components/notifications/portail-notifications.js';
import { PortailDemandes } from '../../widget/src/components/demandes/portail-demandes.js';
import { PortailAccueil } from '../../widget/src/components/accueil/portail-accueil.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, button, heading, shadow, statusText, text, waitForText } from './helpers/dom.js';

defineOnce('portail-messages', PortailMessages);
defineOnce('portail-notifications', PortailNotifications);
defineOnce('portail-demandes', PortailDemandes);
defineOnce('portail-accueil', PortailAccueil);

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
});

function signIn(): void {
  const session = api.issueSession();
  sessionStorage.setItem(
    `portail-famille:session:${api.key}`,
    JSON.stringify({ token: session.token, family: session.family, idleExpiresAt: Date.parse(session.idleExpiresAt), expiresAt: Date.parse(session.expiresAt) }),
  );
}

const pdf = (name: string, size = 10) => new File([new Uint8Array(size).fill(37)], name, { type: 'application/pdf' });

function choose(input: HTMLInputElement, files: File[]) {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
}

async function inbox(): Promise<PortailMessages> {
  signIn();
  const el = await fixture<PortailMessages>(html`<portail-messages api-base=${API_BASE} public-key=${api.key} aide-href="/aide"></portail-messages>`);
  await waitUntil(() => shadow(el).querySelector('.inbox'), 'inbox shown');
  return el;
}

describe('<portail-messages>', () => {
  it('invites a signed-out parent to sign in and calls nothing personal', async () => {
    const el = await fixture<PortailMessages>(html`<portail-messages api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-messages>`);
    expect(text(shadow(el))).to.contain('Connectez-vous pour échanger des messages');
    expect(api.callsTo('GET', 'messages')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('lists the conversations with who, when, subject and unread state, and links to the help page', async () => {
    const el = await inbox();
    expect(heading(el)).to.equal('Messages');
    expect(text(shadow(el))).to.contain('Vous avez un nouveau message.');
    const rows = [...shadow(el).querySelectorAll('.inbox li')];
    expect(rows).to.have.length(2);
    expect(rows[0].className).to.contain('unread');
    expect(text(rows[0])).to.contain('Grève du jeudi 10 septembre');
    expect(text(rows[0])).to.contain('1 message non lu');
    expect(text(rows[0])).to.contain('De : Service enfance');
    expect(text(rows[0])).to.contain('5 septembre 2026');
    expect(text(rows[1])).to.contain('À : Service enfance');
    expect(text(rows[1])).to.contain('Close');
    expect(($(el, '.help-link a') as HTMLAnchorElement).getAttribute('href')).to.equal('/aide');
    await expect(el).to.be.accessible();
  });

  it('opens a conversation: plain text with its line breaks, no HTML, no clickable link; marks it read and tells the badge', async () => {
    const el = await inbox();
    const badge = await fixture<PortailNotifications>(html`<portail-notifications api-base=${API_BASE} public-key=${api.key}></portail-notifications>`);
    await waitForText(() => text(shadow(badge)), '1');
    expect(text(shadow(badge))).to.contain('(1 nouveau message)');

    (shadow(el).querySelector('[data-conversation="conv-1"]') as HTMLButtonElement).click();
    await waitForText(() => heading(el), 'Grève du jeudi 10 septembre');
    const body = $(el, '.thread .body');
    expect(body.textContent).to.contain('la cantine sera fermée.\nMerci de prévoir un repas.');
    expect(getComputedStyle(body).whiteSpace).to.equal('pre-line');
    expect(body.querySelector('b')).to.equal(null);
    expect(body.querySelector('a')).to.equal(null);
    expect(text(body)).to.contain('<b>pas du gras</b>');
    expect(shadow(el).activeElement).to.equal($(el, 'h2'));

    await waitUntil(() => api.callsTo('POST', 'messages/conv-1/read').length === 1, 'marked read');
    await waitUntil(() => text(shadow(badge)) === '', 'badge cleared');
    await expect(el).to.be.accessible();

    button(el, 'Retour aux messages').click();
    await waitUntil(() => shadow(el).querySelector('.inbox'), 'inbox back');
    await el.updateComplete;
    expect(shadow(el).activeElement?.getAttribute('data-conversation')).to.equal('conv-1');
    await waitForText(() => text(shadow(el)), 'Aucun nouveau message.');
  });

  it('sends a new message with a PDF, chosen with the keyboard, then shows the conversation', async () => {
    const el = await inbox();
    button(el, 'Nouveau message').focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(() => heading(el), 'Nouveau message');
    await waitUntil(() => (shadow(el).querySelector('#new-topic') as HTMLSelectElement | null)?.options.length === 6, 'topics loaded');
    const topic = $(el, '#new-topic') as HTMLSelectElement;
    expect([...topic.options].map((o) => o.text)).to.deep.equal(['Choisissez un sujet', 'Inscription', 'Absence', 'Facture', 'Changement de situation', 'Autre']);

    // Nothing filled: the form says what is missing, sends nothing.
    button(el, 'Envoyer le message').click();
    await waitForText(() => alertText(el), 'Le message n’a pas été envoyé');
    expect(text(shadow(el))).to.contain('Choisissez un sujet.');
    expect(text(shadow(el))).to.contain('Écrivez votre message.');
    expect(shadow(el).activeElement).to.equal(topic);
    expect(api.callsTo('POST', 'messages')).to.have.length(0);

    topic.value = 'Absence';
    ($(el, '#new-subject') as HTMLInputElement).value = 'Absence de Léa';
    ($(el, '#new-body') as HTMLTextAreaElement).value = 'Léa est malade.\nCertificat joint.';
    choose($(el, '#new-files') as HTMLInputElement, [pdf('certificat.pdf')]);
    button(el, 'Envoyer le message').click();
    await waitForText(() => heading(el), 'Absence de Léa');
    const [sent] = api.callsTo('POST', 'messages');
    const body = sent.body as { topic: string; subject: string; body: string; attachments: { name: string; data: string }[] };
    expect(body.topic).to.equal('Absence');
    expect(body.body).to.equal('Léa est malade.\nCertificat joint.');
    expect(body.attachments).to.deep.equal([{ name: 'certificat.pdf', data: btoa('%'.repeat(10)) }]);
    expect(statusText(el)).to.contain('Message envoyé au service enfance.');
    expect(text($(el, '.thread'))).to.contain('Télécharger « certificat.pdf »');
    await expect(el).to.be.accessible();
  });

  it('refuses an unsupported or too many files before sending', async () => {
    const el = await inbox();
    button(el, 'Nouveau message').click();
    await waitUntil(() => (shadow(el).querySelector('#new-topic') as HTMLSelectElement | null)?.options.length === 6, 'topics loaded');
    ($(el, '#new-topic') as HTMLSelectElement).value = 'Autre';
    ($(el, '#new-subject') as HTMLInputElement).value = 'Photo';
    ($(el, '#new-body') as HTMLTextAreaElement).value = 'Voici';
    choose($(el, '#new-files') as HTMLInputElement, [new File(['x'], 'script.html', { type: 'text/html' })]);
    button(el, 'Envoyer le message').click();
    await waitForText(() => text(shadow(el)), '« script.html » n’est pas accepté');
    choose($(el, '#new-files') as HTMLInputElement, [pdf('1.pdf'), pdf('2.pdf'), pdf('3.pdf'), pdf('4.pdf')]);
    button(el, 'Envoyer le message').click();
    await waitForText(() => text(shadow(el)), 'Joignez au plus 3 fichiers.');
    expect(api.callsTo('POST', 'messages')).to.have.length(0);
  });

  it('answers an open conversation; a closed one offers no answer form', async () => {
    const el = await inbox();
    (shadow(el).querySelector('[data-conversation="conv-1"]') as HTMLButtonElement).click();
    await waitForText(() => heading(el), 'Grève');
    ($(el, '#reply-body') as HTMLTextAreaElement).value = 'Merci, bien noté.';
    button(el, 'Envoyer la réponse').click();
    await waitForText(() => statusText(el), 'Réponse envoyée.');
    expect(api.callsTo('POST', 'messages/conv-1/replies')[0].body).to.deep.equal({ body: 'Merci, bien noté.' });
    expect(text($(el, '.thread'))).to.contain('Merci, bien noté.');

    button(el, 'Retour aux messages').click();
    await waitUntil(() => shadow(el).querySelector('[data-conversation="conv-2"]'), 'inbox back');
    (shadow(el).querySelector('[data-conversation="conv-2"]') as HTMLButtonElement).click();
    await waitForText(() => text(shadow(el)), 'Cette conversation est close.');
    expect(shadow(el).querySelector('#reply-body')).to.equal(null);
  });

  it('opens the conversation named in the address (the e-mail’s link)', async () => {
    history.replaceState(null, '', '#portail-message=conv-1');
    const el = await (async () => {
      signIn();
      return fixture<PortailMessages>(html`<portail-messages api-base=${API_BASE} public-key=${api.key}></portail-messages>`);
    })();
    await waitForText(() => heading(el), 'Grève du jeudi 10 septembre');
    expect(text($(el, '.thread'))).to.contain('la cantine sera fermée');
  });

  it('follows a link to a conversation on the same page', async () => {
    const el = await inbox();
    location.hash = '#portail-message=conv-2';
    await waitForText(() => heading(el), 'Question sur la facture');
  });

  it('a forged conversation id shows a French error, not a crash', async () => {
    history.replaceState(null, '', '#portail-message=autre-famille');
    signIn();
    const el = await fixture<PortailMessages>(html`<portail-messages api-base=${API_BASE} public-key=${api.key}></portail-messages>`);
    await waitForText(() => alertText(el), 'Conversation introuvable.');
    button(el, 'Retour aux messages').click();
    await waitUntil(() => shadow(el).querySelector('.inbox'), 'inbox shown');
  });
});

describe('<portail-accueil> and <portail-notifications>', () => {
  it('the home page says "Vous avez N nouveaux messages" with a link to the messages page', async () => {
    api.messages.conversations[1].unread = 2;
    signIn();
    const el = await fixture<PortailAccueil>(html`<portail-accueil api-base=${API_BASE} public-key=${api.key} messages-href="/messages"></portail-accueil>`);
    await waitForText(() => text(shadow(el)), 'Vous avez 3 nouveaux messages');
    const link = [...shadow(el).querySelectorAll('a')].find((a) => text(a) === 'Vous avez 3 nouveaux messages');
    expect(link?.getAttribute('href')).to.equal('/messages');
    await expect(el).to.be.accessible();
  });

  it('one unread message reads "un nouveau message"; none shows nothing', async () => {
    signIn();
    const el = await fixture<PortailAccueil>(html`<portail-accueil api-base=${API_BASE} public-key=${api.key}></portail-accueil>`);
    await waitForText(() => text(shadow(el)), 'Vous avez un nouveau message');
    api.messages.conversations[0].unread = 0;
    const badge = await fixture<PortailNotifications>(html`<portail-notifications api-base=${API_BASE} public-key=${api.key}></portail-notifications>`);
    await waitUntil(() => api.callsTo('GET', 'messages/unread').length >= 2, 'badge asked');
    await badge.updateComplete;
    expect(shadow(badge).querySelector('.badge')).to.equal(null);
  });
});

describe('<portail-demandes>', () => {
  it('lists each request with its date, state, outcome and a link to where it is handled', async () => {
    signIn();
    const el = await fixture<PortailDemandes>(
      html`<portail-demandes api-base=${API_BASE} public-key=${api.key} famille-href="/famille" planning-href="/planning" messages-href="/messages"></portail-demandes>`,
    );
    await waitUntil(() => shadow(el).querySelectorAll('li').length === 3, 'requests shown');
    const [doc, wait, message] = [...shadow(el).querySelectorAll('li')];
    expect(text(doc)).to.contain('Attestation CAF');
    expect(text(doc)).to.contain('Refusé');
    expect(text(doc)).to.contain('Réponse : Document illisible');
    expect(text(doc)).to.contain('Demandé le 2 septembre 2026, décidé le 3 septembre 2026');
    expect(doc.querySelector('a')?.getAttribute('href')).to.equal('/famille');
    expect(text(wait)).to.contain('rang 2 sur la liste d’attente');
    expect(wait.querySelector('a')?.getAttribute('href')).to.equal('/planning');
    expect(message.querySelector('a')?.getAttribute('href')).to.equal('/messages#portail-message=conv-2');
    await expect(el).to.be.accessible();
  });
});
