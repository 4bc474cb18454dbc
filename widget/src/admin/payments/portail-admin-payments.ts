import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { clockTime, formatDateTime, formatPrice } from '../../base/format.js';
import { confirmPayment, getPayments, getRejectedEvents, rejectPayment, unlockPayment, type PaymentStatus, type RejectedProviderEvent, type StaffPayment } from '../api/payments.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { PAYMENT_STATUSES, eventOutcomeLabel, eventSourceLabel, methodLabel, paymentStatusLabel, providerLabel } from './payment-labels.js';
import { portailAdminPaymentsStyles } from './portail-admin-payments.styles.js';

/**
 * @summary "Paiements": every payment, online or recorded at the town hall, with its status and
 * authorisation number; the ones received after the invoice was settled are flagged for the
 * régie; each shows what the provider sent (notifications, returns, verifications) and why a
 * message was refused. Below, every refused provider message of the commune, including those that
 * could not be tied to any payment (forged signature, unknown reference, other shop). A payment
 * "à vérifier" (a TIPI result nothing authenticates) is confirmed or rejected by an admin once the
 * régie has checked its account. A pending online payment holds its invoice for a while (the
 * payer may still pay at the provider); an admin may unlock it sooner for a payer who closed the
 * provider's page, the payment's outcome still counting if it ever comes.
 */
export class PortailAdminPayments extends AdminElement {
  static override styles = [adminStyles, portailAdminPaymentsStyles];

  /** An admin: may confirm or reject the payments à vérifier, and unlock an invoice held by a pending payment. */
  @property({ type: Boolean, attribute: 'can-decide' }) canDecide = false;

  @state() private status: PaymentStatus | '' = '';
  @state() private flaggedOnly = false;
  @state() private expanded = new Set<string>();

  private readonly loadTask = new Task(this, {
    task: ([status, flagged]: readonly [string, boolean], { signal }) => getPayments({ status: status || undefined, flagged: flagged ? 'true' : undefined }, signal),
    args: () => [this.status, this.flaggedOnly] as const,
  });

  private readonly rejectedTask = new Task(this, {
    task: (_args: readonly [], { signal }) => getRejectedEvents(undefined, signal),
    args: () => [] as const,
  });

  override render() {
    return html`<section class="card" aria-labelledby="payments-title">
      <h2 id="payments-title">${msg('Paiements')}</h2>
      <form class="inline-form" aria-label=${msg('Filtrer les paiements')} @submit=${(e: Event) => e.preventDefault()}>
        <div class="field">
          <label for="payments-status">${msg('Statut')}</label>
          <select id="payments-status" @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as PaymentStatus | '')}>
            <option value="" ?selected=${this.status === ''}>${msg('Tous les statuts')}</option>
            ${PAYMENT_STATUSES.map((value) => html`<option value=${value} ?selected=${this.status === value}>${paymentStatusLabel(value)}</option>`)}
          </select>
        </div>
        <label class="check"><input type="checkbox" .checked=${this.flaggedOnly} @change=${(e: Event) => (this.flaggedOnly = (e.target as HTMLInputElement).checked)} />
          ${msg('Seulement les paiements à rembourser ou imputer')}</label>
      </form>
      ${this.renderMessages()}
      ${this.renderTask(this.loadTask, msg('Chargement des paiements…'), (payments) => this.renderTable(payments))}
      <section class="rejected" aria-labelledby="rejected-title">
        <h3 id="rejected-title">${msg('Messages refusés des prestataires')}</h3>
        <p class="hint">
          ${msg('Notifications ou retours dont la signature, le montant ou la référence ne correspondent pas : ils n’ont rien modifié. Des refus répétés peuvent signaler une tentative de fraude ou une clé mal configurée.')}
        </p>
        ${this.renderTask(this.rejectedTask, msg('Chargement des messages refusés…'), (events) => this.renderRejected(events))}
      </section>
    </section>`;
  }

