/**
 * Paybox System (Verifone; same protocol as Crédit Agricole e-Transactions / Up2Pay): an
 * HMAC-signed form posted by the browser, and an IPN and browser return signed by Paybox's RSA key,
 * which alone can name a payment.
 */
import { rejected, verdictOf, type Environment, type ProviderAdapter, type Settings } from './adapter.js';
import { payboxForm, payboxOutcome, payboxReference, readPayboxResult, type PayboxResult } from './paybox-form.js';

export interface PayboxConfig {
  site: string;
  rang: string;
  identifiant: string;
  hash: 'SHA512';
  publicKeyPem: string;
}
export type PayboxSettings = Settings<'paybox', PayboxConfig, string>;

const paymentPage = (environment: Environment, publicUrl: string) =>
  environment === 'sandbox'
    ? `${publicUrl}/sandbox/paybox/cgi/MYchoix_pagepaiement.cgi`
    : environment === 'production'
      ? 'https://tpeweb.paybox.com/cgi/MYchoix_pagepaiement.cgi'
      : 'https://preprod-tpeweb.paybox.com/cgi/MYchoix_pagepaiement.cgi';

export const paybox: ProviderAdapter<PayboxSettings, PayboxResult> = {
  signedReturn: true,
  notifiesAtReturn: false,
  async start(attempt, settings, context) {
    const reference = payboxReference(attempt.invoice.number);
    const fields = payboxForm(
      {
        site: settings.config.site,
        rang: settings.config.rang,
        identifiant: settings.config.identifiant,
        amountCents: attempt.amountCents,
        reference,
        email: attempt.email,
        time: context.now,
        returnUrl: attempt.returnUrl,
        notificationUrl: attempt.notificationUrl,
      },
      settings.secret,
    );
    return { redirect: { method: 'POST', url: paymentPage(settings.environment, context.publicUrl), fields }, reference, providerOperationId: null };
  },
  identify(message, settings) {
    const reading = readPayboxResult(message.raw, settings.config.publicKeyPem, message.ownParams);
    return reading.ok ? { ok: true, by: 'reference', key: reading.result.reference, message: reading.result } : reading;
  },
  async verify(r, payment) {
    const summary = { reference: r.reference, montant: String(r.amountCents), erreur: r.error, transaction: r.transaction, appel: r.call };
    if (r.reference !== payment.reference) return rejected('Référence différente de celle du paiement.', summary);
    if (r.amountCents !== payment.amountCents) return rejected('Montant différent de celui du paiement.', summary);
    return verdictOf(payboxOutcome(r.error, r.authorisation), { providerOperationId: r.transaction || null, authorisationNumber: r.authorisation || null, transactionId: r.transaction || r.call || null }, summary);
  },
};
