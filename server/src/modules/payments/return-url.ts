import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { allowedOrigins, payments, paymentSettings } from '../../db/schema/index.js';
import { isLocalHost } from '../../domain/web-address.js';

/**
 * The town page a payment comes back to: the page it was started from (sent by the widget) when
 * that page is on one of the commune's allowed origins, otherwise the return page of the payment
 * settings. The fragment is dropped (the result is added as `#portail-paiement=…`), and anything
 * that is not a plain web address of an allowed site falls back: the provider never sends the
 * payer to a page the commune has not declared.
 */
export function chooseReturnPage(fromPage: string | null | undefined, allowed: readonly string[], configured: string): string {
  if (!fromPage) return configured;
  let url: URL;
  try {
    url = new URL(fromPage);
  } catch {
    return configured;
  }
  const web = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
  if (!web || url.username || url.password || !allowed.includes(url.origin)) return configured;
  url.hash = '';
  return url.href;
}

/** `chooseReturnPage` against the commune's allowed origins, read in the caller's transaction. */
export async function returnPageOf(db: Db | Tx, tenantId: string, fromPage: string | null | undefined, configured: string): Promise<string> {
  if (!fromPage) return configured;
  const rows = await db.select({ origin: allowedOrigins.origin }).from(allowedOrigins).where(eq(allowedOrigins.tenantId, tenantId));
  return chooseReturnPage(fromPage, rows.map((r) => r.origin), configured);
}

/**
 * Where the browser goes back from the provider: the page recorded when the payment started, else
 * the configured return page; the payment id in the fragment.
 */
export async function returnDestination(deps: Deps, tenantId: string, paymentId: string | null): Promise<string | null> {
  const { db } = deps.database;
  const [payment] = paymentId
    ? await db.select({ returnPage: payments.returnPage, purpose: payments.purpose }).from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
    : [];
  const [settings] = payment?.returnPage ? [] : await db.select({ returnUrl: paymentSettings.returnUrl }).from(paymentSettings).where(eq(paymentSettings.tenantId, tenantId));
  const page = payment?.returnPage ?? settings?.returnUrl;
  if (!page) return null;
  if (!paymentId) return page;
  // A basket or debt payment goes back to the basket's result (the page may hold both elements).
  return `${page}#${payment && payment.purpose !== 'invoice' ? 'portail-panier-paiement' : 'portail-paiement'}=${paymentId}`;
}
