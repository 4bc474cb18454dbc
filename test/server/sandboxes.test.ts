import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandboxes, SANDBOX_PAYBOX, SANDBOX_SYSTEMPAY } from '../../demo/sandboxes/index.js';
import { payboxHmac, payboxVerify } from '../../server/src/payments/paybox-signature.js';
import { systempaySignature, verifySystempaySignature } from '../../server/src/payments/systempay-signature.js';

/**
 * The demo payment sandboxes, seen from the portal's adapters: each one must behave on the wire
 * as the real provider does (paths, fields, signatures, errors), so that what works against the
 * sandbox works against the provider.
 */

interface ServerCall {
  url: string;
  method: string;
  body: string;
  contentType: string | null;
}

/** A sandbox whose server-to-server calls are recorded instead of sent, at a settable time. */
function sandbox(fetchImpl?: typeof fetch) {
  const calls: ServerCall[] = [];
  const clock = { now: new Date('2026-09-07T08:00:00Z') };
  const recording: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    calls.push({ url: String(input), method: init?.method ?? 'GET', body: init?.body ? String(init.body) : '', contentType: headers.get('Content-Type') });
    return new Response('OK');
  };
  const app = createSandboxes({ publicUrl: 'http://localhost:3000', fetch: fetchImpl ?? recording, now: () => clock.now });
  return { app, calls, clock, later: (minutes: number) => (clock.now = new Date(clock.now.getTime() + minutes * 60_000)) };
}

type App = ReturnType<typeof sandbox>['app'];

const text = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1];

// ---------------------------------------------------------------------------------------------
// PayFiP web service
// ---------------------------------------------------------------------------------------------

const SERVICE_NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

function envelope(operation: string, args: Record<string, string>) {
  const children = Object.entries(args)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pai="${SERVICE_NS}"><soapenv:Header/><soapenv:Body><pai:${operation}><arg0>${children}</arg0></pai:${operation}></soapenv:Body></soapenv:Envelope>`;
}

async function soap(app: App, body: string) {
  const response = await app.request('/payfip/tpa/services/securite', { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body });
  const xml = await response.text();
  const element = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>|<${name}/>`).exec(xml)?.[1];
  return { status: response.status, xml, element, fault: xml.includes('<soap:Fault>') ? element('code') : undefined };
}

const DEBT = {
  exer: '2026',
  mel: 'famille.martin@exemple.fr',
  montant: '7055',
  numcli: '090909',
  objet: 'Facture 2026 PERI 000012 septembre 2026',
  refdet: '2026PERI000012',
  saisie: 'T',
  urlnotif: 'http://localhost:3000/v1/paiement/t1/payfip/notification',
  urlredirect: 'http://localhost:3000/v1/paiement/t1/payfip/retour?paiement=p1',
};

async function createOperation(app: App, debt: Record<string, string> = DEBT) {
  const created = await soap(app, envelope('creerPaiementSecurise', debt));
  expect(created.fault).toBeUndefined();
  return created.element('idOp')!;
}

