import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { isAbort, PortailApiError } from '../../api/errors.js';
import {
  getInvoices,
  getPayment,
  startPayment,
  type InvoiceSummary,
  type Invoices,
  type PaymentRedirect,
  type PaymentView,
} from '../../api/factures.js';
import { downloadFile } from '../../base/download.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import { PortailElement } from '../../base/portail-element.js';
import { signedOutView } from '../../base/signed-out.js';
import { failureLine, loadingLine } from '../../base/task-lines.js';
import type { SessionState } from '../../session/session-store.js';
import { formStyles } from '../../styles/form.styles.js';
import { IdempotencyKey } from '../planning/idempotency.js';
import { getCagnotte } from '../../api/cagnotte.js';
import { cagnotteSection } from './factures-cagnotte.js';
import { getTaxAttestations } from '../../api/attestations-fiscales.js';
import { taxAttestationsSection } from './factures-attestations.js';
import { notificationsSection } from './factures-notifications.js';
import { chosenInvoice, paymentSection, type PaymentFlow, type PaymentStep } from './factures-payment.js';
import { EMAIL, leaveForProvider, RETURN_FRAGMENT, wait } from './payment-flow.js';
import { carriedTable, money, paidTable, statementTable } from './factures-tables.js';
import { facturesStyles } from './portail-factures.styles.js';
import { BasketReturn } from './basket-return.js';
import { DebtPayment } from './debt-payment.js';
import { panierResult } from './panier-result.js';

/**
 * @summary The family's invoices: what is left to pay, online payment of one invoice at a time,
 * invoices already paid and how (with the attestation of each online payment), invoices carried
 * over to a later one, the account statement, the cagnotte of prepaid services ("Règlements &
 * régularisations") and the e-mail announcing new invoices.
 *
 * Paying follows four steps: choose the invoice and give the e-mail the bank sends its ticket
 * to, check the summary, pay on the provider's secure page (the whole page goes there), then
 * read the result once back on this page. The amount always comes from the server. Invoice PDFs
 * are fetched with the session token. Shows an invitation to sign in while no parent is signed in.
 *
 * @csspart base - The wrapper of the whole element.
 * @csspart section - Each section (payment, paid invoices, statement, notifications).
 * @csspart steps - The list of the four payment steps.
 * @csspart table - Each table.
 * @csspart form - The payment form.
 * @csspart link - The link to the family file.
 * @csspart input - Each text field.
 * @csspart button - Each button.
 * @csspart result - The verified result of a payment.
 *
 * @cssproperty --portail-color-primary - Buttons, links and the current step (default: the town's colour, else #1d4f91).
 * @cssproperty --portail-color-primary-text - Text on primary buttons and the current step (default: the town's, else #ffffff).
 * @cssproperty --portail-color-text - Body text (default #1f2328).
 * @cssproperty --portail-color-muted - References, régies and hints (default #4d5562).
 * @cssproperty --portail-color-surface - Table, field and button background (default #ffffff).
 * @cssproperty --portail-color-border - Table and field borders (default #6b7280).
 * @cssproperty --portail-color-error - Errors, overdue invoices and refused payments (default #b3261e).
 * @cssproperty --portail-color-success - Accepted payments and confirmations (default #1e6b34).
 * @cssproperty --portail-color-focus - Focus outline (default: the primary colour).
 * @cssproperty --portail-radius - Corner radius of fields and buttons (default 0.25em).
 */
@localized()
export class PortailFactures extends PortailElement {
  static override styles = [...PortailElement.styles, formStyles, facturesStyles];

  /** Address of the town page holding `<portail-login>`, offered while signed out. */
  @property({ attribute: 'login-href' }) loginHref?: string;

  /** Address of the town page holding `<portail-panier>` (services paid at booking). */
  @property({ attribute: 'panier-href' }) panierHref?: string;

  /** Address of the town page holding `<portail-famille>`, where the notification e-mails are edited. */
  @property({ attribute: 'famille-href' }) familleHref?: string;

