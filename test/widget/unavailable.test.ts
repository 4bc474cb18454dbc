import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import './helpers/define.js';
import type { PortailLogin } from '../../widget/src/components/login/portail-login.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailFactures } from '../../widget/src/components/factures/portail-factures.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { alertText, shadow, text } from './helpers/dom.js';

/**
 * A page the portal refuses, as the browser sees it: GET /config answers a readable JSON refusal
 * (CORS granted, no data), every other call fails like a request blocked by CORS.
 */
function refuse(api: MockApi, status: number, code: string, message: string): () => void {
  const mocked = window.fetch;
  window.fetch = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (!request.url.startsWith(`${API_BASE}/v1/t/${api.key}/`)) return mocked(input, init);
    if (new URL(request.url).pathname.endsWith('/config')) {
      return Promise.resolve(new Response(JSON.stringify({ code, message, requestId: 'r' }), { status, headers: { 'Content-Type': 'application/json' } }));
    }
    return Promise.reject(new TypeError('Failed to fetch'));
  };
  return () => (window.fetch = mocked);
}

defineOnce('portail-factures', PortailFactures);

let api: MockApi;
let restore: () => void;
let logged: string[];
const originalError = console.error;

beforeEach(() => {
  api = new MockApi().install();
  logged = [];
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
});

afterEach(() => {
  console.error = originalError;
  restore?.();
  api.uninstall();
  sessionStorage.clear();
});

describe('a page the portal refuses', () => {
  it('tells parents the portal is unavailable here and tells the webmaster which origin to allow, and where', async () => {
    restore = refuse(api, 403, 'origine_refusee', 'Ce site n’est pas autorisé à utiliser ce portail.');
    const el = await fixture<PortailLogin>(html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`);
    await waitUntil(() => alertText(el).includes('pas disponible'), `got "${text(shadow(el))}"`);
    expect(alertText(el)).to.equal('Le portail n’est pas disponible sur cette page.');
    expect(text(shadow(el))).not.to.match(/connexion internet|Identifiant/);
    const told = logged.filter((line) => line.startsWith('Portail Famille'));
    expect(told).to.have.length(1);
    expect(told[0]).to.contain(`ce site (${location.origin}) n’est pas autorisé`);
    expect(told[0]).to.contain(`${API_BASE}/admin`);
    expect(told[0]).to.contain('Paramètres → Sites autorisés');
    await expect(el).to.be.accessible();
  });

  it('says the same to parents on every element of the page, and tells the webmaster once', async () => {
    restore = refuse(api, 403, 'origine_refusee', 'Ce site n’est pas autorisé à utiliser ce portail.');
    const page = await fixture<HTMLDivElement>(html`<div>
      <portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>
      <portail-factures api-base=${API_BASE} public-key=${api.key}></portail-factures>
    </div>`);
    const factures = page.querySelector('portail-factures') as PortailFactures;
    await waitUntil(() => alertText(factures).includes('pas disponible'), `got "${text(shadow(factures))}"`);
    expect(text(shadow(factures))).not.to.contain('connexion internet');
    expect(logged.filter((line) => line.startsWith('Portail Famille'))).to.have.length(1);
  });

  it('names the unknown key and where to copy the right one', async () => {
    restore = refuse(api, 404, 'cle_inconnue', 'Ce portail est introuvable : la clé publique est inconnue.');
    const el = await fixture<PortailLogin>(html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`);
    await waitUntil(() => alertText(el).includes('pas disponible'), `got "${text(shadow(el))}"`);
    const told = logged.find((line) => line.includes(api.key)) ?? '';
    expect(told).to.contain(`la clé publique « ${api.key} » est inconnue`);
    expect(told).to.contain('Paramètres → Code d’intégration');
  });

  it('keeps the usual wording when the service is really unreachable', async () => {
    const mocked = window.fetch;
    window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    restore = () => (window.fetch = mocked);
    const el = await fixture<PortailLogin>(html`<portail-login api-base=${API_BASE} public-key=${api.key}></portail-login>`);
    await waitUntil(() => alertText(el).includes('momentanément indisponibles'), `got "${text(shadow(el))}"`, { timeout: 5000 });
    expect(alertText(el)).not.to.contain('pas disponible');
    expect(logged.filter((line) => line.startsWith('Portail Famille'))).to.have.length(0);
  });
});
