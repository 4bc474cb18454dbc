/**
 * PayFiP (DGFiP, ex-TIPI Régie): pure helpers shared by the web-service flow and the legacy URL form.
 *
 * PayFiP has no signature: a result is only trusted once read back from the DGFiP web service
 * (`recupererDetailPaiementSecurise`), never from the notification itself.
 */

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