describe('PayFiP sandbox (web service)', () => {
  it('creates an operation, shows its payment page and, once paid, notifies the town and answers the detail with P and an authorisation number', async () => {
    const { app, calls } = sandbox();
    const idOp = await createOperation(app);
    expect(idOp).toMatch(/^[0-9a-f-]{36}$/);

    const page = await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Environnement de démonstration — aucun paiement réel n’est effectué');
    expect(html).toContain('Ville de Démo – Régie enfance');
    expect(html).toContain('2026PERI000012');
    expect(html).toContain('70,55 €');
    expect(html).toContain('famille.martin@exemple.fr');
    for (const label of ['Payer', 'Refuser le paiement (test)', 'Annuler le paiement']) expect(html).toContain(`>${label}</button>`);
    // Every visible field has its label; the decorative card fields have no name, so nothing of them is ever sent.
    for (const id of ['carte-numero', 'carte-expiration', 'carte-cryptogramme']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toMatch(new RegExp(`<input id="${id}" value="[^"]+"(?![^>]*name=)`));
    }

    // Not decided yet: P5.
    expect((await soap(app, envelope('recupererDetailPaiementSecurise', { idOp }))).fault).toBe('P5');

    const paid = await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`, { method: 'POST', body: new URLSearchParams({ idop: idOp, decision: 'payer' }) });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('Location')).toBe(`${DEBT.urlredirect}&idop=${idOp}`);
    expect(calls).toEqual([{ url: `${DEBT.urlnotif}?idop=${idOp}`, method: 'GET', body: '', contentType: null }]);

    const detail = await soap(app, envelope('recupererDetailPaiementSecurise', { idOp }));
    expect(detail.status).toBe(200);
    expect(detail.element('resultrans')).toBe('P');
    expect(detail.element('numauto')).toMatch(/\S/);
    expect(detail.element('montant')).toBe('7055');
    expect(detail.element('refdet')).toBe('2026PERI000012');
    expect(detail.element('numcli')).toBe('090909');
    expect(detail.element('mel')).toBe('famille.martin@exemple.fr');
    expect(detail.element('idOp')).toBe(idOp);
    // Paris time of the decision: 10:00 on 7 September 2026.
    expect(detail.element('dattrans')).toBe('07092026');
    expect(detail.element('heurtrans')).toBe('1000');

    // The operation cannot be paid a second time.
    expect((await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`)).status).toBe(410);
    const again = await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`, { method: 'POST', body: new URLSearchParams({ idop: idOp, decision: 'payer' }) });
    expect(again.status).toBe(410);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['refuser', 'R'],
    ['annuler', 'A'],
  ])('records "%s" as resultrans %s, without an authorisation number', async (decision, resultrans) => {
    const { app } = sandbox();
    const idOp = await createOperation(app, { ...DEBT, urlredirect: 'https://www.ville.fr/factures.html' });
    const response = await app.request('/payfip/tpa/paiementws.web', { method: 'POST', body: new URLSearchParams({ idop: idOp, decision }) });
    expect(response.headers.get('Location')).toBe(`https://www.ville.fr/factures.html?idop=${idOp}`);
    const detail = await soap(app, envelope('recupererDetailPaiementSecurise', { idOp }));
    expect(detail.element('resultrans')).toBe(resultrans);
    expect(detail.element('numauto') ?? '').toBe('');
  });

  it.each([
    ['a refdet under 6 characters', { refdet: 'ABCD' }, 'R3'],
    ['a refdet with a dash', { refdet: '2026-PERI-12' }, 'R3'],
    ['a mail without @', { mel: 'famille.exemple.fr' }, 'A2'],
    ['an amount under 1 €', { montant: '99' }, 'M3'],
    ['an amount in euros', { montant: '70.55' }, 'M1'],
    ['an unknown numcli', { numcli: '123456' }, 'T2'],
    ['a 5-digit numcli', { numcli: '09090' }, 'T1'],
    ['an unknown saisie', { saisie: 'A' }, 'S1'],
    ['a relative urlnotif', { urlnotif: '/notification' }, 'N1'],
    ['an objet with accents', { objet: 'Facture n°12 – été' }, 'O1'],
  ])('refuses %s with the FonctionnelleErreur %s', async (_, change, code) => {
    const { app } = sandbox();
    const response = await soap(app, envelope('creerPaiementSecurise', { ...DEBT, ...change }));
    expect(response.status).toBe(500);
    expect(response.fault).toBe(code);
    expect(response.xml).toContain('<faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring>');
    expect(response.element('libelle')).toMatch(/\S/);
  });

  it('answers P1 for an unknown idOp, and for <idop> written in lower case', async () => {
    const { app } = sandbox();
    const idOp = await createOperation(app);
    expect((await soap(app, envelope('recupererDetailPaiementSecurise', { idOp: '00000000-0000-0000-0000-000000000000' }))).fault).toBe('P1');
    expect((await soap(app, envelope('recupererDetailPaiementSecurise', { idop: idOp }))).fault).toBe('P1');
    expect((await soap(app, envelope('recupererDetailPaiementSecurise', { idOp }))).fault).toBe('P5');
  });

  it.each([
    ['truncated XML', envelope('creerPaiementSecurise', DEBT).slice(0, 200)],
    ['not XML at all', 'idOp=123'],
    ['an empty body', ''],
    ['mismatched tags', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body></soapenv:Envelope>'],
    ['a DOCTYPE with an entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
    ['XML that is not a SOAP envelope', '<creerPaiementSecurise><arg0/></creerPaiementSecurise>'],
    ['an unknown operation', envelope('payerSansCarte', {})],
  ])('answers %s with a SOAP Fault and keeps working', async (_, body) => {
    const { app } = sandbox();
    const response = await soap(app, body);
    expect(response.status).toBe(500);
    expect(response.xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><soap:Envelope/);
    expect(response.xml).toContain('<soap:Fault><faultcode>soap:Client</faultcode>');
    expect(await createOperation(app)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows an error page for an unknown idop and for one opened more than 15 minutes after its creation', async () => {
    const { app, later } = sandbox();
    const unknown = await app.request('/payfip/tpa/paiementws.web?idop=inconnu');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Opération inconnue');
    const idOp = await createOperation(app);
    later(14);
    expect((await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`)).status).toBe(200);
    later(2);
    const expired = await app.request(`/payfip/tpa/paiementws.web?idop=${idOp}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('15 minutes');
    // Never paid: still "result unknown" for the town.
    expect((await soap(app, envelope('recupererDetailPaiementSecurise', { idOp }))).fault).toBe('P5');
  });

  it('does not hold the payer when the town server does not answer the notification', async () => {
    const { app } = sandbox(() => new Promise<Response>(() => {}));
    const idOp = await createOperation(app);
    const paid = await app.request('/payfip/tpa/paiementws.web', { method: 'POST', body: new URLSearchParams({ idop: idOp, decision: 'payer' }) });
    expect(paid.status).toBe(303);
  });
});

// ---------------------------------------------------------------------------------------------
// Legacy TIPI form
// ---------------------------------------------------------------------------------------------

const TIPI = {
  numcli: '090909',
  exer: '2026',
  refdet: '2026PERI000012A1',
  objet: 'Facture 2026 PERI 000012',
  montant: '7055',
  mel: 'famille.martin@exemple.fr',
  urlcl: 'http://localhost:3000/v1/paiement/t1/tipi/notification',
  saisie: 'T',
};

describe('TIPI sandbox (legacy form)', () => {
  afterEach(() => vi.useRealTimers());

  it('posts the documented fields to urlcl from its server, and again from the payer’s browser to come back', async () => {
    const { app, calls } = sandbox();
    const page = await app.request(`/payfip/tpa/paiement.web?${new URLSearchParams(TIPI)}`);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('70,55 €');
    expect(html).toContain('2026PERI000012A1');
    const session = hidden(html, 'sandbox_session')!;

    const done = await app.request('/payfip/tpa/paiement.web', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision: 'payer' }) });
    expect(done.status).toBe(200);
    const result = await done.text();
    expect(result).toContain('Paiement enregistré');
    // "Retourner sur le site de la collectivité" posts the same result to urlcl from the browser.
    expect(result).toContain(`<form method="post" action="${TIPI.urlcl}">`);
    expect(hidden(result, 'resultrans')).toBe('P');
    expect(hidden(result, 'refdet')).toBe(TIPI.refdet);

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: TIPI.urlcl, method: 'POST', contentType: 'application/x-www-form-urlencoded' });
    const posted = new URLSearchParams(calls[0].body);
    expect([...posted.keys()]).toEqual(['numcli', 'exer', 'refdet', 'objet', 'montant', 'mel', 'saisie', 'resultrans', 'numauto', 'dattrans', 'heurtrans']);
    const { urlcl: _, ...debt } = TIPI;
    expect(Object.fromEntries(posted)).toMatchObject({ ...debt, resultrans: 'P', dattrans: '07092026', heurtrans: '1000' });
    expect(posted.get('numauto')).toMatch(/\S/);

    // A second decision on the same page changes nothing.
    expect((await app.request('/payfip/tpa/paiement.web', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision: 'annuler' }) })).status).toBe(410);
    expect(calls).toHaveLength(1);
  });

  it('reports a cancellation with resultrans A', async () => {
    const { app, calls } = sandbox();
    const session = hidden(await (await app.request(`/payfip/tpa/paiement.web?${new URLSearchParams(TIPI)}`)).text(), 'sandbox_session')!;
    const done = await (await app.request('/payfip/tpa/paiement.web', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision: 'annuler' }) })).text();
    expect(done).toContain('Paiement annulé');
    expect(hidden(done, 'resultrans')).toBe('A');
    const posted = new URLSearchParams(calls[0].body);
    expect(posted.get('resultrans')).toBe('A');
    expect(posted.get('numauto')).toBe('');
  });

  it('refuses a bad refdet with an error page and no payment form', async () => {
    const { app } = sandbox();
    const response = await app.request(`/payfip/tpa/paiement.web?${new URLSearchParams({ ...TIPI, refdet: 'F-12' })}`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('R3');
    expect(html).not.toContain('<form');
  });

  it('shows the result after five seconds at most when the town server hangs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { app } = sandbox(() => new Promise<Response>(() => {}));
    const session = hidden(await (await app.request(`/payfip/tpa/paiement.web?${new URLSearchParams(TIPI)}`)).text(), 'sandbox_session')!;
    let answered = false;
    const pending = Promise.resolve(app.request('/payfip/tpa/paiement.web', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision: 'payer' }) })).then((r) => {
      answered = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(answered).toBe(true);
    expect((await pending).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Systempay
// ---------------------------------------------------------------------------------------------

function systempayForm(extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    vads_action_mode: 'INTERACTIVE',
    vads_amount: '7055',
    vads_ctx_mode: 'TEST',
    vads_currency: '978',
    vads_cust_email: 'famille.martin@exemple.fr',
    vads_order_id: '2026-PERI-000012',
    vads_page_action: 'PAYMENT',
    vads_payment_config: 'SINGLE',
    vads_return_mode: 'GET',
    vads_site_id: SANDBOX_SYSTEMPAY.siteId,
    vads_trans_date: '20260907080000',
    vads_trans_id: '123456',
    vads_url_cancel: 'http://localhost:3000/v1/paiement/t1/systempay/retour?paiement=p1',
    vads_url_check: 'http://localhost:3000/v1/paiement/t1/systempay/notification',
    vads_url_refused: 'http://localhost:3000/v1/paiement/t1/systempay/retour?paiement=p1',
    vads_url_return: 'http://localhost:3000/v1/paiement/t1/systempay/retour?paiement=p1',
    vads_url_success: 'http://localhost:3000/v1/paiement/t1/systempay/retour?paiement=p1&ok=1',
    vads_version: 'V2',
    ...extra,
  };
  return { ...fields, signature: systempaySignature(fields, SANDBOX_SYSTEMPAY.testKey, 'HMAC-SHA-256') };
}

async function systempayDecide(app: App, form: Record<string, string>, decision: string) {
  const page = await app.request('/systempay/vads-payment/', { method: 'POST', body: new URLSearchParams(form) });
  expect(page.status).toBe(200);
  const session = hidden(await page.text(), 'sandbox_session')!;
  return app.request('/systempay/vads-payment/', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision }) });
}