  @state() private step: PaymentStep = 1;
  @state() private chosen: string | null = null;
  /** The payer's e-mail as typed; null until edited (the family e-mail is offered). */
  @state() private email: string | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private alert = '';
  @state() private busy = '';
  @state() private redirectingTo = '';
  @state() private paymentId: string | null = null;
  @state() private result: PaymentView | null = null;
  @state() private timedOut = false;
  @state() private fileBusy = '';
  @state() private fileAlert = '';
  @state() private revision = 0;

  /** Time between two reads of a payment the provider has not confirmed yet, and how many reads. */
  protected pollDelayMs = 2000;
  protected pollReads = 15;

  readonly #paymentKey = new IdempotencyKey();
  #writes?: AbortController;

  private readonly invoicesTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) =>
      client ? getInvoices(client, signal) : undefined,
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.revision] as const,
  });

  /** The cagnotte of prepaid services, read beside the invoices: its failure leaves the invoices shown. */
  private readonly cagnotteTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) =>
      client ? getCagnotte(client, signal) : undefined,
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.revision] as const,
  });

  /** The published tax attestations, read beside the invoices. */
  private readonly taxTask = new Task(this, {
    task: async ([client]: readonly [ApiClient | undefined, string | undefined, number], { signal }) => (client ? getTaxAttestations(client, signal) : undefined),
    args: () => [this.session.state ? this.client : undefined, this.session.state?.token, this.revision] as const,
  });

  /** Reads the verified result of the payment the parent comes back from, until it is settled. */
  private readonly resultTask = new Task(this, {
    task: async ([client, id]: readonly [ApiClient | undefined, string | null], { signal }) => {
      if (!client || !id) return;
      try {
        for (let read = 1; ; read++) {
          const previous = this.result?.status;
          this.result = await getPayment(client, id, signal);
          if (this.result.status !== previous) this.#focus('#step-h');
          if (this.result.status !== 'pending' || this.result.abandoned) break;
          if (read >= this.pollReads) {
            this.timedOut = true;
            break;
          }
          await wait(this.pollDelayMs, signal);
        }
        this.revision++;
      } finally {
        if (!signal.aborted) this.#focus('#step-h');
      }
    },
    args: () => [this.session.state ? this.client : undefined, this.paymentId] as const,
  });

  /** "Régler ma dette": the solde paid alone, without new bookings. */
  private readonly debt = new DebtPayment(
    this,
    () => (this.session.state ? this.client : undefined),
    (redirect) => this.navigate(redirect),
  );

  /** Back from paying a basket or a debt, when this page is the commune's return page. */
  private readonly basketReturn = new BasketReturn(
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
    const id = RETURN_FRAGMENT.exec(location.hash)?.[1];
    if (id) {
      // The fragment has done its job: a reload or a shared link must not show the result again.
      history.replaceState(history.state, '', location.pathname + location.search);
      this.paymentId = id;
      this.step = 4;
    }
    addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
    this.invoicesTask.abort();
    this.cagnotteTask.abort();
    this.taxTask.abort();
    this.resultTask.abort();
    this.#writes?.abort();
  }

  /** Back from the provider with the browser's back button: the page comes out of the cache at step 3. */
  readonly #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && this.step === 3) this.step = 2;
  };

  protected override sessionChanged(state: SessionState | null): void {
    if (state) return;
    this.#writes?.abort();
    this.step = this.paymentId ? 4 : 1;
    this.chosen = this.email = null;
    this.errors = {};
    this.alert = this.fileAlert = '';
  }

  /**
   * Sends the browser to the provider's payment page: a plain address, or a form of hidden fields
   * posted from the page itself (outside the shadow root, so that it submits like any page form).
   */
  protected navigate(redirect: PaymentRedirect): void {
    leaveForProvider(redirect);
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private get data(): Invoices | undefined {
    return this.invoicesTask.value;
  }

  private get emailValue(): string {
    return this.email ?? this.data?.notifications.email ?? '';
  }

  private backToList(): void {
    this.step = 1;
    this.paymentId = null;
    this.result = null;
    this.timedOut = false;
    this.alert = '';
    this.#focus('#step-h');
  }

  private proceed(event: SubmitEvent): void {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!chosenInvoice(this.data, this.chosen)) errors.invoice = msg('Choisissez la facture à payer.');
    const email = this.emailValue.trim();
    if (!email) errors.email = msg('Saisissez votre e-mail : la banque y envoie le ticket de paiement.');
    else if (!EMAIL.test(email)) errors.email = msg('Cette adresse e-mail n’est pas valide (exemple : nom@exemple.fr).');
    this.errors = errors;
    this.alert = '';
    if (Object.keys(errors).length) {
      this.#focus('[aria-invalid="true"]');
      return;
    }
    this.email = email;
    this.step = 2;
    this.#focus('#step-h');
  }

  private async pay(invoice: InvoiceSummary): Promise<void> {
    if (this.busy || !this.client) return;
    // The payer comes back to this page (the server keeps it only on an allowed origin).
    const body = { invoiceId: invoice.id, email: this.emailValue, returnPage: location.href.split('#')[0] };
    // A retried click after a network failure reuses the key: the server starts one payment only.
    const key = this.#paymentKey.for(body);
    this.#writes = new AbortController();
    this.busy = msg('Préparation du paiement…');
    this.alert = '';
    try {
      const start = await startPayment(this.client, body, key, this.#writes.signal);
      this.#paymentKey.settle();
      this.redirectingTo = this.data?.onlinePayment.providerLabel ?? '';
      this.step = 3;
      this.#focus('#step-h');
      await this.updateComplete;
      this.navigate(start.redirect);
    } catch (error) {
      if (isAbort(error)) return;
      this.alert = errorText(error);
      if (error instanceof PortailApiError && error.status !== 0) {
        const email = fieldErrorText(error, 'email');
        if (email || error.status === 404 || error.status === 409 || error.code === 'montant_minimum') {
          // The list changed under the parent (paid meanwhile, payment started elsewhere): show it again.
          this.errors = email ? { email } : {};
          this.step = 1;
          this.revision++;
          this.#focus(email ? '[aria-invalid="true"]' : '#step-h');
        }
      }
    } finally {
      this.busy = '';
    }
  }

  private download(invoice: InvoiceSummary): Promise<void> {
    return this.downloadPdf(`factures/${encodeURIComponent(invoice.id)}/pdf`, `facture-${invoice.number}.pdf`);
  }

  private downloadAttestation(paymentId: string, invoiceNumber: string): Promise<void> {
    return this.downloadPdf(`paiements/${encodeURIComponent(paymentId)}/attestation.pdf`, `attestation-paiement-${invoiceNumber}.pdf`);
  }

  private async downloadPdf(path: string, filename: string): Promise<void> {
    if (this.fileBusy || !this.client) return;
    this.fileBusy = msg('Préparation du téléchargement…');
    this.fileAlert = '';
    try {
      await downloadFile(this.client, path, filename, this.renderRoot);
    } catch (error) {
      this.fileAlert = errorText(error);
    } finally {
      this.fileBusy = '';
    }
  }

  override render() {
    if (this.blocked) return this.renderBlocked();
    if (!this.session.state) {
      return html`<div part="base">
        ${signedOutView(msg('Mes factures'), msg('Connectez-vous pour consulter et payer vos factures.'), this.loginHref)}
        ${this.helpLink()}
      </div>`;
    }
    const task = this.invoicesTask;
    const data = this.data;
    return html`<div part="base">
      <h2>${msg('Mes factures')}</h2>
      ${task.status === TaskStatus.ERROR ? failureLine(task.error) : nothing}
      ${data
        ? this.renderInvoices(data)
        : task.status === TaskStatus.PENDING
          ? loadingLine(msg('Chargement de vos factures…'))
          : nothing}
      ${this.helpLink()}
    </div>`;
  }

  private renderInvoices(data: Invoices) {
    const balance = data.balanceCents;
    // Nothing was paid on a carried invoice: it is listed apart, with the invoice that took its balance.
    const carried = data.paid.filter((invoice) => invoice.status === 'carried');
    const paid = data.paid.filter((invoice) => invoice.status !== 'carried');
    return html`<p class="balance">
        ${balance > 0
          ? msg(str`Solde de votre compte : ${money(balance)} à régler`)
          : balance < 0
            ? msg(str`Solde de votre compte : ${money(-balance)} en votre faveur`)
            : msg('Aucune somme due')}
      </p>
      <div role="status" class="status">${this.fileBusy ? html`<p>${this.fileBusy}</p>` : nothing}</div>
      <div role="alert" class="alert">${this.fileAlert}</div>
      ${this.basketReturn.id
        ? html`<section part="section" aria-labelledby="step-h">
            ${panierResult(this.basketReturn.outcome(), this.panierHref, () => this.basketReturn.dismiss())}
          </section>`
        : html`${this.debt.render(data.notifications.email, this.panierHref)} ${paymentSection(data, this.paymentFlow())}`}
      <section part="section" aria-labelledby="paid-h">
        <h3 id="paid-h">${msg('Mes factures déjà payées')}</h3>
        ${paid.length
          ? paidTable(data, paid, {
              download: (invoice) => void this.download(invoice),
              attestation: (paymentId, number) => void this.downloadAttestation(paymentId, number),
            })
          : html`<p>${msg('Aucune facture réglée pour le moment.')}</p>`}
      </section>
      ${carried.length
        ? html`<section part="section" aria-labelledby="carried-h">
            <h3 id="carried-h">${msg('Mes factures reportées')}</h3>
            <p class="hint">${msg('Le reste à payer de ces factures a été reporté sur une facture suivante, dans son solde antérieur : c’est celle-ci qu’il faut régler.')}</p>
            ${carriedTable(data, carried, (invoice) => void this.download(invoice))}
          </section>`
        : nothing}
      <section part="section" aria-labelledby="statement-h">
        <h3 id="statement-h">${msg('Relevé de compte')}</h3>
        ${data.statement.length
          ? statementTable(data.statement)
          : html`<p>${msg('Aucune opération sur votre compte.')}</p>`}
      </section>
      ${this.cagnotteTask.value
        ? cagnotteSection(this.cagnotteTask.value)
        : this.cagnotteTask.status === TaskStatus.ERROR
          ? failureLine(this.cagnotteTask.error)
          : nothing}
      ${this.taxTask.value
        ? taxAttestationsSection(this.taxTask.value, (a) => void this.downloadPdf(`attestations-fiscales/${encodeURIComponent(a.id)}/pdf`, `attestation-fiscale-${a.year}.pdf`))
        : nothing}
      ${notificationsSection(data.notifications, this.familleHref)}`;
  }

  /** The payment section's view of the flow's state, and what its controls do. */
  private paymentFlow(): PaymentFlow {
    return {
      step: this.step,
      chosen: this.chosen,
      email: this.emailValue,
      errors: this.errors,
      busy: this.busy,
      alert: this.alert,
      redirectingTo: this.redirectingTo,
      result: this.result,
      resultError: this.resultTask.status === TaskStatus.ERROR ? errorText(this.resultTask.error) : '',
      timedOut: this.timedOut,
      choose: (invoiceId) => ((this.chosen = invoiceId), (this.errors = { ...this.errors, invoice: '' })),
      typeEmail: (email) => (this.email = email),
      proceed: (event) => this.proceed(event),
      pay: (invoice) => void this.pay(invoice),
      back: () => this.backToList(),
      download: (invoice) => void this.download(invoice),
      attestation: (paymentId, number) => void this.downloadAttestation(paymentId, number),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-factures': PortailFactures;
  }
}
