import { msg } from '@lit/localize';
import type { OfflineMethod } from '../api/billing.js';
import type { PaymentEventView, PaymentStatus, Provider, StaffPayment } from '../api/payments.js';

export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'to_verify', 'paid', 'refused', 'cancelled', 'expired', 'error'];
export const PROVIDERS: readonly Provider[] = ['none', 'payfip', 'tipi', 'systempay', 'paybox'];
export const OFFLINE_METHODS: readonly OfflineMethod[] = ['cheque', 'cash', 'direct_debit'];

const PAYMENT_STATUS: Record<PaymentStatus, () => string> = {
  pending: () => msg('En attente'),
  to_verify: () => msg('À vérifier'),
  paid: () => msg('Payé'),
  refused: () => msg('Refusé'),
  cancelled: () => msg('Annulé'),
  expired: () => msg('Expiré'),
  error: () => msg('Erreur'),
};

const METHOD: Record<StaffPayment['method'], () => string> = {
  online: () => msg('Paiement en ligne'),
  cheque: () => msg('Chèque'),
  cash: () => msg('Espèces'),
  direct_debit: () => msg('Prélèvement'),
};

const PROVIDER: Record<Provider, () => string> = {
  none: () => msg('Aucun'),
  payfip: () => 'PayFiP',
  tipi: () => msg('TIPI (formulaire historique)'),
  systempay: () => 'Systempay',
  paybox: () => 'Paybox',
};

const EVENT_SOURCE: Record<PaymentEventView['source'], () => string> = {
  start: () => msg('début du paiement'),
  notification: () => msg('notification'),
  return: () => msg('retour'),
  poll: () => msg('vérification'),
  staff: () => msg('régie'),
};

const EVENT_OUTCOME: Record<PaymentEventView['outcome'], () => string> = {
  applied: () => msg('pris en compte'),
  unchanged: () => msg('déjà pris en compte'),
  pending: () => msg('en attente'),
  rejected: () => msg('refusé'),
  late: () => msg('payé après règlement'),
};

export const paymentStatusLabel = (status: PaymentStatus): string => PAYMENT_STATUS[status]();
export const methodLabel = (method: StaffPayment['method']): string => METHOD[method]();
/** The provider's name; a provider this page does not know yet keeps its code. */
export const providerLabel = (provider: Provider): string => PROVIDER[provider]?.() ?? provider;
export const eventSourceLabel = (source: PaymentEventView['source']): string => EVENT_SOURCE[source]?.() ?? source;
export const eventOutcomeLabel = (outcome: PaymentEventView['outcome']): string => EVENT_OUTCOME[outcome]?.() ?? outcome;