describe('Systempay sandbox', () => {
  it('shows the payment page for a correctly signed form', async () => {
    const { app } = sandbox();
    const page = await app.request('/systempay/vads-payment/', { method: 'POST', body: new URLSearchParams(systempayForm()) });
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('70,55 €');
    expect(html).toContain('2026-PERI-000012');
    expect(html).toContain('Environnement de démonstration');
  });

  it.each([
    ['an amount changed after signing', (f: Record<string, string>) => ({ ...f, vads_amount: '100' }), 'signature'],
    ['a field added after signing', (f: Record<string, string>) => ({ ...f, vads_cust_last_name: 'Martin' }), 'signature'],
    ['a SHA-1 signature for a HMAC-SHA-256 shop', (f: Record<string, string>) => ({ ...f, signature: systempaySignature(f, SANDBOX_SYSTEMPAY.testKey, 'SHA1') }), 'signature'],
    ['a missing vads_trans_id', (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'vads_trans_id')), 'vads_trans_id'],
    ['an unknown shop', (f: Record<string, string>) => ({ ...f, vads_site_id: '87654321' }), 'vads_site_id'],
  ])('answers %s with the platform error page (400)', async (_, tamper, field) => {
    const { app, calls } = sandbox();
    const response = await app.request('/systempay/vads-payment/', { method: 'POST', body: new URLSearchParams(tamper(systempayForm())) });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(field);
    expect(html).not.toContain('<form');
    expect(calls).toEqual([]);
  });

  it('sends a signed AUTHORISED IPN to vads_url_check and returns the payer with the same signed fields', async () => {
    const { app, calls } = sandbox();
    const response = await systempayDecide(app, systempayForm(), 'payer');

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: 'http://localhost:3000/v1/paiement/t1/systempay/notification', method: 'POST', contentType: 'application/x-www-form-urlencoded' });
    const ipn = Object.fromEntries(new URLSearchParams(calls[0].body));
    expect(verifySystempaySignature(ipn, ipn.signature, SANDBOX_SYSTEMPAY.testKey, 'HMAC-SHA-256')).toBe(true);
    expect(ipn).toMatchObject({
      vads_trans_status: 'AUTHORISED',
      vads_result: '00',
      vads_auth_result: '00',
      vads_amount: '7055',
      vads_effective_amount: '7055',
      vads_currency: '978',
      vads_ctx_mode: 'TEST',
      vads_site_id: SANDBOX_SYSTEMPAY.siteId,
      vads_trans_id: '123456',
      vads_trans_date: '20260907080000',
      vads_order_id: '2026-PERI-000012',
      vads_cust_email: 'famille.martin@exemple.fr',
      vads_url_check_src: 'PAY',
      vads_operation_type: 'DEBIT',
      vads_payment_config: 'SINGLE',
      vads_version: 'V2',
    });
    expect(ipn.vads_trans_uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(ipn.vads_auth_number).toMatch(/^\d{6}$/);
    // A tampered notification does not verify.
    expect(verifySystempaySignature({ ...ipn, vads_amount: '100' }, ipn.signature, SANDBOX_SYSTEMPAY.testKey, 'HMAC-SHA-256')).toBe(false);

    expect(response.status).toBe(303);
    const location = response.headers.get('Location')!;
    expect(location.startsWith('http://localhost:3000/v1/paiement/t1/systempay/retour?paiement=p1&ok=1&')).toBe(true);
    const returned = Object.fromEntries([...new URL(location).searchParams].filter(([name]) => name !== 'paiement' && name !== 'ok'));
    expect(returned).toEqual(ipn);
  });

  it.each([
    ['refuser', 'REFUSED', '05', 'vads_url_refused'],
    ['annuler', 'ABANDONED', '17', 'vads_url_cancel'],
  ])('on "%s" notifies %s (vads_result %s) and returns to %s', async (decision, status, result, urlField) => {
    const { app, calls } = sandbox();
    const target = `https://www.ville.fr/${urlField}`;
    const response = await systempayDecide(app, systempayForm({ [urlField]: target }), decision);
    const ipn = Object.fromEntries(new URLSearchParams(calls[0].body));
    expect(verifySystempaySignature(ipn, ipn.signature, SANDBOX_SYSTEMPAY.testKey, 'HMAC-SHA-256')).toBe(true);
    expect(ipn.vads_trans_status).toBe(status);
    expect(ipn.vads_result).toBe(result);
    expect(ipn.vads_auth_number).toBeUndefined();
    expect(response.headers.get('Location')!.startsWith(`${target}?vads_`)).toBe(true);
  });

  it('refuses a transaction id already used that day', async () => {
    const { app } = sandbox();
    await systempayDecide(app, systempayForm(), 'refuser');
    const again = await app.request('/systempay/vads-payment/', { method: 'POST', body: new URLSearchParams(systempayForm()) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('déjà été traitée');
  });
});

