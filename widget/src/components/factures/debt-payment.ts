import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort } from '../../api/errors.js';
import type { PaymentRedirect } from '../../api/factures.js';
import { checkout, getPanier, type Basket } from '../../api/panier.js';
import { errorText } from '../../base/error-text.js';
import { money } from './factures-tables.js';
import { IdempotencyKey } from '../planning/idempotency.js';

/**
 * "Régler ma dette": when the family owes a régie money (the solde) and has no booking waiting in
 * that régie's basket, one button pays that debt alone, on the provider's page. Shared by
 * `<portail-accueil>` and `<portail-factures>`; the result comes back to the commune's return
 * page (`#portail-panier-paiement=`), read by `<portail-panier>` or `<portail-factures>`.
 */
export class DebtPayment implements ReactiveController {
  busy = false;
  alert = '';
  readonly #key = new IdempotencyKey();
  #writes?: AbortController;

  private readonly task: Task<readonly [ApiClient | undefined, number], Basket[]>;
  #revision = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The signed-in family's client, undefined while signed out. */
    private readonly client: () => ApiClient | undefined,
    /** Sends the browser to the provider's page (an element method, so tests can catch it). */
    private readonly navigate: (redirect: PaymentRedirect) => void,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([c]: readonly [ApiClient | undefined, number], { signal }) =>
        c ? (await getPanier(c, signal)).baskets.filter((b) => b.debtCents > 0) : [],
      args: () => [client(), this.#revision] as const,
    });
  }

  hostDisconnected(): void {
    this.task.abort();
    this.#writes?.abort();
  }

  /** The régies the family owes money to. */
  get debts(): Basket[] {
    return this.task.value ?? [];
  }

  async pay(basket: Basket, email: string): Promise<void> {
    const client = this.client();
    if (this.busy || !client) return;
    const body = { regieId: basket.regie.id, email, returnPage: location.href.split('#')[0] };
    const key = this.#key.for(body);
    this.#writes = new AbortController();
    this.busy = true;
    this.alert = '';
    this.host.requestUpdate();
    try {
      const answer = await checkout(client, body, key, this.#writes.signal);
      this.#key.settle();
      if (answer.outcome === 'redirect') {
        this.navigate(answer.payment.redirect);
        return;
      }
      // Nothing left to pay online (the cagnotte covered it, or the basket changed): read it again.
      this.#revision++;
    } catch (error) {
      if (!isAbort(error)) this.alert = errorText(error);
      this.#revision++;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /**
   * The offer: the amount owed per régie and its button, or, when days wait in the basket, where
   * the debt is paid with them. `email` is where the bank sends its ticket (the family's).
   */
  render(email: string | null, panierHref?: string) {
    const debts = this.debts;
    if (!debts.length && !this.alert) return nothing;
    return html`<section class="debt" part="debt" aria-labelledby="debt-h">
      <h3 id="debt-h">${msg('Régler ma dette')}</h3>
      ${debts.map((basket) => {
        const owed = msg(str`Vous devez ${money(basket.debtCents)} (${basket.regie.name}).`);
        if (basket.lines.length) {
          return html`<p>
            ${owed} ${msg('Ce solde est ajouté à votre panier : il sera réglé avec vos réservations.')}
            ${panierHref ? html`<a href=${panierHref}>${msg('Aller au panier')}</a>` : nothing}
          </p>`;
        }
        if (basket.payable !== 'online' || !email) {
          return html`<p>${owed} ${msg('Réglez-le à la mairie (chèque, espèces).')}</p>`;
        }
        return html`<p>${owed} ${msg('Vous pouvez le régler en ligne, sans nouvelle réservation.')}</p>
          <div class="actions">
            <button part="button" type="button" class="primary" ?disabled=${this.busy} @click=${() => void this.pay(basket, email)}>
              ${msg(str`Régler ma dette (${money(basket.totalCents)})`)}
            </button>
          </div>
          <p class="hint">${msg(str`Vous allez quitter ce site pour la page de paiement sécurisé. Le ticket de paiement sera envoyé à ${email}.`)}</p>`;
      })}
      <div role="status" class="status">${this.busy ? msg('Préparation du paiement…') : ''}</div>
      <div role="alert" class="alert">${this.alert}</div>
    </section>`;
  }
}
