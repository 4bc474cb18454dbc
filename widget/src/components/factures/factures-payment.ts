import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { InvoiceSummary, Invoices, PaymentView } from '../../api/factures.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { clockTime, formatDate } from '../../base/format.js';
import { stepsList } from './payment-flow.js';
import { cell, downloadButton, labelCell, money, numberCell, regieOf, table } from './factures-tables.js';

/**
 * The online payment of one invoice, in four steps: choose the invoice and give the e-mail the
 * bank sends its ticket to, check the summary, leave for the provider's page, read the verified
 * result once back. `<portail-factures>` holds the state and makes the calls; these templates
 * draw the current step.
 */

export type PaymentStep = 1 | 2 | 3 | 4;

export interface PaymentFlow {
  step: PaymentStep;
  /** Id of the invoice chosen at step 1. */
  chosen: string | null;
  /** The payer's e-mail: as typed, else the family's. */
  email: string;
  errors: Record<string, string>;
  busy: string;
  alert: string;
  /** The provider's name, while the browser leaves for its page. */
  redirectingTo: string;
  /** The payment as the server verified it, once back from the provider. */
  result: PaymentView | null;
  /** Why the result could not be read, if it could not. */
  resultError: string;
  /** The bank had not confirmed the payment after the last read. */
  timedOut: boolean;
  choose(invoiceId: string): void;
  typeEmail(email: string): void;
  proceed(event: SubmitEvent): void;
  pay(invoice: InvoiceSummary): void;
  back(): void;
  download(invoice: InvoiceSummary): void;
  /** Downloads the attestation de paiement of a paid online payment. */
  attestation(paymentId: string, invoiceNumber: string): void;
}

/** When a new payment becomes possible, said the same way on the list and on the result. */
const retryLine = (at: string) => msg(str`Vous pourrez réessayer à partir de ${clockTime(at)}.`);

/** Why an invoice cannot be paid online now, if it cannot. */
export function blockedReason(invoice: InvoiceSummary, data: Invoices): string {
  const minimum = data.onlinePayment.minimumCents;
  if (invoice.remainingCents < minimum) return msg(str`Paiement en ligne possible à partir de ${money(minimum, true)}`);
  if (invoice.paymentInProgress) {
    const soon = msg('Un paiement est en cours pour cette facture.');
    return invoice.paymentRetryAt ? `${soon} ${retryLine(invoice.paymentRetryAt)}` : soon;
  }
  return '';
}

/** The invoice chosen at step 1, while it can still be paid online. */
export function chosenInvoice(data: Invoices | undefined, chosen: string | null): InvoiceSummary | undefined {
  return data?.toPay.find((i) => i.id === chosen && !blockedReason(i, data));
}

/** The payment section: the steps, the flow's status and alert regions, then the current step. */
export function paymentSection(data: Invoices, flow: PaymentFlow) {
  const online = data.onlinePayment.enabled;
  const steps = [msg('Sélection de la facture'), msg('Récapitulatif'), msg('Paiement sécurisé'), msg('Confirmation')];
  const showSteps = online && (data.toPay.length > 0 || flow.step > 1);
  const invoice = chosenInvoice(data, flow.chosen);
  return html`<section part="section" aria-labelledby="step-h">
    ${online && flow.step <= 2 && data.toPay.length
      ? html`<p class="warning">
          ${msg('Si une facture déjà réglée (chèque, espèces…) apparaît ici, ne la payez pas en ligne : contactez la mairie.')}
        </p>`
      : nothing}
    ${showSteps
      ? stepsList(steps, flow.step, msg('Étapes du paiement en ligne'))
      : nothing}
    <div role="status" class="status">${flow.busy ? html`<p>${flow.busy}</p>` : nothing}</div>
    <div role="alert" class="alert">${flow.alert}</div>
    ${flow.step === 4
      ? resultStep(flow)
      : flow.step === 3
        ? html`<h3 id="step-h" tabindex="-1">${msg('Paiement sécurisé')}</h3>
            <p role="status">
              ${msg(str`Redirection vers le site de paiement sécurisé ${flow.redirectingTo}…`)}
            </p>`
        : flow.step === 2 && invoice
          ? summaryStep(invoice, data, flow)
          : chooseStep(data, flow)}
  </section>`;
}

