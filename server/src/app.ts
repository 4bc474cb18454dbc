import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './http/context.js';
import type { Deps } from './deps.js';
import { requestLog } from './http/request-log.js';
import { refuseControlCharacters } from './http/control-characters.js';
import { capRequestBodies } from './http/body-limit.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { tenantGate } from './http/tenant.js';
import { requireStaff, sameOriginJson } from './http/staff-auth.js';
import { authFamilyRoutes } from './modules/auth/family-routes.js';
import { authStaffRoutes } from './modules/auth/staff-routes.js';
import { settingsPublicRoutes } from './modules/settings/public-routes.js';
import { settingsStaffRoutes } from './modules/settings/staff-routes.js';
import { planningFamilyRoutes } from './modules/planning/family-routes.js';
import { planningStaffRoutes } from './modules/planning/staff-routes.js';
import { familyFileRoutes } from './modules/families/family-routes.js';
import { familiesStaffRoutes } from './modules/families/staff-routes.js';
import { documentFamilyRoutes } from './modules/documents/family-routes.js';
import { documentStaffRoutes } from './modules/documents/staff-routes.js';
import { billingFamilyRoutes } from './modules/billing/family-routes.js';
import { billingStaffRoutes } from './modules/billing/staff-routes.js';
import { paymentFamilyRoutes } from './modules/payments/family-routes.js';
import { paymentStaffRoutes } from './modules/payments/staff-routes.js';
import { basketFamilyRoutes } from './modules/basket/family-routes.js';
import { basketStaffRoutes } from './modules/basket/staff-routes.js';
import { paymentProviderRoutes } from './modules/payments/provider-routes.js';
import { cagnotteFamilyRoutes } from './modules/cagnotte/family-routes.js';
import { cagnotteStaffRoutes } from './modules/cagnotte/staff-routes.js';
import { widgetRoutes } from './modules/widget/routes.js';
import { staffPageRoutes } from './modules/widget/admin-page.js';
import { mailboxRoutes } from './modules/mailbox/routes.js';
import { messagePublicRoutes } from './modules/messages/public-routes.js';
import { messageFamilyRoutes } from './modules/messages/family-routes.js';
import { messageStaffRoutes } from './modules/messages/staff-routes.js';
import { homeFamilyRoutes } from './modules/home/family-routes.js';
import { calendarFamilyRoutes } from './modules/calendar/family-routes.js';
import { calendarPublicRoutes } from './modules/calendar/public-routes.js';
import { taxAttestationFamilyRoutes } from './modules/tax-attestations/family-routes.js';
import { taxAttestationStaffRoutes } from './modules/tax-attestations/staff-routes.js';

/** Builds the whole HTTP application from its dependencies; nothing here reads the environment. */
export function createApp(deps: Deps) {
  // /v1/t/:publicKey: one commune's parents, the commune named by the widget's public key. The
  // public configuration and signing in need no session; each family area guards its own routes
  // with requireFamily.
  const familyApi = new Hono<AppEnv>()
    .use(tenantGate())
    .route('/', settingsPublicRoutes)
    .route('/', authFamilyRoutes)
    .route('/', planningFamilyRoutes)
    .route('/', documentFamilyRoutes)
    .route('/', familyFileRoutes)
    .route('/', billingFamilyRoutes)
    .route('/', paymentFamilyRoutes)
    .route('/', messagePublicRoutes)
    .route('/', messageFamilyRoutes)
    .route('/', basketFamilyRoutes)
    .route('/', cagnotteFamilyRoutes)
    .route('/', homeFamilyRoutes)
    .route('/', calendarFamilyRoutes)
    .route('/', taxAttestationFamilyRoutes);

  // Everything staff do needs a live staff session; routes for admins only say so with requireAdmin.
  const staffAreas = new Hono<AppEnv>()
    .use(requireStaff())
    .route('/', settingsStaffRoutes())
    .route('/', planningStaffRoutes())
    .route('/', documentStaffRoutes())
    .route('/', familiesStaffRoutes())
    .route('/', billingStaffRoutes())
    .route('/', paymentStaffRoutes())
    .route('/', messageStaffRoutes())
    .route('/', basketStaffRoutes())
    .route('/', cagnotteStaffRoutes())
    .route('/', taxAttestationStaffRoutes());

  // /admin/api: the staff page's API, same origin and JSON only; signing in needs no session.
  const staffApi = new Hono<AppEnv>().use(sameOriginJson(deps)).route('/', authStaffRoutes).route('/', staffAreas);

  const app = new Hono<AppEnv>()
    .use(requestLog(deps))
    .use(refuseControlCharacters())
    .use(capRequestBodies())
    .use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false, referrerPolicy: 'no-referrer' }))
    .get('/health', async (c) => {
      await deps.database.db.execute('select 1');
      return c.json({ status: 'ok' });
    })
    .route('/widget', widgetRoutes)
    .route('/v1/t/:publicKey', familyApi)
    // Payment providers' notifications and returns: no session, each message is verified with its provider before it counts.
    .route('/v1/paiement', paymentProviderRoutes)
    // A child's calendar feed, read by calendar apps: the token in the path is its only credential (ADR 18).
    .route('/v1/agenda', calendarPublicRoutes)
    .route('/admin/api', staffApi)
    // The staff page and its bundle: no session, the page signs in through the API.
    .route('/admin', staffPageRoutes);
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