// ---------------------------------------------------------------------------------------------
// Paybox
// ---------------------------------------------------------------------------------------------

const RETOUR = 'montant:M;reference:R;auto:A;erreur:E;appel:T;transaction:S;date:W;heure:Q;sign:K';

/** A Paybox form as the portal posts it: fields in order, PBX_HMAC over them last. */
function payboxForm(extra: [string, string][] = []): [string, string][] {
  const fields: [string, string][] = [
    ['PBX_SITE', SANDBOX_PAYBOX.site],
    ['PBX_RANG', SANDBOX_PAYBOX.rang],
    ['PBX_IDENTIFIANT', SANDBOX_PAYBOX.identifiant],
    ['PBX_TOTAL', '7055'],
    ['PBX_DEVISE', '978'],
    ['PBX_CMD', 'F 2026/PERI@12:a1'],
    ['PBX_PORTEUR', 'famille.martin@exemple.fr'],
    ['PBX_RETOUR', RETOUR],
    ['PBX_HASH', 'SHA512'],
    ['PBX_TIME', '2026-09-07T08:00:00+00:00'],
    ['PBX_EFFECTUE', 'http://localhost:3000/v1/paiement/t1/paybox/retour?paiement=p1'],
    ['PBX_REFUSE', 'http://localhost:3000/v1/paiement/t1/paybox/retour?paiement=p1'],
    ['PBX_ANNULE', 'http://localhost:3000/v1/paiement/t1/paybox/retour?paiement=p1'],
    ['PBX_REPONDRE_A', 'http://localhost:3000/v1/paiement/t1/paybox/notification'],
    ...extra,
  ];
  const message = fields.map(([name, value]) => `${name}=${value}`).join('&');
  return [...fields, ['PBX_HMAC', payboxHmac(message, SANDBOX_PAYBOX.hmacKeyHex)]];
}

