import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AdminElement } from '../base/admin-element.js';

/**
 * @summary The "Facturation" section: régies, tariffs, monthly invoicing, invoices and the
 * families' cagnottes, kept in step — a new régie appears in the tariff and invoicing forms,
 * published invoices in the search.
 */
export class PortailAdminBilling extends AdminElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  /** Admins change régies and tariffs, compute, publish and credit; agents record payments. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  /** Bumped when the régies change: the tariff and invoicing forms offer them. */
  @state() private regiesRevision = 0;
  /** Bumped when invoices are published: the invoice search shows them. */
  @state() private invoicesRevision = 0;

  constructor() {
    super();
    this.addEventListener('portail-billing-changed', (event) => {
      if (event.what === 'regies') this.regiesRevision += 1;
      if (event.what === 'runs') this.invoicesRevision += 1;
    });
  }

  override render() {
    return html`
      <portail-admin-regies ?can-edit=${this.canEdit}></portail-admin-regies>
      <portail-admin-tariffs ?can-edit=${this.canEdit} .revision=${this.regiesRevision}></portail-admin-tariffs>
      <portail-admin-invoicing ?can-edit=${this.canEdit} .revision=${this.regiesRevision}></portail-admin-invoicing>
      <portail-admin-invoices ?can-edit=${this.canEdit} .revision=${this.invoicesRevision}></portail-admin-invoices>
      <portail-admin-baskets ?can-edit=${this.canEdit}></portail-admin-baskets>
      <portail-admin-cagnotte ?can-edit=${this.canEdit}></portail-admin-cagnotte>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-billing': PortailAdminBilling;
  }
}
