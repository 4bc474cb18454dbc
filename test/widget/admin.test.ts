import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { shadow, text } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { PortailAdmin } from '../../widget/src/admin/shell/portail-admin.js';
import type { PortailAdminSettings } from '../../widget/src/admin/settings/portail-admin-settings.js';
import type { StaffSessionInfo } from '../../widget/src/admin/api/session.js';
import type { PublicKey, TenantSettings } from '../../widget/src/admin/api/settings.js';

/** The staff API as the server answers it, behind a replaced window.fetch. */
class MockAdminApi {
  calls: { method: string; path: string; body: unknown; contentType: string | null; credentials?: RequestCredentials }[] = [];
  loggedIn = false;
  role: 'admin' | 'agent' = 'admin';
  password = 'mot de passe du personnel';
  settings: TenantSettings = {
    name: 'Ville de Démo',
    logo: null,
    primaryColor: '#1d4f91',
    primaryTextColor: '#ffffff',
    infoMessage: 'Inscriptions ouvertes.',
    infoDate: '2026-09-02',
    contactEmail: 'enfance@ville-demo.fr',
    portalUrl: 'https://www.ville-demo.fr/famille',
    updatedAt: '2026-09-01T08:00:00Z',
  };
  keys: PublicKey[] = [{ id: 'k1', key: 'pk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', label: 'Clé principale', createdAt: '2026-09-01T08:00:00Z', revokedAt: null, active: true }];
  private original = window.fetch;

  session(): StaffSessionInfo {
    return {
      staff: { id: 's1', email: 'agent@mairie.fr', displayName: 'Claire Martin', role: this.role },
      tenant: { name: this.settings.name },
      idleExpiresAt: '2026-09-07T08:30:00Z',
      expiresAt: '2026-09-07T20:00:00Z',
    };
  }

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body, headers, credentials } = await readSent(input, init);
      this.calls.push({ method, path: url.pathname, body, contentType: headers['Content-Type'] ?? null, credentials });
      return this.answer(method, path, body);
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }

  private json(status: number, body: unknown) {
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }

  private error(status: number, code: string, message: string, fields?: Record<string, string>) {
    return this.json(status, { code, message, requestId: 'r1', ...(fields ? { fields } : {}) });
  }

  private answer(method: string, path: string, body: any): Response {
    if (path === '/session' && method === 'POST') {
      if (body.email !== 'agent@mairie.fr' || body.password !== this.password) return this.error(401, 'identifiants_invalides', 'Adresse e-mail ou mot de passe incorrect.');
      this.loggedIn = true;
      return this.json(201, this.session());
    }
    if (path === '/activation' && method === 'POST') {
      return body.token === 'jeton-activation-valide-1234567890'
        ? this.json(200, { message: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.' })
        : this.error(400, 'lien_invalide', 'Ce lien d’activation n’est plus valable.');
    }
    if (!this.loggedIn) return this.error(401, 'session_expiree', 'Votre session a expiré. Veuillez vous reconnecter.');
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /session':
        return this.json(200, this.session());
      case 'DELETE /session':
        this.loggedIn = false;
        return this.json(204, null);
      case 'GET /settings':
        return this.json(200, this.settings);
      case 'PATCH /settings':
        if (body.primaryTextColor === '#5a7fb0') {
          const message = 'Le contraste entre la couleur principale et la couleur du texte est de 1,97:1 : il doit être d’au moins 4,5:1 pour que le texte reste lisible.';
          return this.error(422, 'contraste_insuffisant', message, { primaryTextColor: message });
        }
        this.settings = { ...this.settings, ...body };
        return this.json(200, this.settings);
      case 'GET /origins':
        return this.json(200, [{ id: 'o1', origin: 'https://www.ville-demo.fr', createdAt: '2026-09-01T08:00:00Z' }]);
      case 'GET /keys':
        return this.json(200, this.keys);
      case 'POST /keys/k1/revoke':
        if (!body.confirmLast) return this.error(409, 'derniere_cle', 'C’est la dernière clé active : confirmez pour la révoquer quand même.');
        this.keys = [{ ...this.keys[0], active: false, revokedAt: '2026-09-07T08:00:00Z' }];
        return this.json(200, this.keys);
      case 'GET /snippet':
        return this.json(200, {
          publicKey: this.keys[0].key,
          version: 'abcdef123456',
          integrity: 'sha384-ZmFrZQ',
          scriptUrl: 'https://portail.test/widget/v1/abcdef123456/portail.js',
          script: '<script type="module" src="https://portail.test/widget/v1/abcdef123456/portail.js" integrity="sha384-ZmFrZQ" crossorigin="anonymous"></script>',
          elements: ['<portail-login></portail-login>'],
          html: '<script type="module" src="https://portail.test/widget/v1/abcdef123456/portail.js" integrity="sha384-ZmFrZQ" crossorigin="anonymous"></script>\n<portail-login></portail-login>',
        });
      case 'GET /audit':
        return this.json(200, [{ id: 'a1', action: 'commune_creee', label: 'Commune créée', description: '', by: 'Plateforme', at: '2026-09-01T08:00:00Z' }]);
      default:
        return this.error(404, 'introuvable', 'Cette adresse n’existe pas.');
    }
  }
}