async function payboxDecide(app: App, form: [string, string][], decision: string) {
  const page = await app.request('/paybox/cgi/MYchoix_pagepaiement.cgi', { method: 'POST', body: new URLSearchParams(form) });
  expect(page.status).toBe(200);
  const session = hidden(await page.text(), 'sandbox_session')!;
  return app.request('/paybox/cgi/MYchoix_pagepaiement.cgi', { method: 'POST', body: new URLSearchParams({ sandbox_session: session, decision }) });
}

/** The signed part of a received query and its signature, as the portal must read them. */
function splitSigned(query: string) {
  const at = query.lastIndexOf('&sign=');
  return { signed: query.slice(0, at), signature: query.slice(at + '&sign='.length) };
}

describe('Paybox sandbox', () => {
  it('shows the payment page for a form with a valid PBX_HMAC', async () => {
    const { app } = sandbox();
    const page = await app.request('/paybox/cgi/MYchoix_pagepaiement.cgi', { method: 'POST', body: new URLSearchParams(payboxForm()) });
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('70,55 €');
    expect(html).toContain('F 2026/PERI@12:a1');
  });

  it.each([
    ['a wrong PBX_HMAC', (f: [string, string][]) => f.map(([n, v]): [string, string] => [n, n === 'PBX_HMAC' ? v.replace(/^./, v[0] === 'A' ? 'B' : 'A') : v])],
    ['an amount changed after signing', (f: [string, string][]) => f.map(([n, v]): [string, string] => [n, n === 'PBX_TOTAL' ? '100' : v])],
    ['the same fields in another order', (f: [string, string][]) => [f[1], f[0], ...f.slice(2)]],
    ['a missing PBX_PORTEUR', (f: [string, string][]) => f.filter(([n]) => n !== 'PBX_PORTEUR')],
  ])('answers %s with an error page (400)', async (_, tamper) => {
    const { app, calls } = sandbox();
    const response = await app.request('/paybox/cgi/MYchoix_pagepaiement.cgi', { method: 'POST', body: new URLSearchParams(tamper(payboxForm())) });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('<form');
    expect(calls).toEqual([]);
  });

  it('calls PBX_REPONDRE_A with the PBX_RETOUR variables signed by the sandbox key, then returns the payer with the same query', async () => {
    const { app, calls } = sandbox();
    const response = await payboxDecide(app, payboxForm(), 'payer');

    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('GET');
    const [base, query] = calls[0].url.split('?');
    expect(base).toBe('http://localhost:3000/v1/paiement/t1/paybox/notification');
    const { signed, signature } = splitSigned(query);
    expect(payboxVerify(signed, signature, SANDBOX_PAYBOX.publicKeyPem)).toBe(true);
    // Paybox's own encoding: space as %20, @ / : as they are; variables in the requested order.
    expect(signed).toMatch(/^montant=7055&reference=F%202026\/PERI@12:a1&auto=\d{6}&erreur=00000&appel=\d+&transaction=\d+&date=07092026&heure=10:00:00$/);
    // Tampered: refused.
    expect(payboxVerify(signed.replace('montant=7055', 'montant=7056'), signature, SANDBOX_PAYBOX.publicKeyPem)).toBe(false);

    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`http://localhost:3000/v1/paiement/t1/paybox/retour?paiement=p1&${query}`);
  });

  it.each([
    ['refuser', '00105', 'PBX_REFUSE'],
    ['annuler', '00001', 'PBX_ANNULE'],
  ])('on "%s" signs erreur=%s without an authorisation number and returns to %s', async (decision, code, urlField) => {
    const { app, calls } = sandbox();
    const target = `https://www.ville.fr/${urlField}`;
    const form = payboxForm().filter(([n]) => n !== urlField && n !== 'PBX_HMAC');
    const signedForm = [...form, [urlField, target]] as [string, string][];
    const hmac = payboxHmac(signedForm.map(([n, v]) => `${n}=${v}`).join('&'), SANDBOX_PAYBOX.hmacKeyHex);
    const response = await payboxDecide(app, [...signedForm, ['PBX_HMAC', hmac]], decision);
    const query = calls[0].url.split('?')[1];
    const { signed, signature } = splitSigned(query);
    expect(payboxVerify(signed, signature, SANDBOX_PAYBOX.publicKeyPem)).toBe(true);
    expect(new URLSearchParams(signed).get('erreur')).toBe(code);
    expect(new URLSearchParams(signed).has('auto')).toBe(false);
    expect(response.headers.get('Location')).toBe(`${target}?${query}`);
  });

  it('posts the IPN when PBX_RUF1=POST', async () => {
    const { app, calls } = sandbox();
    await payboxDecide(app, payboxForm([['PBX_RUF1', 'POST']]), 'payer');
    expect(calls[0]).toMatchObject({ url: 'http://localhost:3000/v1/paiement/t1/paybox/notification', method: 'POST' });
    const { signed, signature } = splitSigned(calls[0].body);
    expect(payboxVerify(signed, signature, SANDBOX_PAYBOX.publicKeyPem)).toBe(true);
  });
});
