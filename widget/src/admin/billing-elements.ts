import { defineOnce } from '../base/define-once.js';
import { PortailAdminBilling } from './portail-admin-billing.js';
import { PortailAdminInvoices } from './portail-admin-invoices.js';
import { PortailAdminInvoicing } from './portail-admin-invoicing.js';
import { PortailAdminPaymentSettings } from './portail-admin-payment-settings.js';
import { PortailAdminPayments } from './portail-admin-payments.js';
import { PortailAdminRegies } from './portail-admin-regies.js';
import { PortailAdminTariffs } from './portail-admin-tariffs.js';

/** The billing and payment sections of the staff page (régies, tariffs, invoicing, invoices, online payment, payments). */
const elements: [string, CustomElementConstructor][] = [
  ['portail-admin-regies', PortailAdminRegies],
  ['portail-admin-tariffs', PortailAdminTariffs],
  ['portail-admin-invoicing', PortailAdminInvoicing],
  ['portail-admin-invoices', PortailAdminInvoices],
  ['portail-admin-billing', PortailAdminBilling],
  ['portail-admin-payment-settings', PortailAdminPaymentSettings],
  ['portail-admin-payments', PortailAdminPayments],
];
for (const [tag, element] of elements) defineOnce(tag, element);
