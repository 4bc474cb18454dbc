/**
 * The four online payment providers, each an adapter of the one interface in `adapter.ts`, found
 * by the name the commune's settings and its payments record.
 */
import type { PaymentProvider } from '../db/schema/billing.js';
import type { ProviderAdapter } from './adapter.js';
import { paybox, type PayboxSettings } from './paybox.js';
import { payfip, type PayfipSettings } from './payfip.js';
import { systempay, type SystempaySettings } from './systempay.js';
import { tipi, type TipiSettings } from './tipi.js';

export type ProviderSettings = PayfipSettings | TipiSettings | SystempaySettings | PayboxSettings;

export const PROVIDER_LABELS: Record<PaymentProvider, string> = {
  payfip: 'PayFiP (DGFiP)',
  tipi: 'TIPI (DGFiP)',
  systempay: 'Systempay',
  paybox: 'Paybox',
};

const registry = { payfip, tipi, systempay, paybox };

/**
 * The adapter of a provider. Its settings and message types are left open: the caller hands it the
 * settings of the same provider and back the message its own `identify` read.
 */
export const adapterOf = (provider: PaymentProvider): ProviderAdapter<ProviderSettings, unknown> => registry[provider];
