import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailFamille } from '../../widget/src/components/famille/portail-famille.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, shadow, statusText, text, waitForText } from './helpers/dom.js';

defineOnce('portail-famille', PortailFamille);

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

function signIn(): void {
  const session = api.issueSession();
  sessionStorage.setItem(
    `portail-famille:session:${api.key}`,
    JSON.stringify({
      token: session.token,
      family: session.family,
      idleExpiresAt: Date.parse(session.idleExpiresAt),
      expiresAt: Date.parse(session.expiresAt),
    }),
  );
}

async function renderFamille(): Promise<PortailFamille> {
  signIn();
  const el = await fixture<PortailFamille>(
    html`<portail-famille api-base=${API_BASE} public-key=${api.key}></portail-famille>`,
  );
  await waitUntil(() => shadow(el).querySelector('h2[data-focus-target]'), 'family file shown', { timeout: 4000 });
  await waitUntil(() => text(shadow(el)).includes('Règlement intérieur'), 'documents shown', { timeout: 4000 });
  return el;
}

/** The section whose own heading (h3/h4) reads `title`. */
function section(el: PortailFamille, title: string, nth = 0): HTMLElement {
  const headings = [...shadow(el).querySelectorAll('h3, h4')].filter((h) => text(h) === title);
  const found = headings[nth]?.closest('section');
  if (!found) throw new Error(`no section "${title}"`);
  return found;
}

function field(root: Element, label: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const found = [...root.querySelectorAll('label')].find((l) => text(l) === label);
  const control = found && (root.getRootNode() as ShadowRoot).getElementById(found.htmlFor);
  if (!control) throw new Error(`no field "${label}"`);
  return control as HTMLInputElement;
}

