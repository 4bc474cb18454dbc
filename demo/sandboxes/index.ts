/**
 * Demo mode: local stand-ins for the payment providers, mounted at `/sandbox` of the API server.
 * They speak each provider's protocol on the wire (paths, fields, signatures, errors), so the real
 * payment adapters run end to end offline against them. Nothing here ever sees card data.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { PAYFIP, renderPage, type SandboxContext } from './page.js';
import { payfipSandbox } from './payfip.js';
import { systempaySandbox } from './systempay.js';
import { payboxSandbox } from './paybox.js';

export { SANDBOX_PAYBOX, SANDBOX_PAYFIP, SANDBOX_SYSTEMPAY } from './keys.js';

export interface SandboxOptions {
  /** Public base URL of the API server the sandboxes are mounted on (scheme://host[:port]). */
  publicUrl: string;
  /** Server-to-server calls (notifications, IPN); the global fetch by default. */
  fetch?: typeof fetch;
  now?: () => Date;
}

/** Where each sandbox answers, given the API server's public URL: the adapters' "sandbox" endpoints. */
export function sandboxUrls(publicUrl: string) {
  const base = `${publicUrl.replace(/\/$/, '')}/sandbox`;
  return {
    home: `${base}/`,
    payfipWebService: `${base}/payfip/tpa/services/securite`,
    payfipPaymentPage: `${base}/payfip/tpa/paiementws.web`,
    tipiForm: `${base}/payfip/tpa/paiement.web`,
    systempayForm: `${base}/systempay/vads-payment/`,
    payboxForm: `${base}/paybox/cgi/MYchoix_pagepaiement.cgi`,
  };
}

export function createSandboxes(options: SandboxOptions) {
  const ctx: SandboxContext = {
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now ?? (() => new Date()),
  };
  const urls = sandboxUrls(ctx.publicUrl);
  return new Hono()
    .get('/', (c) =>
      renderPage(c, {
        provider: { name: 'Bacs à sable de paiement', accent: PAYFIP.accent },
        title: 'Bacs à sable de paiement',
        body: html`<h1>Bacs à sable de paiement</h1>
          <p>Ces pages imitent les plateformes de paiement pour la démonstration. Le portail y envoie les familles comme il le ferait vers les vraies plateformes.</p>
          <dl>
            <dt>PayFiP (service web SOAP)</dt>
            <dd>${urls.payfipWebService}</dd>
            <dt>PayFiP (page de paiement)</dt>
            <dd>${urls.payfipPaymentPage}</dd>
            <dt>TIPI (formulaire historique)</dt>
            <dd>${urls.tipiForm}</dd>
            <dt>Systempay</dt>
            <dd>${urls.systempayForm}</dd>
            <dt>Paybox</dt>
            <dd>${urls.payboxForm}</dd>
          </dl>`,
      }),
    )
    .route('/payfip', payfipSandbox(ctx))
    .route('/systempay', systempaySandbox(ctx))
    .route('/paybox', payboxSandbox(ctx));
}
