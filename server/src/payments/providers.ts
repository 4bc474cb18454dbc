/**
 * The four online payment providers behind one interface: `startAttempt` builds where the browser
 * goes (PayFiP registers the payment first), `identifyMessage` says which payment a notification or
 * return is about, `verifyMessage` gives the verified result for that payment — or why the message
 * is refused. Nothing here touches the database; the payments service decides what to write.
 */
import { payfipObjet, payfipResult } from './payfip.js';
import { creerPaiementSecurise, PAYFIP_FINAL_AFTER_MS, PayfipFault, payfipPaymentPage, recupererDetailPaiementSecurise } from './payfip-ws.js';
import { readTipiResult, tipiAttemptRefdet, tipiPaymentUrl } from './tipi.js';
import { readSystempayResult, systempayForm, systempayOutcome, systempayReference, systempayTransId, utcStamp } from './systempay-form.js';
import { payboxForm, payboxOutcome, payboxReference, readPayboxResult } from './paybox-form.js';
import type { SystempayAlgorithm } from './systempay-signature.js';
import type { PaymentProvider } from '../db/schema/billing.js';

export type Environment = 'sandbox' | 'test' | 'production';

export interface PayfipConfig {
  numcli: string;
  saisie: 'T' | 'X' | 'W';
}
export interface TipiConfig {
  numcli: string;
  saisie: 'T' | 'X' | 'A';
}
export interface SystempayConfig {
  siteId: string;
  algorithm: SystempayAlgorithm;
  ctxMode: 'TEST' | 'PRODUCTION';
}
export interface PayboxConfig {
  site: string;
  rang: string;
  identifiant: string;
  hash: 'SHA512';
  publicKeyPem: string;
}

/** A tenant's provider as the adapters use it: public configuration and the opened secret. */
export type ProviderSettings =
  | { provider: 'payfip'; environment: Environment; config: PayfipConfig; secret: null }
  | { provider: 'tipi'; environment: Environment; config: TipiConfig; secret: null }
  | { provider: 'systempay'; environment: Environment; config: SystempayConfig; secret: string }
  | { provider: 'paybox'; environment: Environment; config: PayboxConfig; secret: string };

export const PROVIDER_LABELS: Record<PaymentProvider, string> = {
  payfip: 'PayFiP (DGFiP)',
  tipi: 'TIPI (DGFiP)',
  systempay: 'Systempay',
  paybox: 'Paybox',
};

export interface PlatformUrls {
  /** Where the browser goes (payment page or form action). */
  page: string;
  /** PayFiP web service. */
  soap?: string;
}

/** The provider's platform for an environment; `sandbox` is this server's demo pages. */
export function platformUrls(provider: PaymentProvider, environment: Environment, publicUrl: string): PlatformUrls {
  if (environment === 'sandbox') {
    switch (provider) {
      case 'payfip':
        return { soap: `${publicUrl}/sandbox/payfip/tpa/services/securite`, page: `${publicUrl}/sandbox/payfip/tpa/paiementws.web` };
      case 'tipi':
        return { page: `${publicUrl}/sandbox/payfip/tpa/paiement.web` };
      case 'systempay':
        return { page: `${publicUrl}/sandbox/systempay/vads-payment/` };
      case 'paybox':
        return { page: `${publicUrl}/sandbox/paybox/cgi/MYchoix_pagepaiement.cgi` };
    }
  }
  switch (provider) {
    case 'payfip':
      return { soap: 'https://www.payfip.gouv.fr/tpa/services/securite', page: 'https://www.payfip.gouv.fr/tpa/paiementws.web' };
    case 'tipi':
      return { page: 'https://www.payfip.gouv.fr/tpa/paiement.web' };
    case 'systempay':
      return { page: 'https://paiement.systempay.fr/vads-payment/' };
    case 'paybox':
      return {
        page: environment === 'production' ? 'https://tpeweb.paybox.com/cgi/MYchoix_pagepaiement.cgi' : 'https://preprod-tpeweb.paybox.com/cgi/MYchoix_pagepaiement.cgi',
      };
  }
}