function set(root: Element, label: string, value: string): void {
  const control = field(root, label);
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function press(root: Element, name: string): void {
  const found = [...root.querySelectorAll('button')].find((b) => text(b) === name || text(b).startsWith(`${name} :`));
  if (!found) throw new Error(`no button "${name}"`);
  found.click();
}

function putsTo(group: string) {
  return api.callsTo('PUT', `famille/groups/${group}`);
}

describe('<portail-famille>', () => {
  it('invites a signed-out parent to sign in', async () => {
    const el = await fixture<PortailFamille>(
      html`<portail-famille api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-famille>`,
    );
    expect(text(shadow(el))).to.contain('Connectez-vous pour consulter et mettre à jour votre fiche famille.');
    expect($(el, 'a').getAttribute('href')).to.equal('/connexion');
    expect(api.callsTo('GET', 'famille')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('renders every section of the family file with its policy, and is accessible', async () => {
    const el = await renderFamille();
    const headings = [...shadow(el).querySelectorAll('h3, h4')].map((h) => text(h));
    expect(headings).to.include.members([
      'Responsable',
      'Conjoint',
      'Coordonnées et notifications',
      'Coordonnées',
      'Adresse de connexion',
      'E-mails de notification',
      'Données fiscales et CAF',
      'Coordonnées bancaires',
      'Membres du foyer',
      'Léa Martin',
      'Hugo Martin',
      'Identité',
      'Santé',
      "Personnes autorisées à venir chercher l’enfant",
      'Données complémentaires',
      'Documents',
      'Mes documents',
      'Documents de la commune',
      'Historique de ma fiche',
    ]);
    const all = text(shadow(el));
    for (const value of ['Claire', 'Infirmière', '06 12 34 56 78', 'parent@example.fr', 'grand-mere@example.fr', '812', 'Jeanne Durand – Grand-mère', 'École Jules-Ferry', 'CE1', 'Arachide, Kiwi', 'Sans viande', 'MAE 123456']) {
      expect(all).to.contain(value);
    }
    expect(text(section(el, 'Responsable'))).to.contain('Modifiable directement');
    expect(text(section(el, 'Santé'))).to.contain('Soumis à validation de la mairie');
    const lea = section(el, 'Léa Martin');
    expect(text(lea)).to.contain('Fiche enfant (PDF) simple');
    expect(text(lea)).to.contain('Fiche enfant (PDF) complète');
    expect(text(section(el, 'Documents'))).to.contain('Attestation CAF 2026');
    expect(text(section(el, 'Documents'))).to.contain('Refusé Motif : Document illisible');
    await waitUntil(() => lea.querySelector('img[alt="Photo de Léa"]'), 'photo fetched with the token');
    expect(api.callsTo('GET', 'famille/children/c1/photo')[0].authorization).to.match(/^Bearer /);
    const nav = $(el, 'nav');
    expect(nav.getAttribute('aria-labelledby')).to.equal('toc-title');
    [...nav.querySelectorAll('button')].find((b) => text(b) === 'Hugo Martin')!.click();
    expect(text(shadow(el).activeElement)).to.equal('Hugo Martin');
    await expect(el).to.be.accessible();
  });

  it('shows the IBAN masked only, and asks for the password to change bank details', async () => {
    const el = await renderFamille();
    const bank = section(el, 'Coordonnées bancaires');
    expect(text(bank)).to.contain('FR76 •••• •••• •••• •••• •••• 189');
    expect(text(bank)).to.contain('Soumis à validation de la mairie');
    press(bank, 'Modifier');
    await waitUntil(() => bank.querySelector('form'));
    expect(field(bank, 'IBAN').value).to.equal('');
    expect(field(bank, 'BIC').value).to.equal('AGRIFRPP');
    const password = field(bank, 'Mot de passe actuel') as HTMLInputElement;
    expect(password.type).to.equal('password');
    expect(password.autocomplete).to.equal('current-password');

    set(bank, 'IBAN', 'fr76 3000 6000 0112 3456 7890 189');
    (bank.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => alertText(el), 'Le formulaire contient des erreurs');
    expect(putsTo('bank')).to.have.length(0);
    expect(shadow(el).activeElement).to.equal(password);

    set(bank, 'Mot de passe actuel', 'pas le bon');
    (bank.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => text(bank), 'Le mot de passe est incorrect');
    expect(field(bank, 'Mot de passe actuel').getAttribute('aria-invalid')).to.equal('true');

    set(bank, 'Mot de passe actuel', api.password);
    (bank.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Votre demande a été transmise à la mairie');
    expect(putsTo('bank').at(-1)!.body).to.deep.equal({
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      accountHolder: 'Claire Martin',
      password: api.password,
    });
    expect(text(shadow(el))).not.to.contain('FR7630006000011234567890189');
  });

  it('saves a new phone number and confirms it', async () => {
    const el = await renderFamille();
    const contact = section(el, 'Coordonnées');
    press(contact, 'Modifier');
    await waitUntil(() => contact.querySelector('form'));
    expect(field(contact, 'Téléphone portable').getAttribute('autocomplete')).to.equal('mobile tel');
    expect(field(contact, 'Téléphone portable (conjoint)').getAttribute('autocomplete')).to.equal('off');
    set(contact, 'Téléphone portable', '07 00 00 00 01');
    (contact.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Modifications enregistrées');
    expect(putsTo('contact')[0].body).to.deep.equal({
      responsable: { phoneMobile: '07 00 00 00 01', phoneHome: null, phoneWork: null, email: 'claire.martin@example.fr' },
      conjoint: { phoneMobile: '06 98 76 54 32', phoneHome: null, phoneWork: null, email: null },
    });
    expect(putsTo('contact')[0].contentType).to.match(/^application\/json/);
    expect(contact.querySelector('form')).to.equal(null);
    expect(text(contact)).to.contain('07 00 00 00 01');
    expect(text(shadow(el).activeElement)).to.equal('Coordonnées');
  });

  it('shows a change that waits for validation with its old and new values', async () => {
    const el = await renderFamille();
    const health = section(el, 'Santé');
    press(health, 'Modifier');
    await waitUntil(() => health.querySelector('form'));
    expect(field(health, 'Vaccinations').value).to.equal('DTP 15/03/2024');
    set(health, 'Vaccinations', 'DTP 15/03/2024\nROR');
    (health.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => text(health), 'Chaque ligne doit finir par une date (JJ/MM/AAAA).');
    expect(putsTo('child_health')).to.have.length(0);

    set(health, 'Vaccinations', 'DTP 15/03/2024\nROR 2/5/2025');
    set(health, 'Allergies', 'Arachide\nKiwi\nLait');
    (health.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(
      () => statusText(el),
      'Votre demande a été transmise à la mairie : elle sera appliquée après validation.',
    );
    expect(putsTo('child_health')[0].body).to.deep.equal({
      childId: 'c1',
      allergies: ['Arachide', 'Kiwi', 'Lait'],
      pai: { active: true, details: 'Trousse d’urgence dans le cartable' },
      doctorName: 'Dr Bernard',
      doctorPhone: '03 80 00 00 00',
      vaccinations: [
        { name: 'DTP', date: '2024-03-15' },
        { name: 'ROR', date: '2025-05-02' },
      ],
      needsSupport: false,
      notes: null,
    });
    const pending = section(el, 'Santé').querySelector('.pending')!;
    expect(text(pending)).to.contain('En attente de validation');
    expect(text(pending)).to.contain('Allergies : Arachide, Kiwi → remplacé par Arachide, Kiwi, Lait');
    expect(text(pending)).to.contain('Vaccinations : DTP (15 mars 2024) → remplacé par DTP (15 mars 2024), ROR (2 mai 2025)');
    expect(text(section(el, 'Santé'))).to.contain('Arachide, Kiwi');
    await expect(el).to.be.accessible();
  });

  it('changes the diet with the identity of the child', async () => {
    const el = await renderFamille();
    const identity = section(el, 'Identité');
    press(identity, 'Modifier');
    await waitUntil(() => identity.querySelector('form'));
    field(identity, 'Régime alimentaire').value = 'sans_gluten';
    (identity.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Modifications enregistrées');
    expect(putsTo('child_identity')[0].body).to.deep.equal({
      childId: 'c1',
      lastName: 'Martin',
      firstName: 'Léa',
      birthDate: '2018-04-12',
      sex: 'F',
      diet: 'sans_gluten',
    });
    expect(text(section(el, 'Identité'))).to.contain('Sans gluten');
  });

  it('edits the household: removes a member and adds one', async () => {
    const el = await renderFamille();
    const household = section(el, 'Membres du foyer');
    press(household, 'Modifier');
    await waitUntil(() => household.querySelector('form'));
    (household.querySelector('input[type="checkbox"]') as HTMLInputElement).checked = true;
    const added = household.querySelectorAll('fieldset')[1];
    set(added, 'Prénom', 'Zoé');
    (household.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => text(household), 'Veuillez remplir ce champ.');
    set(added, 'Nom', 'Martin');
    set(added, 'Lien de parenté', 'Demi-sœur');
    (household.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Modifications enregistrées');
    expect(putsTo('household').at(-1)!.body).to.deep.equal({
      members: [{ firstName: 'Zoé', lastName: 'Martin', relation: 'Demi-sœur', birthDate: null }],
    });
    expect(text(section(el, 'Membres du foyer'))).to.contain('Zoé Martin – Demi-sœur');
  });

  it('shows 422 errors next to their fields and in a summary, then is accessible', async () => {
    const el = await renderFamille();
    const responsable = section(el, 'Responsable');
    press(responsable, 'Modifier');
    await waitUntil(() => responsable.querySelector('form'));
    expect(shadow(el).activeElement).to.equal(field(responsable, 'Civilité'));
    await expect(el).to.be.accessible();

    api.famille.fieldErrors = { lastName: 'Le nom est trop long.', birthDate: 'La date est invalide.' };
    (responsable.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => alertText(el), 'Certains champs sont mal remplis.');
    const lastName = field(responsable, 'Nom');
    expect(lastName.getAttribute('aria-invalid')).to.equal('true');
    const described = lastName.getAttribute('aria-describedby')!;
    expect(text(shadow(el).getElementById(described))).to.equal('Le nom est trop long.');
    expect(field(responsable, 'Date de naissance').getAttribute('aria-invalid')).to.equal('true');
    expect(field(responsable, 'Prénom').hasAttribute('aria-invalid')).to.equal(false);
    expect(alertText(el)).to.contain('Nom : Le nom est trop long.');
    expect(alertText(el)).to.contain('Date de naissance : La date est invalide.');
    expect(shadow(el).activeElement).to.equal(lastName);
    await expect(el).to.be.accessible();

    press(responsable, 'Annuler');
    await waitUntil(() => !responsable.querySelector('form'));
    expect(text(shadow(el).activeElement)).to.equal('Responsable');
  });

  it('adds a person allowed to pick the child up', async () => {
    const el = await renderFamille();
    const pickup = section(el, "Personnes autorisées à venir chercher l’enfant", 1);
    expect(text(pickup)).to.contain('Aucune personne enregistrée.');
    press(pickup, 'Ajouter une personne');
    await waitUntil(() => pickup.querySelector('form'));
    set(pickup, 'Nom', 'Lefèvre');
    set(pickup, 'Prénom', 'Marc');
    set(pickup, "Lien avec l’enfant", 'Voisin');
    set(pickup, 'Téléphone', '06 55 44 33 22');
    field(pickup, 'Autorisation').value = 'false';
    (pickup.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Modifications enregistrées');
    const call = api.callsTo('POST', 'famille/children/c2/pickup-persons')[0];
    expect(call.body).to.deep.equal({ lastName: 'Lefèvre', firstName: 'Marc', relation: 'Voisin', phone: '06 55 44 33 22', allowed: false });
    expect(text(pickup)).to.contain('Marc Lefèvre – Voisin – 06 55 44 33 22 Interdite');
  });

  it('removes a pickup person after confirmation', async () => {
    const el = await renderFamille();
    const pickup = section(el, "Personnes autorisées à venir chercher l’enfant");
    press(pickup, 'Supprimer');
    await waitForText(() => text(pickup), 'Retirer Jeanne Durand de la liste ?');
    press(pickup, 'Retirer');
    await waitForText(() => text(pickup), 'Aucune personne enregistrée.');
    expect(api.callsTo('DELETE', 'famille/children/c1/pickup-persons/pp1')).to.have.length(1);
  });

  it('uploads a document, checks its size first, and lists it as waiting', async () => {
    const el = await renderFamille();
    const documents = section(el, 'Documents');
    const typeSelect = field(documents, 'Type de document') as HTMLSelectElement;
    expect([...typeSelect.options].map((o) => o.text)).to.deep.equal([
      'Choisissez un type',
      'Attestation CAF',
      'Certificat médical',
      'Justificatif de domicile',
      "Attestation d’assurance",
      'PAI',
      'Jugement de garde',
      'Autre',
    ]);
    const fileInput = field(documents, 'Fichier') as HTMLInputElement;
    expect(fileInput.accept).to.equal('application/pdf,image/jpeg,image/png');
    typeSelect.value = 'justificatif_domicile';
    set(documents, 'Titre', 'Facture EDF');
    (field(documents, 'Enfant concerné (facultatif)') as HTMLSelectElement).value = 'c1';

    const tooBig = new DataTransfer();
    tooBig.items.add(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'gros.pdf', { type: 'application/pdf' }));
    fileInput.files = tooBig.files;
    (documents.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => text(documents), 'Ce fichier dépasse 5 Mo.');
    expect(api.callsTo('POST', 'documents')).to.have.length(0);

    const ok = new DataTransfer();
    ok.items.add(new File(['%PDF-1.4 edf'], 'edf.pdf', { type: 'application/pdf' }));
    fileInput.files = ok.files;
    (documents.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Document envoyé');
    expect(api.callsTo('POST', 'documents')[0].body).to.deep.equal({
      type: 'justificatif_domicile',
      title: 'Facture EDF',
      childId: 'c1',
      data: btoa('%PDF-1.4 edf'),
    });
    const first = documents.querySelector('.list li')!;
    expect(text(first)).to.contain('Facture EDF – Justificatif de domicile – Léa');
    expect(text(first)).to.contain('En attente');
  });

  it('downloads the commune documents and the exports with the session token', async () => {
    const el = await renderFamille();
    press(section(el, 'Documents'), 'Télécharger « Règlement intérieur 2026-2027 »');
    await waitUntil(() => api.callsTo('GET', 'documents/p1/file').length === 1);
    press(shadow(el) as unknown as Element, 'Télécharger mes données (JSON)');
    await waitUntil(() => api.callsTo('GET', 'famille/export.json').length === 1);
    await waitUntil(() => !statusText(el).includes('Préparation'));
    press(section(el, 'Léa Martin'), 'Fiche enfant (PDF) complète');
    await waitUntil(() => api.callsTo('GET', 'famille/children/c1/fiche.pdf').length === 1);
    expect(api.callsTo('GET', 'famille/children/c1/fiche.pdf')[0].query).to.deep.equal({ edition: 'complete' });
    for (const call of api.calls.filter((c) => c.method === 'GET' && c.path !== 'config')) {
      expect(call.authorization).to.match(/^Bearer tok_/);
    }
  });

  it('checks a new photo, previews it and sends it', async () => {
    const el = await renderFamille();
    const identity = section(el, 'Identité', 1);
    const photo = field(identity, 'Nouvelle photo') as HTMLInputElement;
    expect(photo.accept).to.equal('image/png,image/jpeg');
    const big = new DataTransfer();
    big.items.add(new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'grande.jpg', { type: 'image/jpeg' }));
    photo.files = big.files;
    photo.dispatchEvent(new Event('change'));
    await waitForText(() => text(identity), 'Cette photo dépasse 2 Mo');
    expect(photo.getAttribute('aria-invalid')).to.equal('true');

    const small = new DataTransfer();
    small.items.add(new File(['png'], 'hugo.png', { type: 'image/png' }));
    photo.files = small.files;
    photo.dispatchEvent(new Event('change'));
    await waitUntil(() => identity.querySelector('img[alt="Aperçu de la nouvelle photo"]'));
    press(identity, 'Envoyer la photo');
    await waitForText(() => statusText(el), 'Photo enregistrée.');
    expect(api.callsTo('PUT', 'famille/children/c2/photo')[0].body).to.deep.equal({ data: btoa('png') });
    await waitUntil(() => identity.querySelector('img[alt="Photo de Hugo"]'));
  });

  it('changes the login e-mail only with the password', async () => {
    const el = await renderFamille();
    const login = section(el, 'Adresse de connexion');
    press(login, "Changer l’adresse de connexion");
    await waitUntil(() => login.querySelector('form'));
    set(login, 'Nouvelle adresse de connexion', 'claire@example.fr');
    set(login, 'Mot de passe actuel', api.password);
    (login.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), "un e-mail de confirmation a été envoyé à l’ancienne adresse");
    expect(api.callsTo('POST', 'famille/login-email')[0].body).to.deep.equal({ email: 'claire@example.fr', password: api.password });
    expect(text(login)).to.contain('claire@example.fr');
  });

  it('edits the notification e-mails (up to three)', async () => {
    const el = await renderFamille();
    const notifications = section(el, 'E-mails de notification');
    press(notifications, 'Modifier');
    await waitUntil(() => notifications.querySelector('form'));
    expect(notifications.querySelectorAll('input[type="email"]')).to.have.length(3);
    set(notifications, 'Adresse de notification 2', 'papa@example.fr');
    (notifications.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitForText(() => statusText(el), 'Modifications enregistrées');
    expect(putsTo('notifications')[0].body).to.deep.equal({ emails: ['grand-mere@example.fr', 'papa@example.fr'] });
  });

  it('opens the history of the file', async () => {
    const el = await renderFamille();
    const history = section(el, 'Historique de ma fiche');
    const toggle = history.querySelector('button')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await waitForText(() => text(history), 'Coordonnées : Téléphone portable – modification par internet');
    expect(text(history)).to.contain('Santé (Léa) : Allergies – demande validée par la mairie');
    expect(text(history)).to.not.contain('Responsable');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  });

  it('gives each child a private calendar address: created, copied, opened with webcal, replaced and switched off', async () => {
    const el = await renderFamille();
    const agenda = section(el, 'Ajouter à mon agenda');
    expect(text(agenda)).to.contain('Les jours réservés pour Léa apparaissent dans l’agenda de votre téléphone');
    press(agenda, 'Créer l’adresse de l’agenda');
    await waitForText(() => statusText(el), 'Adresse créée : ajoutez-la à votre agenda.');
    const address = field(section(el, 'Ajouter à mon agenda'), 'Adresse de l’agenda (Léa)') as HTMLInputElement;
    const first = api.famille.feeds[0]!;
    expect(address.value).to.equal(first.url);
    expect(address.readOnly).to.equal(true);
    const webcal = [...section(el, 'Ajouter à mon agenda').querySelectorAll('a')].find((a) => text(a).startsWith('Ouvrir dans mon agenda'))!;
    expect(webcal.getAttribute('href')).to.equal(first.webcalUrl);
    expect(webcal.getAttribute('href')).to.match(/^webcal:\/\//);
    expect(text(webcal)).to.equal('Ouvrir dans mon agenda : Léa');

    press(section(el, 'Ajouter à mon agenda'), 'Copier l’adresse');
    await waitUntil(() => /Adresse (copiée|sélectionnée)/.test(statusText(el)), 'copy confirmed');
    await expect(el).to.be.accessible();

    press(section(el, 'Ajouter à mon agenda'), 'Changer l’adresse');
    await waitForText(() => statusText(el), 'Nouvelle adresse créée : l’ancienne ne fonctionne plus');
    expect(api.callsTo('POST', 'agenda/children/c1/regenerate')).to.have.length(1);
    const second = api.famille.feeds[0]!;
    expect(second.url).not.to.equal(first.url);
    expect((field(section(el, 'Ajouter à mon agenda'), 'Adresse de l’agenda (Léa)') as HTMLInputElement).value).to.equal(second.url);

    press(section(el, 'Ajouter à mon agenda'), 'Désactiver');
    await waitForText(() => statusText(el), 'Agenda désactivé : son adresse ne fonctionne plus.');
    expect(api.callsTo('DELETE', 'agenda/children/c1')).to.have.length(1);
    expect(section(el, 'Ajouter à mon agenda').querySelector('input')).to.equal(null);
    // Hugo's card has its own, untouched.
    expect(text(section(el, 'Ajouter à mon agenda', 1))).to.contain('Les jours réservés pour Hugo');
    await expect(el).to.be.accessible();
  });

  it('edits a field with the keyboard only', async () => {
    const el = await renderFamille();
    const fiscal = section(el, 'Données fiscales et CAF');
    const edit = [...fiscal.querySelectorAll('button')].find((b) => text(b).startsWith('Modifier'))!;
    edit.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => fiscal.querySelector('form'));
    expect(shadow(el).activeElement).to.equal(field(fiscal, 'Quotient familial'));
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'KeyA' });
    await sendKeys({ up: 'Control' });
    await sendKeys({ type: '640' });
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(field(fiscal, 'Numéro allocataire CAF'));
    await sendKeys({ press: 'Enter' });
    await waitForText(() => statusText(el), 'Votre demande a été transmise à la mairie');
    expect(putsTo('fiscal')[0].body).to.deep.equal({ quotientFamilial: 640, cafNumber: '1234567', fiscalIncome: 38500, fiscalShares: 2.5 });
    expect(text(shadow(el).activeElement)).to.equal('Données fiscales et CAF');
    expect(text(section(el, 'Données fiscales et CAF'))).to.contain('Quotient familial : 812 → remplacé par 640');
  });

  it('fits a 320 px wide column without horizontal overflow, in read and edit views', async () => {
    signIn();
    const page = await fixture<HTMLDivElement>(html`<div style="width: 320px">
      <portail-famille api-base=${API_BASE} public-key=${api.key}></portail-famille>
    </div>`);
    const el = page.querySelector('portail-famille') as PortailFamille;
    await waitUntil(() => text(shadow(el)).includes('Règlement intérieur'), 'loaded', { timeout: 4000 });
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(page.scrollWidth).to.be.at.most(320);
    press(section(el, 'Conjoint'), 'Modifier');
    press(section(el, 'Santé'), 'Modifier');
    await waitUntil(() => section(el, 'Santé').querySelector('form'));
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(page.scrollWidth).to.be.at.most(320);
  });

  it('folds a section under its heading and unfolds it again', async () => {
    const el = await renderFamille();
    const fiscal = section(el, 'Données fiscales et CAF');
    const fold = fiscal.querySelector('h3 button.fold') as HTMLButtonElement;
    const edit = [...fiscal.querySelectorAll('button')].find((b) => text(b).startsWith('Modifier'))!;
    expect(fold.getAttribute('aria-expanded')).to.equal('true');
    expect(edit.checkVisibility()).to.equal(true);
    fold.click();
    await el.updateComplete;
    expect(fold.getAttribute('aria-expanded')).to.equal('false');
    expect(edit.checkVisibility()).to.equal(false);
    expect(text(fiscal)).to.contain('Données fiscales et CAF');
    fold.click();
    await el.updateComplete;
    expect(edit.checkVisibility()).to.equal(true);
  });

  it('starts folded on a phone: a short list of headings, each opened from itself or from "Sur cette page"', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const el = await renderFamille();
      const folds = [...shadow(el).querySelectorAll<HTMLButtonElement>('h3 button.fold')];
      expect(folds.length).to.be.at.least(8);
      expect(folds.every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(true);
      expect(el.getBoundingClientRect().height).to.be.below(1800);
      const conjoint = section(el, 'Conjoint');
      const tocLink = [...shadow(el).querySelectorAll<HTMLButtonElement>('nav button')].find((b) => text(b) === 'Conjoint')!;
      tocLink.click();
      await el.updateComplete;
      expect(conjoint.querySelector('h3 button')!.getAttribute('aria-expanded')).to.equal('true');
      expect(shadow(el).activeElement).to.equal(conjoint.querySelector('h3'));
      expect(text(conjoint)).to.contain('Modifier');
      (shadow(el).querySelector('.fold-all button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(folds.every((b) => b.getAttribute('aria-expanded') === 'true')).to.equal(true);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('speaks English when the page says lang="en"', async () => {
    signIn();
    const el = await fixture<PortailFamille>(
      html`<portail-famille lang="en" api-base=${API_BASE} public-key=${api.key}></portail-famille>`,
    );
    await waitUntil(() => text(shadow(el).querySelector('h2')) === 'Your family file', 'English heading', { timeout: 4000 });
    expect(text(shadow(el))).to.contain('Subject to the town hall\'s approval');
    expect(text(shadow(el))).to.contain('Tax and CAF data');
  });
});