/** Step 1: the invoices to pay, each with its radio when paying online, and the payer's e-mail. */
function chooseStep(data: Invoices, flow: PaymentFlow) {
  const online = data.onlinePayment.enabled;
  const invoiceError = flow.errors.invoice;
  const emailField = {
    id: 'payer-email',
    label: msg('Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)'),
    error: flow.errors.email,
  };
  const head = [msg('N° facture'), msg('Échéance'), msg('Libellé / Régie'), msg('Montant'), msg('Facture')];
  const [number, due, what, amount, pdf] = head;
  const rows = data.toPay.map((invoice) => {
    const why = blockedReason(invoice, data);
    // The radio comes first in the row, and first in the card with its label shown.
    return html`<tr role="row">
      ${online
        ? html`<td role="cell" class="choice">
            <input
              type="radio"
              name="invoice"
              id="pay-${invoice.id}"
              .checked=${flow.chosen === invoice.id && !why}
              ?disabled=${!!why}
              aria-describedby=${why ? `why-${invoice.id}` : invoiceError ? 'invoice-error' : nothing}
              aria-invalid=${invoiceError && !why ? 'true' : nothing}
              @change=${() => flow.choose(invoice.id)}
            />
            <label for="pay-${invoice.id}">${msg(str`Payer la facture ${invoice.number}`)}</label>
            ${why ? html`<small id="why-${invoice.id}">${why}</small>` : nothing}
          </td>`
        : nothing}
      ${numberCell(number, invoice, data.onlinePayment.provider)}
      ${cell(
        due,
        html`${formatDate(invoice.dueDate)}
        ${invoice.overdue ? html`<strong class="late">${msg('en retard')}</strong>` : nothing}`,
      )}
      ${labelCell(what, invoice)}
      ${cell(
        amount,
        html`${money(invoice.remainingCents)}
        ${invoice.previousBalanceCents
          ? html`<small>${msg(str`dont solde antérieur : ${money(invoice.previousBalanceCents)}`)}</small>`
          : nothing}`,
        'amount',
      )}
      ${downloadButton(pdf, invoice, () => flow.download(invoice))}
    </tr>`;
  });
  const list = table('topay', msg('Factures à payer'), online ? [msg('Choix'), ...head] : head, rows);
  return html`<h3 id="step-h" tabindex="-1">${msg('Mes factures à payer')}</h3>
    ${!data.toPay.length
      ? html`<p>${msg('Vous n’avez aucune facture à payer.')}</p>`
      : !online
        ? html`${list}
            <p>${msg('Le paiement en ligne n’est pas proposé : réglez vos factures à la mairie (chèque, espèces) ou par prélèvement.')}</p>`
        : html`<p>
              ${msg('Choisissez la facture à régler, vérifiez votre e-mail puis cliquez sur « Procéder au paiement ».')}
              ${msg('Le module bancaire ne permet de payer qu’une facture à la fois : pour en payer plusieurs, recommencez pour chacune.')}
            </p>
            <form part="form" novalidate @submit=${flow.proceed}>
              ${invoiceError ? html`<p class="field-error" id="invoice-error">${invoiceError}</p>` : nothing} ${list}
              ${fieldFrame(
                emailField,
                html`<input
                  part="input"
                  id=${emailField.id}
                  type="email"
                  autocomplete="email"
                  required
                  .value=${flow.email}
                  aria-describedby=${describedBy(emailField)}
                  aria-invalid=${emailField.error ? 'true' : nothing}
                  @input=${(e: Event) => flow.typeEmail((e.currentTarget as HTMLInputElement).value)}
                />`,
              )}
              <div class="actions">
                <button part="button" type="submit" class="primary">${msg('Procéder au paiement')}</button>
              </div>
            </form>`}`;
}

/** Step 2: what is about to be paid, and where the ticket goes. */
function summaryStep(invoice: InvoiceSummary, data: Invoices, flow: PaymentFlow) {
  return html`<h3 id="step-h" tabindex="-1">${msg('Récapitulatif')}</h3>
    <p class="summary">
      <strong>${invoice.number}</strong>
      <span class="line">${invoice.label}${regieOf(invoice) ? ` / ${regieOf(invoice)}` : ''}</span>
      <span class="line">${money(invoice.remainingCents)}</span>
    </p>
    <p class="total">${msg(str`TOTAL À RÉGLER : ${money(invoice.remainingCents)}`)}</p>
    <p class="hint">
      ${msg(str`Vous allez quitter ce site pour la page de paiement sécurisé ${data.onlinePayment.providerLabel ?? ''}. Le ticket de paiement sera envoyé à ${flow.email}.`)}
    </p>
    <div class="actions">
      <button part="button" type="button" class="primary" @click=${() => flow.pay(invoice)}>
        ${msg('Payer en ligne')}
      </button>
      <button part="button" type="button" class="link" @click=${flow.back}>
        ${msg('Annuler et retourner aux factures')}
      </button>
    </div>`;
}