  private renderRejected(events: RejectedProviderEvent[]) {
    if (!events.length) return html`<p role="status">${msg('Aucun message refusé.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${events.length > 1
          ? msg(str`${events.length} messages refusés, du plus récent au plus ancien`)
          : msg(str`${events.length} message refusé, du plus récent au plus ancien`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Date')}</th><th scope="col">${msg('Prestataire')}</th><th scope="col">${msg('Source')}</th>
            <th scope="col">${msg('Motif')}</th><th scope="col">${msg('Paiement')}</th>
          </tr>
        </thead>
        <tbody>
          ${events.map(
            (e) => html`<tr>
              <td>${formatDateTime(e.at)}</td>
              <td>${providerLabel(e.provider)}</td>
              <td>${eventSourceLabel(e.source)}</td>
              <td>${e.reason ?? '–'}</td>
              <td>${e.payment ? html`${e.payment.invoiceNumber ?? msg('Facture sans numéro')}<br /><span class="hint">${e.payment.familyName}</span>` : '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private toggle(paymentId: string) {
    const expanded = new Set(this.expanded);
    if (expanded.has(paymentId)) expanded.delete(paymentId);
    else expanded.add(paymentId);
    this.expanded = expanded;
  }

  private renderTable(payments: StaffPayment[]) {
    if (!payments.length) return html`<p role="status">${msg('Aucun paiement ne correspond à ce filtre.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${payments.length > 1
          ? msg(str`${payments.length} paiements, du plus récent au plus ancien`)
          : msg(str`${payments.length} paiement, du plus récent au plus ancien`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Date')}</th><th scope="col">${msg('Famille')}</th><th scope="col">${msg('Facture')}</th><th scope="col">${msg('Mode')}</th>
            <th scope="col">${msg('Prestataire')}</th><th scope="col" class="number">${msg('Montant')}</th><th scope="col">${msg('Statut')}</th>
            <th scope="col">${msg('N° d’autorisation')}</th><th scope="col">${msg('Événements')}</th>
          </tr>
        </thead>
        <tbody>
          ${payments.map((p) => this.renderPayment(p))}
        </tbody>
      </table>
    </div>`;
  }

  private renderPayment(p: StaffPayment) {
    const open = this.expanded.has(p.id);
    const count = p.events.length;
    const amount = formatPrice(p.amountCents);
    return html`<tr>
        <td>${formatDateTime(p.paidAt ?? p.createdAt)}</td>
        <th scope="row">${p.family.name}<br /><span class="hint">${msg(str`n° ${p.family.number}`)}</span></th>
        <td>${p.invoice ? (p.invoice.number ?? '–') : p.label}</td>
        <td>${methodLabel(p.method)}</td>
        <td>${p.provider ? providerLabel(p.provider) : '–'}</td>
        <td class="number">${amount}</td>
        <td>
          <span class=${p.status === 'paid' ? 'badge' : 'badge off'}>${paymentStatusLabel(p.status)}</span>
          ${p.flaggedLate ? html`<br /><span class="flag">${msg('Payé après règlement — à rembourser ou imputer')}</span>` : ''}
          ${p.status === 'to_verify' ? this.renderVerification(p, amount) : ''}
          ${p.heldUntil ? this.renderHold(p, p.heldUntil, amount) : ''}
          ${p.status === 'pending' && p.releasedAt
            ? html`<br /><span class="hint">${msg(str`Facture débloquée à ${clockTime(p.releasedAt)} : la famille peut payer à nouveau`)}</span>`
            : ''}
        </td>
        <td>${p.authorisationNumber ?? '–'}</td>
        <td>
          ${count
            ? html`<button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`events-${p.id}`}
                aria-label=${open
                  ? msg(str`Masquer les événements (${count}) du paiement de ${amount} de ${p.family.name}`)
                  : msg(str`Voir les événements (${count}) du paiement de ${amount} de ${p.family.name}`)}
                @click=${() => this.toggle(p.id)}>${open ? msg(str`Masquer les événements (${count})`) : msg(str`Voir les événements (${count})`)}</button>`
            : '–'}
        </td>
      </tr>
      <tr class="events" id=${`events-${p.id}`} ?hidden=${!open}>
        <td colspan="9">${open ? this.renderEvents(p) : ''}</td>
      </tr>`;
  }

  /** The prestataire said paid without proof: the régie checks its account, then an admin decides. */
  private renderVerification(p: StaffPayment, amount: string) {
    return html`<br /><span class="flag">${msg('Annoncé payé, non prouvé : vérifiez l’encaissement auprès de la DGFiP')}</span>
      ${this.canDecide
        ? html`<div class="actions">
            <button type="button" ?disabled=${this.busy} aria-label=${msg(str`Confirmer le paiement de ${amount} de ${p.family.name}`)}
              @click=${() => this.decide(p, 'confirm')}>${msg('Confirmer')}</button>
            <button type="button" ?disabled=${this.busy} aria-label=${msg(str`Rejeter le paiement de ${amount} de ${p.family.name}`)}
              @click=${() => this.decide(p, 'reject')}>${msg('Rejeter')}</button>
          </div>`
        : ''}`;
  }

  /** The payer may still be paying at the provider: the invoice waits, unless an admin unlocks it. */
  private renderHold(p: StaffPayment, until: string, amount: string) {
    return html`<br /><span class="hint">${msg(str`Facture bloquée jusqu’à ${clockTime(until)}`)}</span>
      ${this.canDecide
        ? html`<div class="actions">
            <button type="button" ?disabled=${this.busy} aria-label=${msg(str`Débloquer la facture ${p.invoice?.number ?? ''} du paiement de ${amount} de ${p.family.name}`)}
              @click=${() => this.unlock(p)}>${msg('Débloquer la facture')}</button>
          </div>`
        : ''}`;
  }

  private async unlock(p: StaffPayment) {
    const done = await this.run(
      () => unlockPayment(p.id),
      msg(str`Facture ${p.invoice?.number ?? ''} débloquée : ${p.family.name} peut la payer à nouveau en ligne. Si le premier paiement aboutit quand même, il sera signalé à rembourser.`),
    );
    if (done) void this.loadTask.run();
  }

  private async decide(p: StaffPayment, decision: 'confirm' | 'reject') {
    const amount = formatPrice(p.amountCents);
    const done = await this.run(
      () => (decision === 'confirm' ? confirmPayment(p.id) : rejectPayment(p.id)),
      decision === 'confirm'
        ? msg(str`Paiement de ${amount} de ${p.family.name} confirmé : la facture est réglée et le ticket envoyé.`)
        : msg(str`Paiement de ${amount} de ${p.family.name} rejeté : la facture reste à régler.`),
    );
    if (done) void this.loadTask.run();
  }

  private renderEvents(p: StaffPayment) {
    return html`<table>
      <caption>${msg(str`Messages reçus pour le paiement de ${formatPrice(p.amountCents)} de ${p.family.name}`)}</caption>
      <thead>
        <tr><th scope="col">${msg('Date')}</th><th scope="col">${msg('Source')}</th><th scope="col">${msg('Résultat')}</th><th scope="col">${msg('Motif')}</th></tr>
      </thead>
      <tbody>
        ${p.events.map(
          (e) => html`<tr>
            <td>${formatDateTime(e.at)}</td>
            <td>${eventSourceLabel(e.source)}</td>
            <td>${eventOutcomeLabel(e.outcome)}</td>
            <td>${e.reason ?? '–'}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-payments': PortailAdminPayments;
  }
}
