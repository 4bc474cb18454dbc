/**
 * Systempay / PayZen hosted form: a signed form posted by the browser, and a notification (IPN) and
 * browser return signed with the key of the shop's mode, which alone can name a payment.
 */
import { rejected, verdictOf, type Environment, type ProviderAdapter, type Settings } from './adapter.js';
import type { SystempayAlgorithm } from './systempay-signature.js';
import { readSystempayResult, systempayForm, systempayOutcome, systempayReference, systempayTransId, utcStamp, type SystempayResult } from './systempay-form.js';

export interface SystempayConfig {
  siteId: string;
  algorithm: SystempayAlgorithm;
  ctxMode: 'TEST' | 'PRODUCTION';
}
export type SystempaySettings = Settings<'systempay', SystempayConfig, string>;

const paymentPage = (environment: Environment, publicUrl: string) =>
  environment === 'sandbox' ? `${publicUrl}/sandbox/systempay/vads-payment/` : 'https://paiement.systempay.fr/vads-payment/';

export const systempay: ProviderAdapter<SystempaySettings, SystempayResult> = {
  signedReturn: true,
  notifiesAtReturn: false,
  async start(attempt, settings, context) {
    const transId = systempayTransId();
    const fields = systempayForm(
      {
        siteId: settings.config.siteId,
        ctxMode: settings.config.ctxMode,
        amountCents: attempt.amountCents,
        transId,
        transDate: context.now,
        orderId: attempt.invoice.number,
        email: attempt.email,
        returnUrl: attempt.returnUrl,
        notificationUrl: attempt.notificationUrl,
      },
      settings.secret,
      settings.config.algorithm,
    );
    return { redirect: { method: 'POST', url: paymentPage(settings.environment, context.publicUrl), fields }, reference: systempayReference(utcStamp(context.now), transId), providerOperationId: null };
  },
  identify(message, settings) {
    const reading = readSystempayResult(message.fields, settings.secret, settings.config.algorithm);
    if (!reading.ok) return reading;
    if (reading.result.ctxMode !== settings.config.ctxMode) return { ok: false, reason: 'Mode (TEST/PRODUCTION) différent de celui de la boutique.' };
    return { ok: true, by: 'reference', key: reading.result.reference, message: reading.result };
  },
  async verify(r, payment, settings) {
    const summary = { reference: r.reference, amount: String(r.amountCents), status: r.status, ctxMode: r.ctxMode, transUuid: r.transUuid };
    if (r.siteId !== settings.config.siteId) return rejected('Identifiant de boutique différent.', summary);
    if (r.reference !== payment.reference) return rejected('Référence différente de celle du paiement.', summary);
    if (r.amountCents !== payment.amountCents) return rejected('Montant différent de celui du paiement.', summary);
    return verdictOf(systempayOutcome(r.status), { providerOperationId: r.transUuid || null, authorisationNumber: r.authNumber || null, transactionId: r.transUuid || r.reference }, summary);
  },
};