let api: MockAdminApi;

beforeEach(() => {
  api = new MockAdminApi().install();
});
afterEach(() => api.uninstall());

const child = <T extends Element>(el: Element, tag: string) => shadow(el).querySelector(tag) as T;
const field = (root: Element, id: string) => shadow(root).getElementById(id) as HTMLInputElement;
const buttonNamed = (root: Element, name: string) => [...shadow(root).querySelectorAll('button')].find((b) => text(b) === name) as HTMLButtonElement;
const roleText = (root: Element, role: string) => [...shadow(root).querySelectorAll(`[role="${role}"]`)].map((n) => text(n)).join(' ');

async function renderAdmin(): Promise<PortailAdmin> {
  const el = await fixture<PortailAdmin>(html`<portail-admin></portail-admin>`);
  await waitUntil(() => shadow(el).querySelector('portail-admin-login, portail-admin-settings'), 'view chosen');
  return el;
}

async function settingsReady(el: PortailAdmin) {
  await waitUntil(() => child(el, 'portail-admin-settings') && field(child(el, 'portail-admin-settings'), 'name'), 'settings loaded', { timeout: 4000 });
  const keys = child(el, 'portail-admin-keys');
  await waitUntil(() => shadow(keys).querySelector('tbody tr'), 'keys loaded');
  const audit = child(el, 'portail-admin-audit');
  await waitUntil(() => shadow(audit).querySelector('tbody tr'), 'audit loaded');
  return child<PortailAdminSettings>(el, 'portail-admin-settings');
}

