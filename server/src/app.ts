import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './http/context.js';
import type { Deps } from './deps.js';
import { requestLog } from './http/request-log.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { tenantGate } from './http/tenant.js';
import { authRoutes } from './modules/auth/routes.js';
import { planningFamilyRoutes as planningRoutes } from './modules/planning/family-routes.js';
import { documentRoutes } from './modules/documents/routes.js';
import { familyRoutes } from './modules/family/routes.js';
import { configRoutes } from './modules/config/routes.js';
import { widgetRoutes } from './modules/widget/routes.js';
import { mailboxRoutes } from './modules/mailbox/routes.js';
import { adminRoutes } from './modules/admin/routes.js';
import { billingFamilyRoutes } from './modules/billing/family-routes.js';
import { paymentFamilyRoutes } from './modules/payments/family-routes.js';
import { paymentProviderRoutes } from './modules/payments/provider-routes.js';

/** Builds the whole HTTP application from its dependencies; nothing here reads the environment. */
export function createApp(deps: Deps) {
  const tenantApi = new Hono<AppEnv>().use(tenantGate()).route('/', configRoutes).route('/', authRoutes).route('/', planningRoutes).route('/', documentRoutes).route('/', familyRoutes).route('/', billingFamilyRoutes).route('/', paymentFamilyRoutes);

  const app = new Hono<AppEnv>()
    .use(requestLog(deps))
    .use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false, referrerPolicy: 'no-referrer' }))
    .get('/health', async (c) => {
      await deps.database.db.execute('select 1');
      return c.json({ status: 'ok' });
    })
    .route('/widget', widgetRoutes)
    .route('/v1/t/:publicKey', tenantApi)
    .route('/v1/paiement', paymentProviderRoutes)
    .route('/admin', adminRoutes(deps));
  if (deps.demo) {
    app.route('/mailbox', mailboxRoutes);
    // Read on each request: the sandbox learns the server's final address only once it listens.
    app.mount('/sandbox', (request) => (deps.sandbox ? deps.sandbox.fetch(request) : Response.json({ code: 'introuvable', message: 'Cette adresse n’existe pas.' }, { status: 404 })));
  }
  app.onError(errorHandler);
  app.notFound(notFoundHandler);
  return app;
}

export type App = ReturnType<typeof createApp>;
