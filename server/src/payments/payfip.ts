/**
 * PayFiP (DGFiP, ex-TIPI Régie) web-service flow, and the label and result rules its legacy URL form
 * (TIPI) shares.
 *
 * PayFiP has no signature: a result is only trusted once read back from the DGFiP web service
 * (`recupererDetailPaiementSecurise`), never from the notification itself.
 */
import { rejected, verdictOf, ProviderUnavailable, type Environment, type ExpectedPayment, type ProviderAdapter, type ProviderContext, type Settings, type Verdict } from './adapter.js';
import { creerPaiementSecurise, PAYFIP_FINAL_AFTER_MS, PayfipFault, payfipPaymentPage, PayfipUnreachable, recupererDetailPaiementSecurise, type PayfipDetail } from './payfip-ws.js';

const OBJET_MAX_LENGTH = 100;

/**
 * The `objet` (free label of the payment) as PayFiP accepts it: only `[A-Za-z0-9 ]`, at most
 * 100 characters — the platform rejects anything else.
 *
 * Same steps as the reference implementation (Entr'ouvert eopayment `normalize_objet`), so a
 * label reads the same on the DGFiP side as in other portals: NFKD then drop non-ASCII (accents
 * fall off their letters: `É` → `E`; letters with no decomposition such as `œ` are dropped),
 * `'` and `-` become spaces (so "hors-sol" stays two words), every other character is dropped
 * (punctuation, but also tabs and newlines, which therefore join the words around them), then
 * trim, collapse runs of spaces, cut at 100.
 *
 * An empty result means "no objet": send the element absent/nil rather than empty.
 */
export function payfipObjet(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/['-]/g, ' ')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .trim()
    .replace(/ +/g, ' ')
    .slice(0, OBJET_MAX_LENGTH);
}

export type PayfipOutcome = 'paid' | 'refused' | 'cancelled' | 'error';

/**
 * Meaning of `resultrans`, the result code PayFiP returns (web-service detail or legacy POST):
 * `P` paid by card and `V` paid by direct debit (prélèvement) → paid; `R` card refused and `Z`
 * direct debit refused → refused; `A` abandoned by the payer → cancelled. Any other value,
 * including an empty one or a different case, is not a documented outcome → error, so that
 * nothing unexpected is ever booked as paid.
 *
 * `A` is final only 20 minutes after the idOp was created: before that the payer may still come
 * back to the payment page, so the caller keeps such a payment pending.
 */
export function payfipResult(resultrans: string): PayfipOutcome {
  switch (resultrans) {
    case 'P':
    case 'V':
      return 'paid';
    case 'R':
    case 'Z':
      return 'refused';
    case 'A':
      return 'cancelled';
    default:
      return 'error';
  }
}

/** The DGFiP client number payments go to: the régie's own, else the commune's. */
export const numcliOf = (regieNumcli: string | null, settings: { config: { numcli: string } } | null) => regieNumcli ?? settings?.config.numcli ?? '';

export interface PayfipConfig {
  numcli: string;
  saisie: 'T' | 'X' | 'W';
}
export type PayfipSettings = Settings<'payfip', PayfipConfig, null>;

const platform = (environment: Environment, publicUrl: string) =>
  environment === 'sandbox'
    ? { soap: `${publicUrl}/sandbox/payfip/tpa/services/securite`, page: `${publicUrl}/sandbox/payfip/tpa/paiementws.web` }
    : { soap: 'https://www.payfip.gouv.fr/tpa/services/securite', page: 'https://www.payfip.gouv.fr/tpa/paiementws.web' };

/**
 * What PayFiP says of the payment's operation, checked against the payment: the only PayFiP result
 * believed. TIPI asks it too, about the operation a result names, when the commune wants that check.
 */
export async function payfipLookup(payment: ExpectedPayment, settings: PayfipSettings | null, context: ProviderContext): Promise<Verdict> {
  const idOp = payment.providerOperationId;
  if (!idOp) return rejected('Paiement sans opération PayFiP.');
  const final = context.now.getTime() - payment.createdAt.getTime() >= PAYFIP_FINAL_AFTER_MS;
  let detail: PayfipDetail;
  try {
    detail = await recupererDetailPaiementSecurise(context.fetch, platform(payment.environment, context.publicUrl).soap, idOp);
  } catch (err) {
    if (err instanceof PayfipUnreachable) {
      return err.why === 'malformed'
        ? { kind: 'unavailable', reason: 'Réponse PayFiP illisible.', retryLater: false }
        : { kind: 'unavailable', reason: 'PayFiP ne répond pas : résultat inconnu pour le moment.', retryLater: true };
    }
    if (!(err instanceof PayfipFault)) throw err;
    const summary = { idOp, code: err.code };
    if (err.code === 'P1') return { kind: 'expired', summary };
    if (err.code === 'P5') return { kind: final ? 'expired' : 'pending', summary };
    return rejected(`PayFiP a répondu l’erreur ${err.code}.`, summary);
  }
  const summary = { idOp, resultrans: detail.resultrans, montant: detail.montant, refdet: detail.refdet, numcli: detail.numcli };
  if (detail.idOp && detail.idOp !== idOp) return rejected('Opération PayFiP différente.', summary);
  if (detail.montant !== String(payment.amountCents)) return rejected('Montant différent de celui du paiement.', summary);
  if (detail.refdet !== payment.refdet) return rejected('Référence de la dette différente.', summary);
  if (detail.numcli !== numcliOf(payment.regieNumcli, settings)) return rejected('Numéro client PayFiP différent.', summary);
  // The payer who left PayFiP's page may come back to it until the operation is 20 minutes old.
  return verdictOf(payfipResult(detail.resultrans), { providerOperationId: idOp, authorisationNumber: detail.numauto || null, transactionId: idOp }, summary, final);
}

/** The PayFiP web service: the payment is registered first, and every result is asked of PayFiP itself. */
export const payfip: ProviderAdapter<PayfipSettings, string> = {
  signedReturn: false,
  notifiesAtReturn: false,
  async start(attempt, settings, context) {
    const urls = platform(settings.environment, context.publicUrl);
    let idOp: string;
    try {
      idOp = await creerPaiementSecurise(context.fetch, urls.soap, {
        exer: String(attempt.invoice.year),
        mel: attempt.email,
        montant: attempt.amountCents,
        numcli: numcliOf(attempt.regieNumcli, settings),
        objet: payfipObjet(attempt.invoice.label),
        refdet: attempt.invoice.refdet,
        saisie: settings.config.saisie,
        urlnotif: attempt.notificationUrl,
        urlredirect: attempt.returnUrl,
      });
    } catch (err) {
      if (err instanceof PayfipFault) throw new ProviderUnavailable(err.message, `PayFiP a refusé la création (${err.code}).`, { code: err.code });
      if (err instanceof PayfipUnreachable) throw new ProviderUnavailable(err.message, 'PayFiP ne répond pas.');
      throw err;
    }
    return { redirect: { method: 'GET', url: payfipPaymentPage(urls.page, idOp), fields: {} }, reference: idOp, providerOperationId: idOp };
  },
  identify(message) {
    const idOp = message.fields.idop ?? message.fields.idOp ?? '';
    return /^[A-Za-z0-9-]{1,64}$/.test(idOp) ? { ok: true, by: 'operation', key: idOp, message: idOp } : { ok: false, reason: 'Identifiant d’opération PayFiP absent ou illisible.' };
  },
  // The notification only names the operation; the payment it found holds the same one.
  verify: (_idOp, payment, settings, context) => payfipLookup(payment, settings, context),
  lookup: payfipLookup,
};