export interface Redirect {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

export interface Attempt {
  paymentId: string;
  amountCents: number;
  email: string;
  invoice: { number: string; refdet: string; label: string; year: number };
  /** PayFiP / TIPI numéro client: the régie's, else the tenant's. */
  numcli: string;
  /** 1 for the first online attempt on this invoice with this provider. */
  attempt: number;
  now: Date;
  notificationUrl: string;
  returnUrl: string;
}

export interface Started {
  redirect: Redirect;
  reference: string;
  providerOperationId: string | null;
}

/**
 * Where the browser goes for this attempt, and our reference of it.
 * @throws PayfipFault / PayfipUnreachable when PayFiP refuses or cannot be reached.
 */
export async function startAttempt(settings: ProviderSettings, a: Attempt, publicUrl: string, fetcher: typeof fetch): Promise<Started> {
  const urls = platformUrls(settings.provider, settings.environment, publicUrl);
  switch (settings.provider) {
    case 'payfip': {
      const idOp = await creerPaiementSecurise(fetcher, urls.soap!, {
        exer: String(a.invoice.year),
        mel: a.email,
        montant: a.amountCents,
        numcli: a.numcli,
        objet: payfipObjet(a.invoice.label),
        refdet: a.invoice.refdet,
        saisie: settings.config.saisie,
        urlnotif: a.notificationUrl,
        urlredirect: a.returnUrl,
      });
      return { redirect: { method: 'GET', url: payfipPaymentPage(urls.page, idOp), fields: {} }, reference: idOp, providerOperationId: idOp };
    }
    case 'tipi': {
      const refdet = tipiAttemptRefdet(a.invoice.refdet, a.attempt);
      const url = tipiPaymentUrl(urls.page, {
        numcli: a.numcli,
        exer: String(a.invoice.year),
        refdet,
        objet: payfipObjet(a.invoice.label),
        montant: a.amountCents,
        mel: a.email,
        // TIPI posts its result to urlcl from its server and again from the payer's browser when
        // they click "Retourner sur le site de la collectivité": our return route handles both.
        urlcl: a.returnUrl,
        saisie: settings.config.saisie,
      });
      return { redirect: { method: 'GET', url, fields: {} }, reference: refdet, providerOperationId: null };
    }
    case 'systempay': {
      const transId = systempayTransId();
      const fields = systempayForm(
        {
          siteId: settings.config.siteId,
          ctxMode: settings.config.ctxMode,
          amountCents: a.amountCents,
          transId,
          transDate: a.now,
          orderId: a.invoice.number,
          email: a.email,
          returnUrl: a.returnUrl,
          notificationUrl: a.notificationUrl,
        },
        settings.secret,
        settings.config.algorithm,
      );
      return { redirect: { method: 'POST', url: urls.page, fields }, reference: systempayReference(utcStamp(a.now), transId), providerOperationId: null };
    }
    case 'paybox': {
      const reference = payboxReference(a.invoice.number);
      const fields = payboxForm(
        {
          site: settings.config.site,
          rang: settings.config.rang,
          identifiant: settings.config.identifiant,
          amountCents: a.amountCents,
          reference,
          email: a.email,
          time: a.now,
          returnUrl: a.returnUrl,
          notificationUrl: a.notificationUrl,
        },
        settings.secret,
      );
      return { redirect: { method: 'POST', url: urls.page, fields }, reference, providerOperationId: null };
    }
  }
}

/** A notification or return as received: decoded fields (query and form body) and the raw string Paybox signs. */
export interface Incoming {
  fields: Record<string, string>;
  raw: string;
  /** Leading parameters of ours in `raw` (the return URL's `paiement`). */
  ownParams: string[];
}

/** Which payment a message is about. */
export type Identified = { ok: true; by: 'operation' | 'reference'; value: string } | { ok: false; reason: string };

/**
 * Reads the key of the payment a message is about. Systempay and Paybox are verified here already
 * (their signature does not depend on the payment): nothing unsigned is ever used to find one.
 */
export function identifyMessage(settings: ProviderSettings, message: Incoming): Identified {
  switch (settings.provider) {
    case 'payfip': {
      const idOp = message.fields.idop ?? message.fields.idOp ?? '';
      return /^[A-Za-z0-9-]{1,64}$/.test(idOp) ? { ok: true, by: 'operation', value: idOp } : { ok: false, reason: 'Identifiant d’opération PayFiP absent ou illisible.' };
    }
    case 'tipi': {
      const result = readTipiResult(message.fields);
      return result ? { ok: true, by: 'reference', value: result.refdet } : { ok: false, reason: 'Résultat TIPI incomplet.' };
    }
    case 'systempay': {
      const reading = readSystempayResult(message.fields, settings.secret, settings.config.algorithm);
      if (!reading.ok) return reading;
      if (reading.result.ctxMode !== settings.config.ctxMode) return { ok: false, reason: 'Mode (TEST/PRODUCTION) différent de celui de la boutique.' };
      return { ok: true, by: 'reference', value: reading.result.reference };
    }
    case 'paybox': {
      const reading = readPayboxResult(message.raw, settings.config.publicKeyPem, message.ownParams);
      return reading.ok ? { ok: true, by: 'reference', value: reading.result.reference } : reading;
    }
  }
}

export type Outcome = 'paid' | 'refused' | 'cancelled' | 'expired' | 'error' | 'pending';

export interface ExpectedPayment {
  amountCents: number;
  reference: string | null;
  providerOperationId: string | null;
  environment: Environment;
  createdAt: Date;
  /** PayFiP / TIPI: the refdet of the invoice and the numcli the payment was made with. */
  refdet: string | null;
  numcli: string | null;
}

export interface Receipt {
  providerOperationId?: string | null;
  authorisationNumber?: string | null;
  transactionId?: string | null;
}

export type Verdict =
  | { ok: true; outcome: Outcome; receipt: Receipt; summary: Record<string, string> }
  | { ok: false; reason: string; summary: Record<string, string> };

const refused = (reason: string, summary: Record<string, string> = {}): Verdict => ({ ok: false, reason, summary });

/**
 * The verified result of a message for its payment: signature or PayFiP lookup, amount, reference,
 * merchant id. `message` null is a poll (PayFiP only: the lookup alone).
 * @throws PayfipUnreachable when PayFiP cannot be asked: nothing can be said, the caller retries later.
 */
export async function verifyMessage(
  settings: ProviderSettings,
  message: Incoming | null,
  payment: ExpectedPayment,
  now: Date,
  publicUrl: string,
  fetcher: typeof fetch,
): Promise<Verdict> {
  switch (settings.provider) {
    case 'payfip': {
      const idOp = payment.providerOperationId;
      if (!idOp) return refused('Paiement sans opération PayFiP.');
      const age = now.getTime() - payment.createdAt.getTime();
      const soap = platformUrls('payfip', payment.environment, publicUrl).soap!;
      let detail;
      try {
        detail = await recupererDetailPaiementSecurise(fetcher, soap, idOp);
      } catch (err) {
        if (!(err instanceof PayfipFault)) throw err;
        const summary = { idOp, code: err.code };
        if (err.code === 'P1') return { ok: true, outcome: 'expired', receipt: {}, summary };
        if (err.code === 'P5') return { ok: true, outcome: age < PAYFIP_FINAL_AFTER_MS ? 'pending' : 'expired', receipt: {}, summary };
        return refused(`PayFiP a répondu l’erreur ${err.code}.`, summary);
      }
      const summary = { idOp, resultrans: detail.resultrans, montant: detail.montant, refdet: detail.refdet, numcli: detail.numcli };
      if (detail.idOp && detail.idOp !== idOp) return refused('Opération PayFiP différente.', summary);
      if (detail.montant !== String(payment.amountCents)) return refused('Montant différent de celui du paiement.', summary);
      if (detail.refdet !== payment.refdet) return refused('Référence de la dette différente.', summary);
      if (detail.numcli !== payment.numcli) return refused('Numéro client PayFiP différent.', summary);
      const result = payfipResult(detail.resultrans);
      const outcome: Outcome = result === 'cancelled' && age < PAYFIP_FINAL_AFTER_MS ? 'pending' : result;
      return { ok: true, outcome, receipt: { providerOperationId: idOp, authorisationNumber: detail.numauto || null, transactionId: idOp }, summary };
    }
    case 'tipi': {
      const result = message && readTipiResult(message.fields);
      if (!result) return refused('Résultat TIPI incomplet.');
      const summary = { refdet: result.refdet, montant: String(result.montant), resultrans: result.resultrans, numcli: result.numcli };
      if (result.refdet !== payment.reference) return refused('Référence différente de celle du paiement.', summary);
      if (result.montant !== payment.amountCents) return refused('Montant différent de celui du paiement.', summary);
      if (result.numcli !== payment.numcli) return refused('Numéro client différent.', summary);
      const outcome = payfipResult(result.resultrans);
      return { ok: true, outcome, receipt: { authorisationNumber: result.numauto || null, transactionId: result.refdet }, summary };
    }
    case 'systempay': {
      if (!message) return refused('Rien à vérifier.');
      const reading = readSystempayResult(message.fields, settings.secret, settings.config.algorithm);
      if (!reading.ok) return refused(reading.reason);
      const r = reading.result;
      const summary = { reference: r.reference, amount: String(r.amountCents), status: r.status, ctxMode: r.ctxMode, transUuid: r.transUuid };
      if (r.ctxMode !== settings.config.ctxMode) return refused('Mode (TEST/PRODUCTION) différent de celui de la boutique.', summary);
      if (r.siteId !== settings.config.siteId) return refused('Identifiant de boutique différent.', summary);
      if (r.reference !== payment.reference) return refused('Référence différente de celle du paiement.', summary);
      if (r.amountCents !== payment.amountCents) return refused('Montant différent de celui du paiement.', summary);
      return {
        ok: true,
        outcome: systempayOutcome(r.status),
        receipt: { providerOperationId: r.transUuid || null, authorisationNumber: r.authNumber || null, transactionId: r.transUuid || r.reference },
        summary,
      };
    }
    case 'paybox': {
      if (!message) return refused('Rien à vérifier.');
      const reading = readPayboxResult(message.raw, settings.config.publicKeyPem, message.ownParams);
      if (!reading.ok) return refused(reading.reason);
      const r = reading.result;
      const summary = { reference: r.reference, montant: String(r.amountCents), erreur: r.error, transaction: r.transaction, appel: r.call };
      if (r.reference !== payment.reference) return refused('Référence différente de celle du paiement.', summary);
      if (r.amountCents !== payment.amountCents) return refused('Montant différent de celui du paiement.', summary);
      return {
        ok: true,
        outcome: payboxOutcome(r.error, r.authorisation),
        receipt: { providerOperationId: r.transaction || null, authorisationNumber: r.authorisation || null, transactionId: r.transaction || r.call || null },
        summary,
      };
    }
  }
}
