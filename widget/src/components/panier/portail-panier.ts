import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort, PortailApiError } from '../../api/errors.js';
import { getHome } from '../../api/me.js';
import type { PaymentRedirect } from '../../api/factures.js';
import type { PaymentProvider } from '../../../../server/src/contracts/index.js';
import {
  checkout,
  getPanier,
  removeLine,
  type Basket,
  type BasketLine,
  type DroppedLine,
  type Panier,
} from '../../api/panier.js';
import { downloadFile } from '../../base/download.js';
import { describedBy, fieldFrame } from '../../base/form-fields.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import { clockTime } from '../../base/format.js';
import { mainHeading, PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import type { SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import { money } from '../factures/factures-tables.js';
import { EMAIL, leaveForProvider, stepsList } from '../factures/payment-flow.js';
import { facturesStyles } from '../factures/portail-factures.styles.js';
import { IdempotencyKey } from '../planning/idempotency.js';
import { amountsHelp, amountsList, droppedList, expiryNotice, lineName, linesTable } from './panier-view.js';
import { BasketReturn } from '../factures/basket-return.js';
import { panierResult } from '../factures/panier-result.js';
import { panierStyles } from './portail-panier.styles.js';

type Step = 1 | 2 | 3 | 4;


/**
 * @summary The basket of bookings of prepaid services: what is waiting to be paid, by child,
 * service and day, with its price; the cagnotte deducted, the solde added and the total; when
 * the basket empties itself; and its payment in the same four steps as the invoices.
 *
 * Days ticked in `<portail-planning>` for a service paid at booking land here. The parent may
 * take lines out, then pays: on the provider's secure page, or at once when the cagnotte covers
 * everything. Once paid, the days are booked in the calendar. The amounts always come from the
 * server. Shows an invitation to sign in while no parent is signed in.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart steps - The list of the four payment steps.
 * @csspart table - The table of the basket's lines.
 * @csspart amounts - The amounts: bookings, cagnotte, solde, total.
 * @csspart expiry - When the basket empties itself.
 * @csspart dropped - The lines taken out of the basket, and why.
 * @csspart form - The payment form.
 * @csspart input - The e-mail field.
 * @csspart button - Each button.
 * @csspart result - The verified result of the payment.
 *
 * @cssproperty --portail-color-primary - Buttons, links and the current step (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons and the current step (default: the town's, else #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - Hints (default #4d5562).
 * @cssproperty --portail-color-surface - Table, field and button background (default #ffffff).
 * @cssproperty --portail-color-border - Table and field borders (default #6b7280).
 * @cssproperty --portail-color-error - Errors and dropped lines (default #b3261e).
 * @cssproperty --portail-color-success - Confirmations (default #1e6b34).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-radius - Corner radius of fields and buttons (default 0.25em).
 */
@localized()
export class PortailPanier extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, facturesStyles, panierStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  /** Address of the town page holding `<portail-planning>`: where to book days, and see them booked. */
  @property({ attribute: 'planning-href' }) planningHref?: string;

  @state() private step: Step = 1;
  /** The payer's e-mail as typed; null until edited (the family e-mail is offered). */
  @state() private email: string | null = null;
  @state() private emailError = '';
  @state() private alert = '';
  @state() private busy = '';
  @state() private notice = '';
  @state() private redirectingTo = '';
  /** Paid without a provider (the cagnotte covered everything): the days booked. */
  @state() private confirmedAtOnce: number | null = null;
  /** The régie whose basket is being paid. */
  @state() private chosen: string | null = null;
  /** Lines the server took out at checkout (a deadline passed while they waited). */
  @state() private dropped: DroppedLine[] = [];
  @state() private revision = 0;

  /** Time between two reads of a payment the provider has not confirmed yet, and how many reads. */
  protected pollDelayMs = 2000;
  protected pollReads = 15;

  readonly #paymentKey = new IdempotencyKey();
  #writes?: AbortController;
  /** The family e-mail, offered for the payment ticket. */
  #email?: string;

  private readonly basketTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) => {
      if (!client) return undefined;
      const [panier, home] = await Promise.all([getPanier(client, signal), this.#email ? null : getHome(client, signal)]);
      this.#email ??= home?.family.email ?? '';
      return panier;
    },
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.revision] as const,
  });

  /** The payment the parent comes back from, read until the provider has settled it. */
  private readonly returned = new BasketReturn(
    this,
    () => (this.session.state ? this.client : undefined),
    () => {
      this.revision++;
      this.#focus('#step-h');
    },
    () => ({ delayMs: this.pollDelayMs, reads: this.pollReads }),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.returned.id) this.step = 4;
    addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
    this.basketTask.abort();
    this.#writes?.abort();
  }

  /** Back from the provider with the browser's back button: the page comes out of the cache at step 3. */
  readonly #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && this.step === 3) this.step = 2;
  };

  protected override sessionChanged(state: SessionState | null): void {
    if (state) return;
    this.#writes?.abort();
    this.step = this.returned.id ? 4 : 1;
    this.email = null;
    this.#email = undefined;
    this.emailError = this.alert = this.notice = '';
  }

  /** Sends the browser to the provider's payment page. */
  protected navigate(redirect: PaymentRedirect): void {
    leaveForProvider(redirect);
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private get panier(): Panier | undefined {
    return this.basketTask.value;
  }

  private get chosenBasket(): Basket | undefined {
    return this.panier?.baskets.find((b) => b.regie.id === this.chosen);
  }

  private get emailValue(): string {
    return this.email ?? this.#email ?? '';
  }

  private async takeOut(line: BasketLine): Promise<void> {
    if (this.busy || !this.client) return;
    this.#writes = new AbortController();
    this.busy = msg('Retrait de la réservation…');
    this.alert = this.notice = '';
    try {
      await removeLine(this.client, line.id, this.#writes.signal);
      this.notice = msg(str`${lineName(line)} : retiré du panier.`);
      this.revision++;
      this.#focus('#step-h');
    } catch (error) {
      if (!isAbort(error)) {
        this.alert = errorText(error);
        this.revision++;
      }
    } finally {
      this.busy = '';
    }
  }

  private proceed(event: SubmitEvent): void {
    event.preventDefault();
    this.chosen = (event.submitter as HTMLButtonElement | null)?.value || null;
    const basket = this.chosenBasket;
    if (!basket) return;
    if (basket.payable === 'without_payment') {
      this.step = 2;
      this.#focus('#step-h');
      return;
    }
    const email = this.emailValue.trim();
    this.emailError = !email
      ? msg('Saisissez votre e-mail : la banque y envoie le ticket de paiement.')
      : !EMAIL.test(email)
        ? msg('Cette adresse e-mail n’est pas valide (exemple : nom@exemple.fr).')
        : '';
    this.alert = this.notice = '';
    if (this.emailError) {
      this.#focus('[aria-invalid="true"]');
      return;
    }
    this.email = email;
    this.step = 2;
    this.#focus('#step-h');
  }

  private async pay(basket: Basket): Promise<void> {
    if (this.busy || !this.client) return;
    const body = { regieId: basket.regie.id, email: this.emailValue, returnPage: location.href.split('#')[0] };
    // A retried click after a network failure reuses the key: the server starts one payment only.
    const key = this.#paymentKey.for(body);
    this.#writes = new AbortController();
    this.busy = msg('Préparation du paiement…');
    this.alert = '';
    try {
      const answer = await checkout(this.client, body, key, this.#writes.signal);
      this.#paymentKey.settle();
      if (answer.outcome === 'changed') {
        this.dropped = answer.dropped;
        this.alert = msg('Des réservations ont été retirées de votre panier : vérifiez le nouveau total avant de payer.');
        this.step = 1;
        this.revision++;
        this.#focus('#step-h');
        return;
      }
      if (answer.outcome === 'confirmed') {
        this.confirmedAtOnce = answer.bookedDays;
        this.step = 4;
        this.revision++;
        this.#focus('#step-h');
        return;
      }
      this.redirectingTo = answer.payment.provider ? providerName(answer.payment.provider) : '';
      this.step = 3;
      this.#focus('#step-h');
      await this.updateComplete;
      this.navigate(answer.payment.redirect);
    } catch (error) {
      if (isAbort(error)) return;
      this.alert = errorText(error);
      if (error instanceof PortailApiError && error.status !== 0) {
        const email = fieldErrorText(error, 'email');
        // The basket changed under the parent (emptied, paid elsewhere): show it again.
        this.emailError = email ?? '';
        this.step = 1;
        this.revision++;
        this.#focus(email ? '[aria-invalid="true"]' : '#step-h');
      }
    } finally {
      this.busy = '';
    }
  }

  private async downloadAttestation(paymentId: string): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = msg('Préparation du téléchargement…');
    this.alert = '';
    try {
      await downloadFile(this.client, `paiements/${encodeURIComponent(paymentId)}/attestation.pdf`, `attestation-paiement-${paymentId.slice(0, 8)}.pdf`, this.renderRoot);
    } catch (error) {
      this.alert = errorText(error);
    } finally {
      this.busy = '';
    }
  }

  private backToBasket(): void {
    this.step = 1;
    this.returned.dismiss();
    this.confirmedAtOnce = null;
    this.dropped = [];
    this.alert = '';
    this.#focus('#step-h');
  }

  override render() {
    if (!this.client) return this.renderMissingKey();
    if (!this.session.state) {
      return html`<div part="base">
        ${signedOutView(msg('Mon panier'), msg('Connectez-vous pour consulter et payer vos réservations.'), this.loginHref)}
      </div>`;
    }
    const task = this.basketTask;
    const panier = this.panier;
    const steps = [msg('Mon panier'), msg('Récapitulatif'), msg('Paiement sécurisé'), msg('Confirmation')];
    const anyLine = panier?.baskets.some((b) => b.lines.length) ?? false;
    return html`<div part="base">
      ${mainHeading(msg('Mon panier'))}
      ${this.step > 1 || anyLine ? stepsList(steps, this.step, msg('Étapes du paiement du panier')) : nothing}
      <div role="status" class="status">${this.busy || this.notice ? html`<p>${this.busy || this.notice}</p>` : nothing}</div>
      <div role="alert" class="alert">${this.alert}</div>
      ${this.step === 4
        ? panierResult(this.returned.outcome(this.confirmedAtOnce), this.planningHref, () => this.backToBasket(), (id) => void this.downloadAttestation(id))
        : task.status === TaskStatus.ERROR && !panier
          ? failureLine(task.error)
          : panier
            ? this.renderStep(panier)
            : loadingLine(msg('Chargement de votre panier…'))}
    </div>`;
  }

  private renderStep(panier: Panier) {
    if (this.step === 3) {
      return html`<h3 id="step-h" tabindex="-1">${msg('Paiement sécurisé')}</h3>
        <p role="status">${msg(str`Redirection vers le site de paiement sécurisé ${this.redirectingTo}…`)}</p>`;
    }
    const chosen = this.chosenBasket;
    if (this.step === 2 && chosen) return this.renderSummary(chosen);
    return this.renderBaskets(panier);
  }

  private renderBaskets(panier: Panier) {
    const planning = this.planningHref
      ? html`<p><a href=${this.planningHref}>${msg('Réserver d’autres jours dans le calendrier')}</a></p>`
      : nothing;
    const baskets = panier.baskets.filter((b) => b.lines.length || b.debtCents > 0);
    const count = baskets.reduce((sum, b) => sum + b.lines.length, 0);
    const heading = html`<h3 id="step-h" tabindex="-1">
      ${count === 0
        ? msg('Votre panier est vide')
        : count === 1
          ? msg('1 réservation en attente de paiement')
          : msg(str`${count} réservations en attente de paiement`)}
    </h3>`;
    const payable = baskets.some((b) => b.payable === 'online');
    const field = { id: 'payer-email', label: msg('Mon e-mail (obligatoire, la banque y envoie le ticket de paiement)'), error: this.emailError };
    return html`${heading} ${droppedList(this.dropped)}
      ${count === 0
        ? html`<p>${msg('Cochez des jours dans le calendrier des services payables à la réservation : ils s’ajoutent à votre panier.')}</p>`
        : nothing}
      ${baskets.length
        ? html`<form part="form" novalidate @submit=${this.proceed}>
            ${baskets.map((b) => this.renderBasket(b, baskets.length > 1))}
            ${payable
              ? fieldFrame(
                  field,
                  html`<input
                    part="input"
                    id=${field.id}
                    type="email"
                    autocomplete="email"
                    required
                    .value=${this.emailValue}
                    aria-describedby=${describedBy(field)}
                    aria-invalid=${field.error ? 'true' : nothing}
                    @input=${(e: Event) => (this.email = (e.currentTarget as HTMLInputElement).value)}
                  />`,
                )
              : nothing}
            ${baskets.map((b) => this.renderPayButton(b, baskets.length > 1))}
          </form>`
        : nothing}
      ${planning}`;
  }

  private renderBasket(basket: Basket, named: boolean) {
    const id = `basket-${basket.regie.code}`;
    return html`<section class="basket" aria-labelledby=${id}>
      <h4 id=${id} class=${named ? '' : 'visually-hidden'}>${msg(str`Panier – ${basket.regie.name}`)}</h4>
      ${expiryNotice(basket)}
      ${basket.lines.length
        ? linesTable(basket, msg('Réservations en attente de paiement'), !!this.busy || basket.status === 'paying', (line) => void this.takeOut(line))
        : html`<p>${msg(str`Vous devez encore ${money(basket.debtCents)} : vous pouvez régler ce solde seul, sans nouvelle réservation.`)}</p>`}
      ${amountsList(basket)} ${amountsHelp(basket)}
    </section>`;
  }

  private renderPayButton(basket: Basket, named: boolean) {
    const label =
      basket.payable === 'without_payment'
        ? msg('Confirmer mes réservations')
        : basket.lines.length
          ? msg('Payer')
          : msg('Régler ma dette');
    const button = html`<button
      part="button"
      type="submit"
      class="primary"
      value=${basket.regie.id}
      aria-label=${named ? `${label} – ${basket.regie.name}` : nothing}
      ?disabled=${!!this.busy}
    >
      ${label}
    </button>`;
    switch (basket.payable) {
      case 'online':
      case 'without_payment':
        return html`<div class="actions">${button}</div>`;
      case 'below_minimum':
        return html`<p class="hint">${msg('Le paiement en ligne est possible à partir de 1 € : réglez ce montant à la mairie, ou ajoutez des réservations.')}</p>`;
      case 'in_progress':
        return html`<p class="hint">
          ${basket.retryAt
            ? msg(str`Un paiement de ce panier est en cours. Si vous l’avez abandonné, vous pourrez recommencer à partir de ${clockTime(basket.retryAt)}.`)
            : msg('Un paiement de ce panier est en cours : attendez sa confirmation avant de recommencer.')}
        </p>`;
      default:
        return nothing;
    }
  }

  private renderSummary(basket: Basket) {
    const free = basket.payable === 'without_payment';
    return html`<h3 id="step-h" tabindex="-1">${msg('Récapitulatif')}</h3>
      ${basket.lines.length
        ? html`<ul class="summary">
            ${basket.lines.map((line) => html`<li>${lineName(line)} : ${money(line.priceCents)}</li>`)}
          </ul>`
        : nothing}
      ${amountsList(basket)}
      <p class="total">${msg(str`TOTAL À RÉGLER : ${money(basket.totalCents)}`)}</p>
      <p class="hint">
        ${free
          ? msg('Votre cagnotte couvre la totalité : vos réservations sont confirmées sans passer par la banque.')
          : msg(str`Vous allez quitter ce site pour la page de paiement sécurisé. Le ticket de paiement sera envoyé à ${this.emailValue}.`)}
      </p>
      <div class="actions">
        <button part="button" type="button" class="primary" ?disabled=${!!this.busy} @click=${() => void this.pay(basket)}>
          ${free ? msg('Confirmer mes réservations') : msg('Payer en ligne')}
        </button>
        <button part="button" type="button" class="link" @click=${() => this.backToBasket()}>${msg('Retour au panier')}</button>
      </div>`;
  }
}

const PROVIDERS: Record<PaymentProvider, string> = { payfip: 'PayFiP', tipi: 'TIPI', systempay: 'Systempay', paybox: 'Paybox' };
const providerName = (provider: PaymentProvider) => PROVIDERS[provider];

declare global {
  interface HTMLElementTagNameMap {
    'portail-panier': PortailPanier;
  }
}
