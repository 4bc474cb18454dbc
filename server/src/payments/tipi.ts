/**
 * PayFiP legacy URL form ("TIPI Régie", `paiement.web`): a GET redirect out, a POST of the result
 * to `urlcl` back. Neither direction is signed: a result is only considered when its refdet, amount
 * and numcli are those of a payment we are waiting for (refdets carry a random part so that they
 * cannot be guessed), and even then a "paid" result settles nothing by itself — the payer knows
 * those three fields from their own redirect. It leaves the payment to verify by the régie, unless
 * the commune asked for the web-service check and PayFiP confirms the operation the message names.
 */
import { randomInt } from 'node:crypto';
import { rejected, verdictOf, type Environment, type ProviderAdapter, type Settings } from './adapter.js';
import { numcliOf, payfipLookup, payfipObjet, payfipResult, type PayfipSettings } from './payfip.js';

export interface TipiRequest {
  numcli: string;
  exer: string;
  refdet: string;
  objet: string;
  montant: number;
  mel: string;
  urlcl: string;
  saisie: 'T' | 'X' | 'A';
}

/** The payment page with its parameters, in the order of the reference implementation. */
export function tipiPaymentUrl(pageUrl: string, r: TipiRequest): string {
  const query = new URLSearchParams();
  query.set('numcli', r.numcli);
  query.set('exer', r.exer);
  query.set('refdet', r.refdet);
  if (r.objet) query.set('objet', r.objet);
  query.set('montant', String(r.montant));
  query.set('mel', r.mel);
  query.set('urlcl', r.urlcl);
  query.set('saisie', r.saisie);
  return `${pageUrl}?${query.toString()}`;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The refdet of one attempt: the invoice's refdet, then `E`, the attempt number and six random
 * characters — at most 30 alphanumerics, unique per attempt and not guessable from the invoice.
 */
export function tipiAttemptRefdet(invoiceRefdet: string, attempt: number): string {
  const random = Array.from({ length: 6 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  const suffix = `E${Math.min(attempt, 99)}${random}`;
  return `${invoiceRefdet.replace(/[^A-Za-z0-9]/g, '').slice(0, 30 - suffix.length)}${suffix}`;
}

export interface TipiResult {
  numcli: string;
  refdet: string;
  montant: number;
  resultrans: string;
  numauto: string;
  exer: string;
  /** PayFiP's operation id, when the message carries one: what the web-service check asks about. */
  idOp: string | null;
}

/** The fields TIPI posts back, or null when one it always sends is missing or malformed. */
export function readTipiResult(fields: Record<string, string>): TipiResult | null {
  const { numcli = '', refdet = '', montant = '', resultrans = '', numauto = '', exer = '' } = fields;
  if (!/^[0-9]{6}$/.test(numcli) || !/^[A-Za-z0-9]{6,30}$/.test(refdet) || !/^[0-9]{1,9}$/.test(montant) || !/^[A-Z0-9]{1,2}$/.test(resultrans)) return null;
  const idOp = fields.idop ?? fields.idOp ?? '';
  return { numcli, refdet, montant: Number(montant), resultrans, numauto: numauto.slice(0, 64), exer: exer.slice(0, 4), idOp: /^[A-Za-z0-9-]{1,64}$/.test(idOp) ? idOp : null };
}

export interface TipiConfig {
  numcli: string;
  saisie: 'T' | 'X' | 'A';
  /** `webservice`: a paid result is asked of PayFiP's web service before it settles; otherwise the régie verifies it. */
  verification?: 'none' | 'webservice';
}
export type TipiSettings = Settings<'tipi', TipiConfig, null>;

const paymentPage = (environment: Environment, publicUrl: string) =>
  environment === 'sandbox' ? `${publicUrl}/sandbox/payfip/tpa/paiement.web` : 'https://www.payfip.gouv.fr/tpa/paiement.web';

export const tipi: ProviderAdapter<TipiSettings, TipiResult> = {
  signedReturn: false,
  notifiesAtReturn: true,
  async start(attempt, settings, context) {
    const refdet = tipiAttemptRefdet(attempt.invoice.refdet, attempt.attempt);
    const url = tipiPaymentUrl(paymentPage(settings.environment, context.publicUrl), {
      numcli: numcliOf(attempt.regieNumcli, settings),
      exer: String(attempt.invoice.year),
      refdet,
      objet: payfipObjet(attempt.invoice.label),
      montant: attempt.amountCents,
      mel: attempt.email,
      // TIPI posts its result to urlcl from its server and again from the payer's browser when
      // they click "Retourner sur le site de la collectivité": our return route handles both.
      urlcl: attempt.returnUrl,
      saisie: settings.config.saisie,
    });
    return { redirect: { method: 'GET', url, fields: {} }, reference: refdet, providerOperationId: null };
  },
  identify(message) {
    const result = readTipiResult(message.fields);
    return result ? { ok: true, by: 'reference', key: result.refdet, message: result } : { ok: false, reason: 'Résultat TIPI incomplet.' };
  },
  async verify(result, payment, settings, context) {
    const summary: Record<string, string> = { refdet: result.refdet, montant: String(result.montant), resultrans: result.resultrans, numcli: result.numcli };
    if (result.numauto) summary.numauto = result.numauto;
    if (result.idOp) summary.idOp = result.idOp;
    if (result.refdet !== payment.reference) return rejected('Référence différente de celle du paiement.', summary);
    if (result.montant !== payment.amountCents) return rejected('Montant différent de celui du paiement.', summary);
    if (result.numcli !== numcliOf(payment.regieNumcli, settings)) return rejected('Numéro client différent.', summary);
    const receipt = { authorisationNumber: result.numauto || null, transactionId: result.refdet };
    const outcome = payfipResult(result.resultrans);
    // A failure or an abandon costs the payer nothing if forged: it is taken as it comes.
    if (outcome !== 'paid') return verdictOf(outcome, receipt, summary);
    if (settings.config.verification !== 'webservice') return { kind: 'unconfirmed', receipt, reason: 'Résultat TIPI non signé : paiement à vérifier par la régie.', summary };
    if (!result.idOp) return { kind: 'unconfirmed', receipt, reason: 'Résultat TIPI sans opération PayFiP à vérifier : paiement à vérifier par la régie.', summary };
    // The operation must be, for PayFiP itself, this very attempt (its unique refdet), amount and client, paid.
    const asked = await payfipLookup({ ...payment, providerOperationId: result.idOp, refdet: payment.reference }, settings as unknown as PayfipSettings, context);
    if (asked.kind === 'paid') return { ...asked, summary: { ...summary, ...asked.summary } };
    const why = asked.kind === 'rejected' || asked.kind === 'unavailable' ? asked.reason : `PayFiP ne confirme pas le paiement (${asked.kind}).`;
    return { kind: 'unconfirmed', receipt, reason: `${why} Paiement à vérifier par la régie.`, summary };
  },
};
