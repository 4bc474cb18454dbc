import { defineOnce } from '../base/define-once.js';
import { PortailAdmin } from './shell/portail-admin.js';
import { PortailAdminActivation } from './shell/portail-admin-activation.js';
import { PortailAdminAudit } from './settings/portail-admin-audit.js';
import { PortailAdminBilling } from './billing/portail-admin-billing.js';
import { PortailAdminBaskets } from './billing/portail-admin-baskets.js';
import { PortailAdminCagnotte } from './billing/portail-admin-cagnotte.js';
import { PortailAdminCalendar } from './planning/portail-admin-calendar.js';
import { PortailAdminChildPlanning } from './planning/portail-admin-child-planning.js';
import { PortailAdminDeadline } from './planning/portail-admin-deadline.js';
import { PortailAdminDocuments } from './documents/portail-admin-documents.js';
import { PortailAdminEnrollments } from './planning/portail-admin-enrollments.js';
import { PortailAdminFamilies } from './families/portail-admin-families.js';
import { PortailAdminFamiliesImport } from './families/portail-admin-families-import.js';
import { PortailAdminFamiliesLetters } from './families/portail-admin-families-letters.js';
import { PortailAdminFileRequests } from './families/portail-admin-file-requests.js';
import { PortailAdminHeadcounts } from './planning/portail-admin-headcounts.js';
import { PortailAdminInvoices } from './billing/portail-admin-invoices.js';
import { PortailAdminInvoicing } from './billing/portail-admin-invoicing.js';
import { PortailAdminKeys } from './settings/portail-admin-keys.js';
import { PortailAdminBulk } from './messages/portail-admin-bulk.js';
import { PortailAdminMessages } from './messages/portail-admin-messages.js';
import { PortailAdminMessageSettings } from './messages/portail-admin-message-settings.js';
import { PortailAdminMessageTemplates } from './messages/portail-admin-message-templates.js';
import { PortailAdminLogin } from './shell/portail-admin-login.js';
import { PortailAdminOrigins } from './settings/portail-admin-origins.js';
import { PortailAdminPaymentSettings } from './payments/portail-admin-payment-settings.js';
import { PortailAdminPayments } from './payments/portail-admin-payments.js';
import { PortailAdminPreview } from './settings/portail-admin-preview.js';
import { PortailAdminReasons } from './planning/portail-admin-reasons.js';
import { PortailAdminRegies } from './billing/portail-admin-regies.js';
import { PortailAdminRequests } from './planning/portail-admin-requests.js';
import { PortailAdminServices } from './planning/portail-admin-services.js';
import { PortailAdminSettings } from './settings/portail-admin-settings.js';
import { PortailAdminSnippet } from './settings/portail-admin-snippet.js';
import { PortailAdminTariffs } from './billing/portail-admin-tariffs.js';

/**
 * The staff page (/admin), its own bundle: never loaded by the parents' pages. The page shows
 * every section, so every element is defined at once; the page shell last, so that its
 * sections are defined when it first renders.
 */
const elements: Record<string, CustomElementConstructor> = {
  'portail-admin-preview': PortailAdminPreview,
  'portail-admin-login': PortailAdminLogin,
  'portail-admin-activation': PortailAdminActivation,
  'portail-admin-settings': PortailAdminSettings,
  'portail-admin-origins': PortailAdminOrigins,
  'portail-admin-keys': PortailAdminKeys,
  'portail-admin-snippet': PortailAdminSnippet,
  'portail-admin-audit': PortailAdminAudit,
  'portail-admin-deadline': PortailAdminDeadline,
  'portail-admin-services': PortailAdminServices,
  'portail-admin-reasons': PortailAdminReasons,
  'portail-admin-calendar': PortailAdminCalendar,
  'portail-admin-child-planning': PortailAdminChildPlanning,
  'portail-admin-enrollments': PortailAdminEnrollments,
  'portail-admin-requests': PortailAdminRequests,
  'portail-admin-headcounts': PortailAdminHeadcounts,
  'portail-admin-families-letters': PortailAdminFamiliesLetters,
  'portail-admin-families-import': PortailAdminFamiliesImport,
  'portail-admin-families': PortailAdminFamilies,
  'portail-admin-file-requests': PortailAdminFileRequests,
  'portail-admin-documents': PortailAdminDocuments,
  'portail-admin-regies': PortailAdminRegies,
  'portail-admin-tariffs': PortailAdminTariffs,
  'portail-admin-invoicing': PortailAdminInvoicing,
  'portail-admin-invoices': PortailAdminInvoices,
  'portail-admin-baskets': PortailAdminBaskets,
  'portail-admin-cagnotte': PortailAdminCagnotte,
  'portail-admin-billing': PortailAdminBilling,
  'portail-admin-payment-settings': PortailAdminPaymentSettings,
  'portail-admin-payments': PortailAdminPayments,
  'portail-admin-messages': PortailAdminMessages,
  'portail-admin-bulk': PortailAdminBulk,
  'portail-admin-message-templates': PortailAdminMessageTemplates,
  'portail-admin-message-settings': PortailAdminMessageSettings,
  'portail-admin': PortailAdmin,
};
for (const [tag, element] of Object.entries(elements)) defineOnce(tag, element);
