import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { BasketPaymentView } from '../../api/panier.js';
import { clockTime, formatDate } from '../../base/format.js';
import { money } from './factures-tables.js';

/** What the basket's last step knows of the payment. */
export interface PanierOutcome {
  /** The payment as the server verified it, once back from the provider. */
  result: BasketPaymentView | null;
  /** Nothing was left to pay (the cagnotte covered it): the number of days booked without a provider. */
  confirmedAtOnce: number | null;
  /** The bank had not confirmed the payment after the last read. */
  timedOut: boolean;
  /** Why the result could not be read, if it could not. */
  error: string;
}

const paidLine = (r: BasketPaymentView) =>
  r.paidAt
    ? msg(str`Paiement de ${money(r.amountCents)} accepté le ${formatDate(r.paidAt)}.`)
    : msg(str`Paiement de ${money(r.amountCents)} accepté.`);

const heading = (text: string) => html`<h3 id="step-h" tabindex="-1">${text}</h3>`;

/** Step 4: the bookings confirmed, or why they still wait in the basket; `attestation` downloads a paid payment's attestation. */
export function panierResult(outcome: PanierOutcome, planningHref: string | undefined, back: () => void, attestation?: (paymentId: string) => void) {
  const attestationButton = (r: BasketPaymentView) =>
    attestation
      ? html`<p>
          <button part="button" type="button" class="link" @click=${() => attestation(r.id)}>${msg('Télécharger l’attestation de paiement (PDF)')}</button>
        </p>`
      : nothing;
  const calendar = planningHref
    ? html`<p><a href=${planningHref}>${msg('Voir mes réservations dans le calendrier')}</a></p>`
    : nothing;
  const backButton = html`<div class="actions">
    <button part="button" type="button" @click=${back}>${msg('Retour à mon panier')}</button>
  </div>`;
  const stillWaiting = msg('Vos réservations sont toujours en attente de paiement, dans votre panier.');
  const r = outcome.result;
  if (r?.status === 'paid' && r.purpose === 'debt') {
    return html`${heading(msg('Votre paiement a été effectué'))}
      <div role="status" part="result" class="notice">
        <p>${paidLine(r)}</p>
        <p>${msg('Votre solde est réglé. Un justificatif de paiement a été envoyé à votre adresse e-mail.')}</p>
      </div>
      ${attestationButton(r)}`;
  }
  if (r?.status === 'paid' && r.creditedToCagnotte) {
    return html`${heading(msg('Paiement reçu, réservations non confirmées'))}
      <div role="status" part="result">
        <p>${paidLine(r)}</p>
        <p>${msg('Votre panier avait expiré et les places ont été attribuées entre-temps : le montant payé est crédité sur votre cagnotte, déduite de vos prochaines réservations. La mairie en est informée.')}</p>
      </div>
      ${calendar}`;
  }
  if (outcome.confirmedAtOnce !== null || r?.status === 'paid') {
    const days = r?.bookedDays ?? outcome.confirmedAtOnce ?? 0;
    return html`${heading(msg('Votre paiement a été effectué, vos réservations également !'))}
      <div role="status" part="result" class="notice">
        ${r
          ? html`<p>${paidLine(r)}</p>
              ${r.authorisationNumber ? html`<p>${msg(str`N° d'autorisation : ${r.authorisationNumber}`)}</p>` : nothing}
              <p>${msg('Un justificatif de paiement a été envoyé à votre adresse e-mail.')}</p>`
          : html`<p>${msg('Votre cagnotte couvrait la totalité : aucune somme n’a été prélevée.')}</p>`}
        <p>
          ${days === 1
            ? msg('1 jour réservé : il apparaît dans votre calendrier.')
            : msg(str`${days} jours réservés : ils apparaissent dans votre calendrier.`)}
        </p>
      </div>
      ${r ? attestationButton(r) : nothing}
      ${calendar}`;
  }
  if (outcome.error) {
    return html`${heading(msg('Résultat du paiement'))}
      <p class="alert" role="alert">${outcome.error}</p>
      ${backButton}`;
  }
  if (r?.status === 'pending' && r.abandoned) {
    const until = r.retryAt ? clockTime(r.retryAt) : '';
    return html`${heading(msg('Paiement abandonné'))}
      <div role="status" part="result">
        <p>${msg('Vous avez quitté la page de paiement sans payer : aucune somme n’a été prélevée.')} ${stillWaiting}</p>
        ${until ? html`<p>${msg(str`Vous pourrez lancer un nouveau paiement à partir de ${until}.`)}</p>` : nothing}
      </div>
      ${backButton}`;
  }
  if (!r || r.status === 'pending') {
    return html`${heading(msg('Paiement en cours de vérification…'))}
      <div role="status" part="result">
        <p>
          ${outcome.timedOut
            ? msg('La banque n’a pas encore confirmé votre paiement. Vos réservations seront confirmées dès qu’elle l’aura fait.')
            : msg('Nous vérifions votre paiement auprès de la banque. Merci de patienter.')}
        </p>
      </div>
      ${outcome.timedOut ? backButton : nothing}`;
  }
  if (r.status === 'to_verify') {
    return html`${heading(msg('Paiement en cours de vérification'))}
      <div role="status" part="result">
        <p>${msg(str`Votre paiement de ${money(r.amountCents)} doit encore être vérifié par la régie auprès de la banque. Ne payez pas une seconde fois.`)}</p>
      </div>
      ${backButton}`;
  }
  const [title, text] = {
    refused: [msg('Paiement refusé'), msg('La banque a refusé le paiement : aucune somme n’a été prélevée.')],
    cancelled: [msg('Paiement annulé'), msg('Vous avez annulé le paiement : aucune somme n’a été prélevée.')],
    expired: [msg('Paiement expiré'), msg('Le délai pour payer est dépassé : aucune somme n’a été prélevée.')],
    error: [msg('Paiement non abouti'), msg('Le paiement n’a pas pu aboutir. Si votre compte a été débité, contactez la mairie.')],
  }[r.status];
  return html`${heading(title)}
    <div role="alert" part="result" class="alert"><p>${text} ${stillWaiting}</p></div>
    ${backButton}`;
}