/** Step 4: the verified result, read again while the provider has not confirmed it. */
function resultStep(flow: PaymentFlow) {
  const r = flow.result;
  const back = html`<div class="actions">
    <button part="button" type="button" @click=${flow.back}>${msg('Retour à mes factures')}</button>
  </div>`;
  if (flow.resultError) {
    return html`<h3 id="step-h" tabindex="-1">${msg('Résultat du paiement')}</h3>
      <p class="alert" role="alert">${flow.resultError}</p>
      ${back}`;
  }
  if (r?.status === 'pending' && r.abandoned) {
    return html`<h3 id="step-h" tabindex="-1">${msg('Paiement abandonné')}</h3>
      <div role="status" part="result">
        <p>${msg('Vous avez quitté la page de paiement sans payer : aucune somme n’a été prélevée.')}</p>
        <p>${r.retryAt ? retryLine(r.retryAt) : msg('Vous pouvez payer à nouveau cette facture dès maintenant.')}</p>
      </div>
      ${back}`;
  }
  if (!r || r.status === 'pending') {
    return html`<h3 id="step-h" tabindex="-1">${msg('Paiement en cours de vérification…')}</h3>
      <div role="status" part="result">
        <p>
          ${flow.timedOut
            ? msg('La banque n’a pas encore confirmé votre paiement. Son résultat apparaîtra dans la liste de vos factures dès qu’elle l’aura fait.')
            : msg('Nous vérifions votre paiement auprès de la banque. Merci de patienter.')}
        </p>
        ${flow.timedOut && r?.retryAt
          ? html`<p>${msg(str`Si vous avez quitté la page de paiement sans payer, vous pourrez réessayer à partir de ${clockTime(r.retryAt)}.`)}</p>`
          : nothing}
      </div>
      ${flow.timedOut ? back : nothing}`;
  }
  if (r.status === 'to_verify') {
    // The provider's message is not authenticated: nothing is paid until the town hall confirms it.
    return html`<h3 id="step-h" tabindex="-1">${msg('Paiement en cours de vérification')}</h3>
      <div role="status" part="result">
        <p>${msg(str`Votre paiement de ${money(r.amountCents)} pour la facture ${r.invoice.number} doit encore être vérifié par la régie auprès de la banque.`)}</p>
        <p>${msg('La facture reste à régler tant que la régie ne l’a pas confirmé. Vous recevrez le ticket de paiement par e-mail dès sa confirmation. Ne payez pas une seconde fois.')}</p>
      </div>
      ${back}`;
  }
  if (r.status === 'paid') {
    return html`<h3 id="step-h" tabindex="-1">${msg('Paiement accepté')}</h3>
      <div role="status" part="result" class="notice">
        <p>
          ${r.paidAt
            ? msg(str`Votre paiement de ${money(r.amountCents)} pour la facture ${r.invoice.number} a été accepté le ${formatDate(r.paidAt)}.`)
            : msg(str`Votre paiement de ${money(r.amountCents)} pour la facture ${r.invoice.number} a été accepté.`)}
        </p>
        ${r.authorisationNumber ? html`<p>${msg(str`N° d’autorisation : ${r.authorisationNumber}`)}</p>` : nothing}
        <p>${msg('Un ticket de paiement a été envoyé à votre adresse e-mail.')}</p>
        <p>
          <button part="button" type="button" class="link" @click=${() => flow.attestation(r.id, r.invoice.number)}>
            ${msg('Télécharger l’attestation de paiement (PDF)')}
          </button>
        </p>
        ${r.flaggedLate
          ? html`<p>${msg('Cette facture était déjà réglée : la mairie en est informée et reviendra vers vous.')}</p>`
          : nothing}
      </div>
      ${back}`;
  }
  const [title, text] = {
    refused: [msg('Paiement refusé'), msg('La banque a refusé le paiement : aucune somme n’a été prélevée. Vous pouvez réessayer.')],
    cancelled: [msg('Paiement annulé'), msg('Vous avez annulé le paiement : aucune somme n’a été prélevée. Vous pouvez payer à nouveau cette facture dès maintenant.')],
    expired: [msg('Paiement expiré'), msg('Le délai pour payer est dépassé : aucune somme n’a été prélevée. Vous pouvez recommencer.')],
    error: [msg('Paiement non abouti'), msg('Le paiement n’a pas pu aboutir. Si votre compte a été débité, contactez la mairie.')],
  }[r.status];
  return html`<h3 id="step-h" tabindex="-1">${title}</h3>
    <div role="alert" part="result" class="alert"><p>${text}</p></div>
    ${back}`;
}