describe('<portail-admin>', () => {
  it('shows the staff login form when there is no session, and it is accessible', async () => {
    const el = await renderAdmin();
    const login = child(el, 'portail-admin-login');
    expect(text(shadow(el).querySelector('h1'))).to.equal('Portail famille – espace du personnel');
    expect(text(shadow(login).querySelector('h2'))).to.equal('Connexion du personnel');
    expect(field(login, 'email').autocomplete).to.equal('username');
    expect(field(login, 'password').type).to.equal('password');
    await expect(el).to.be.accessible();
  });

  it('logs in with the keyboard, sends JSON with same-origin credentials, and shows the settings', async () => {
    const el = await renderAdmin();
    const login = child(el, 'portail-admin-login');
    field(login, 'email').focus();
    await sendKeys({ type: 'agent@mairie.fr' });
    await sendKeys({ press: 'Tab' });
    expect(shadow(login).activeElement?.id).to.equal('password');
    await sendKeys({ type: api.password });
    await sendKeys({ press: 'Enter' });
    const settings = await settingsReady(el);

    const loginCall = api.calls.find((c) => c.method === 'POST' && c.path === '/admin/api/session')!;
    expect(loginCall.body).to.deep.equal({ email: 'agent@mairie.fr', password: api.password });
    expect(loginCall.contentType).to.equal('application/json');
    expect(loginCall.credentials).to.equal('same-origin');
    expect(text(shadow(el).querySelector('h1'))).to.equal('Réglages du portail famille – Ville de Démo');
    expect(shadow(el).activeElement?.localName).to.equal('h1');
    expect(field(settings, 'name').value).to.equal('Ville de Démo');
    expect(field(settings, 'name').disabled).to.equal(false);

    const snippet = child(el, 'portail-admin-snippet');
    await waitUntil(() => text(shadow(snippet).querySelector('pre')).includes('integrity="sha384-ZmFrZQ"'), 'snippet shown');
    expect(text(shadow(snippet).querySelector('dl'))).to.contain('sha384-ZmFrZQ');
    const audit = child(el, 'portail-admin-audit');
    expect(text(shadow(audit).querySelector('h2'))).to.equal('Historique des modifications');
    expect(text(shadow(audit).querySelector('tbody'))).to.contain('Commune créée');
    await expect(el).to.be.accessible();
  });

  it('tells a wrong password in an alert and keeps the login form', async () => {
    const el = await renderAdmin();
    const login = child(el, 'portail-admin-login');
    field(login, 'email').value = 'agent@mairie.fr';
    field(login, 'password').value = 'mauvais mot de passe';
    buttonNamed(login, 'Se connecter').click();
    await waitUntil(() => roleText(login, 'alert').includes('incorrect'), 'error shown');
    expect(roleText(login, 'alert')).to.equal('Adresse e-mail ou mot de passe incorrect.');
    expect(field(login, 'password').value).to.equal('');
    expect(child(el, 'portail-admin-settings')).to.equal(null);
  });

  it('saves only the changed settings and announces "Modifications enregistrées"', async () => {
    api.loggedIn = true;
    const el = await renderAdmin();
    const settings = await settingsReady(el);
    const info = shadow(settings).getElementById('infoMessage') as HTMLTextAreaElement;
    info.value = 'Fermeture exceptionnelle le 11 novembre.';
    info.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settings.updateComplete;
    const preview = shadow(settings).querySelector('portail-admin-preview')!;
    await (preview as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(text(shadow(preview).querySelector('.info'))).to.contain('Fermeture exceptionnelle le 11 novembre.');

    buttonNamed(settings, 'Enregistrer les réglages').click();
    await waitUntil(() => roleText(settings, 'status').includes('Modifications enregistrées'), 'saved');
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ infoMessage: 'Fermeture exceptionnelle le 11 novembre.' });
    expect(patch.credentials).to.equal('same-origin');
    // The history reloads after a change.
    await waitUntil(() => api.calls.filter((c) => c.path === '/admin/api/audit').length === 2, 'audit reloaded');
  });

  it('shows a refused colour contrast next to the field and moves focus there', async () => {
    api.loggedIn = true;
    const el = await renderAdmin();
    const settings = await settingsReady(el);
    const colour = field(settings, 'primaryTextColor');
    colour.value = '#5a7fb0';
    colour.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settings.updateComplete;
    expect(text(shadow(settings).querySelector('[aria-live]'))).to.contain('insuffisant');
    buttonNamed(settings, 'Enregistrer les réglages').click();
    await waitUntil(() => roleText(settings, 'alert').includes('1,97:1'), 'contrast refused');
    expect(colour.getAttribute('aria-invalid')).to.equal('true');
    const error = shadow(settings).getElementById('primaryTextColor-error')!;
    expect(colour.getAttribute('aria-describedby')).to.contain('primaryTextColor-error');
    expect(text(error)).to.contain('4,5:1');
    expect(shadow(settings).activeElement).to.equal(colour);
    await expect(settings).to.be.accessible();
  });

  it('shows an agent the settings read-only, without any change button', async () => {
    api.loggedIn = true;
    api.role = 'agent';
    const el = await renderAdmin();
    const settings = await settingsReady(el);
    expect(field(settings, 'name').matches(':disabled')).to.equal(true);
    expect(buttonNamed(settings, 'Enregistrer les réglages')).to.equal(undefined);
    expect(buttonNamed(child(el, 'portail-admin-keys'), 'Créer une nouvelle clé')).to.equal(undefined);
    expect(shadow(child(el, 'portail-admin-origins')).querySelector('form')).to.equal(null);
    expect(text(shadow(el).querySelector('.who'))).to.contain('(agent)');
    await expect(el).to.be.accessible();
  });

  it('asks for confirmation before revoking the last active key', async () => {
    api.loggedIn = true;
    const el = await renderAdmin();
    await settingsReady(el);
    const keys = child(el, 'portail-admin-keys');
    buttonNamed(keys, 'Révoquer').click();
    await waitUntil(() => roleText(keys, 'alert').includes('dernière clé'), 'confirmation asked');
    const confirm = buttonNamed(keys, 'Révoquer quand même la dernière clé');
    expect(shadow(keys).activeElement).to.equal(confirm);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => roleText(keys, 'status').includes('clé révoquée'), 'revoked');
    expect(api.calls.filter((c) => c.path === '/admin/api/keys/k1/revoke').map((c) => c.body)).to.deep.equal([{}, { confirmLast: true }]);
    expect(text(shadow(keys).querySelector('tbody'))).to.contain('Révoquée le');
  });

  it('logs out back to the login form', async () => {
    api.loggedIn = true;
    const el = await renderAdmin();
    await settingsReady(el);
    buttonNamed(el, 'Se déconnecter').click();
    await waitUntil(() => child(el, 'portail-admin-login'), 'login shown');
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/admin/api/session')).to.equal(true);
  });
});

describe('<portail-admin view="activation">', () => {
  it('reads the token from the fragment, removes it from the address bar, and sets the password', async () => {
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}${location.search}#jeton-activation-valide-1234567890`);
    const el = await fixture<PortailAdmin>(html`<portail-admin view="activation"></portail-admin>`);
    const activation = child(el, 'portail-admin-activation');
    await (activation as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(location.hash).to.equal('');
    await expect(el).to.be.accessible();

    field(activation, 'password').value = 'court';
    buttonNamed(activation, 'Enregistrer mon mot de passe').click();
    await waitUntil(() => field(activation, 'password').getAttribute('aria-invalid') === 'true', 'too short');
    expect(text(shadow(activation).getElementById('password-error'))).to.contain('12 caractères');
    expect(api.calls).to.have.length(0);

    field(activation, 'password').value = 'une phrase de passe solide';
    field(activation, 'confirm').value = 'une phrase de passe solide';
    buttonNamed(activation, 'Enregistrer mon mot de passe').click();
    await waitUntil(() => roleText(activation, 'status').includes('Vous pouvez maintenant vous connecter'), 'activated');
    expect(api.calls[0].body).to.deep.equal({ token: 'jeton-activation-valide-1234567890', password: 'une phrase de passe solide' });
    history.replaceState(null, '', before);
  });
});
