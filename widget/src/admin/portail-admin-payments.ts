import { LitElement, css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getPayments, getRejectedEvents, type PaymentStatus, type RejectedProviderEvent, type StaffPayment } from './api/payments.js';
import { staffErrorText } from './base/error-text.js';
import { PAYMENT_STATUSES, eventOutcomeLabel, eventSourceLabel, methodLabel, paymentStatusLabel, providerLabel } from './payments/payment-labels.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDateTime, formatPrice } from '../base/format.js';

const LATE_FLAG = 'Payé après règlement — à rembourser ou imputer';

/**
 * @summary "Paiements": every payment, online or recorded at the town hall, with its status and
 * authorisation number; the ones received after the invoice was settled are flagged for the
 * régie; each shows what the provider sent (notifications, returns, verifications) and why a
 * message was refused. Below, every refused provider message of the commune, including those that
 * could not be tied to any payment (forged signature, unknown reference, other shop).
 */
export class PortailAdminPayments extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      .flag {
        display: inline-block;
        margin-top: 0.25em;
        padding: 0 0.5em;
        border-inline-start: 0.25em solid var(--_portail-error);
        background: #fdf0ef;
        color: var(--_portail-error);
        font-weight: bold;
      }
      tr.events > td {
        background: #f4f5f7;
      }
      .rejected {
        margin-top: 1.5em;
      }
    `,
  ];

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
      <h2 id="payments-title">Paiements</h2>
      <form class="inline-form" aria-label="Filtrer les paiements" @submit=${(e: Event) => e.preventDefault()}>
        <div class="field">
          <label for="payments-status">Statut</label>
          <select id="payments-status" @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as PaymentStatus | '')}>
            <option value="" ?selected=${this.status === ''}>Tous les statuts</option>
            ${PAYMENT_STATUSES.map((value) => html`<option value=${value} ?selected=${this.status === value}>${paymentStatusLabel(value)}</option>`)}
          </select>
        </div>
        <label class="check"><input type="checkbox" .checked=${this.flaggedOnly} @change=${(e: Event) => (this.flaggedOnly = (e.target as HTMLInputElement).checked)} />
          Seulement les paiements à rembourser ou imputer</label>
      </form>
      ${this.loadTask.render({
        pending: () => html`<p role="status">Chargement des paiements…</p>`,
        error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
        complete: (payments) => this.renderTable(payments),
      })}
      <section class="rejected" aria-labelledby="rejected-title">
        <h3 id="rejected-title">Messages refusés des prestataires</h3>
        <p class="hint">
          Notifications ou retours dont la signature, le montant ou la référence ne correspondent pas : ils n’ont rien modifié.
          Des refus répétés peuvent signaler une tentative de fraude ou une clé mal configurée.
        </p>
        ${this.rejectedTask.render({
          pending: () => html`<p role="status">Chargement des messages refusés…</p>`,
          error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
          complete: (events) => this.renderRejected(events),
        })}
      </section>
    </section>`;
  }

  private renderRejected(events: RejectedProviderEvent[]) {
    if (!events.length) return html`<p role="status">Aucun message refusé.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${events.length} message${events.length > 1 ? 's' : ''} refusé${events.length > 1 ? 's' : ''}, du plus récent au plus ancien</caption>
        <thead>
          <tr><th scope="col">Date</th><th scope="col">Prestataire</th><th scope="col">Source</th><th scope="col">Motif</th><th scope="col">Paiement</th></tr>
        </thead>
        <tbody>
          ${events.map(
            (e) => html`<tr>
              <td>${formatDateTime(e.at)}</td>
              <td>${providerLabel(e.provider)}</td>
              <td>${eventSourceLabel(e.source)}</td>
              <td>${e.reason ?? '–'}</td>
              <td>${e.payment ? html`${e.payment.invoiceNumber ?? 'Facture sans numéro'}<br /><span class="hint">${e.payment.familyName}</span>` : '—'}</td>
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
    if (!payments.length) return html`<p role="status">Aucun paiement ne correspond à ce filtre.</p>`;
    return html`<div class="table-wrap">
      <table>
        <caption>${payments.length} paiement${payments.length > 1 ? 's' : ''}, du plus récent au plus ancien</caption>
        <thead>
          <tr>
            <th scope="col">Date</th><th scope="col">Famille</th><th scope="col">Facture</th><th scope="col">Mode</th><th scope="col">Prestataire</th>
            <th scope="col" class="number">Montant</th><th scope="col">Statut</th><th scope="col">N° d’autorisation</th><th scope="col">Événements</th>
          </tr>
        </thead>
        <tbody>
          ${payments.map((p) => {
            const open = this.expanded.has(p.id);
            return html`<tr>
                <td>${formatDateTime(p.paidAt ?? p.createdAt)}</td>
                <th scope="row">${p.family.name}<br /><span class="hint">n° ${p.family.number}</span></th>
                <td>${p.invoice.number ?? '–'}</td>
                <td>${methodLabel(p.method)}</td>
                <td>${p.provider ? providerLabel(p.provider) : '–'}</td>
                <td class="number">${formatPrice(p.amountCents)}</td>
                <td>
                  <span class=${p.status === 'paid' ? 'badge' : 'badge off'}>${paymentStatusLabel(p.status)}</span>
                  ${p.flaggedLate ? html`<br /><span class="flag">${LATE_FLAG}</span>` : ''}
                </td>
                <td>${p.authorisationNumber ?? '–'}</td>
                <td>
                  ${p.events.length
                    ? html`<button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`events-${p.id}`}
                        aria-label=${`${open ? 'Masquer' : 'Voir'} les événements (${p.events.length}) du paiement de ${formatPrice(p.amountCents)} de ${p.family.name}`}
                        @click=${() => this.toggle(p.id)}>${open ? 'Masquer' : 'Voir'} les événements (${p.events.length})</button>`
                    : '–'}
                </td>
              </tr>
              <tr class="events" id=${`events-${p.id}`} ?hidden=${!open}>
                <td colspan="9">${open ? this.renderEvents(p) : ''}</td>
              </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderEvents(p: StaffPayment) {
    return html`<table>
      <caption>Messages reçus pour le paiement de ${formatPrice(p.amountCents)} de ${p.family.name}</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Source</th><th scope="col">Résultat</th><th scope="col">Motif</th></tr></thead>
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
