import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../../http/context.js';
import { tenants } from '../../db/schema/index.js';
import { PAYMENT_PROVIDERS, type PaymentProvider } from '../../db/schema/billing.js';
import type { Incoming } from '../../payments/adapter.js';
import { adapterOf } from '../../payments/providers.js';
import { receiveMessage } from './notifications.js';
import { returnDestination } from './return-url.js';
import { isUuid } from '../../domain/ids.js';
import { bodyLimit, isBodyTooLarge } from '../../http/body-limit.js';

/** A provider's notification is a short form; anything longer is not one. */
const notificationLimit = bodyLimit({ maxBytes: 32 * 1024 });

const plain = (c: Context<AppEnv>, text: string, status: 200 | 400 | 404 | 413 | 503) => {
  c.header('Cache-Control', 'no-store');
  return c.text(text, status);
};

/** The tenant and provider of the path, or null when either does not exist (404, nothing recorded). */
async function target(c: Context<AppEnv>): Promise<{ tenantId: string; provider: PaymentProvider } | null> {
  const tenantId = c.req.param('tenantId') ?? '';
  const provider = c.req.param('provider') ?? '';
  if (!isUuid(tenantId) || !(PAYMENT_PROVIDERS as readonly string[]).includes(provider)) return null;
  const [tenant] = await c.get('deps').database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant ? { tenantId, provider: provider as PaymentProvider } : null;
}

/**
 * What arrived, as each protocol sends it: query string and/or form body, decoded into fields, and
 * the raw string exactly as received (Paybox signs it as is).
 */
async function incoming(c: Context<AppEnv>, ownParams: string[]): Promise<Incoming | 'too_large'> {
  const rawQuery = new URL(c.req.url).search.slice(1);
  let rawBody = '';
  if (c.req.method === 'POST') {
    try {
      rawBody = await c.req.text();
    } catch (err) {
      if (isBodyTooLarge(err)) return 'too_large';
      throw err;
    }
    if (/^(multipart|application\/json)/i.test(c.req.header('content-type') ?? '')) rawBody = '';
  }
  const fields: Record<string, string> = {};
  for (const raw of [rawQuery, rawBody]) {
    for (const [name, value] of new URLSearchParams(raw)) fields[name] ??= value;
  }
  return { fields, raw: rawBody || rawQuery, ownParams };
}

/** What the providers call (notifications) and where they send the payer back (returns). No tenant key, no CORS. */
export const paymentProviderRoutes = new Hono<AppEnv>()
  .use(notificationLimit)
  .on(['GET', 'POST'], '/:tenantId/:provider/notification', async (c) => {
    const where = await target(c);
    if (!where) return plain(c, 'Adresse inconnue.', 404);
    const message = await incoming(c, []);
    if (message === 'too_large') return plain(c, 'Notification trop volumineuse.', 413);
    const received = await receiveMessage(c.get('deps'), where.tenantId, where.provider, 'notification', message);
    if (received.kind === 'rejected') return plain(c, `Notification refusée : ${received.reason}`, 400);
    if (received.kind === 'unavailable') return plain(c, 'Résultat non vérifiable pour le moment, réessayez plus tard.', 503);
    return plain(c, 'OK', 200);
  })
  .on(['GET', 'POST'], '/:tenantId/:provider/retour', async (c) => {
    const where = await target(c);
    if (!where) return plain(c, 'Adresse inconnue.', 404);
    const deps = c.get('deps');
    const message = await incoming(c, ['paiement']);
    const paymentId = c.req.query('paiement') ?? '';
    // Legacy TIPI has a single address, urlcl, which its server calls with the result and the payer's
    // browser posts to on the way back. A browser navigation (Sec-Fetch-Mode: navigate, sent by every
    // current browser) only displays; anything else is the provider's notification, verified as one.
    const source = adapterOf(where.provider).notifiesAtReturn && c.req.header('sec-fetch-mode') !== 'navigate' ? 'notification' : 'return';
    const received = message === 'too_large' ? null : await receiveMessage(deps, where.tenantId, where.provider, source, message, paymentId);
    // The browser always lands back on the town's page, which shows the verified state of the payment.
    const destination = await returnDestination(deps, where.tenantId, received?.paymentId ?? null);
    if (!destination) return plain(c, 'Page de retour inconnue.', 404);
    c.header('Cache-Control', 'no-store');
    return c.redirect(destination, 303);
  });
