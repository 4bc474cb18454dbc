import { secureHeaders } from 'hono/secure-headers';
import { createApp } from '../../server/src/app.js';
import { png } from './admin-fixtures.js';
import type { Deps } from '../../server/src/deps.js';
import { tenantGate } from '../../server/src/http/tenant.js';
import { requireFamily } from '../../server/src/http/family-auth.js';
import { requestLog } from '../../server/src/http/request-log.js';
import { refuseControlCharacters } from '../../server/src/http/control-characters.js';
import { bodyLimit, capRequestBodies } from '../../server/src/http/body-limit.js';
import { requireAdmin, requireStaff, sameOriginJson } from '../../server/src/http/staff-auth.js';

/**
 * Every endpoint of the application, read from the Hono app itself and classified by who may call
 * it. The audience comes from the guards in front of the handler (requireFamily, requireStaff,
 * requireAdmin); the tables below only list the exceptions: routes that are open on purpose. A
 * route that none of them explains is reported as unknown, so a new route cannot go untested.
 */
export type Audience =
  /** no tenant, no session: health, widget bundle, the staff page's static files */
  | 'public'
  /** under the tenant gate without a family session: configuration, login, activation, reset */
  | 'tenant-public'
  | 'family'
  /** under the staff API's CSRF wall without a session: staff login, activation, logout */
  | 'staff-public'
  | 'staff'
  | 'admin'
  /** payment providers' notifications and returns, verified with the provider */
  | 'provider'
  /** demo mode only: mailbox page and payment sandboxes */
  | 'demo'
  /** a child's calendar feed: no session, no Origin, the unguessable token in the path is the credential */
  | 'feed';

export interface Endpoint {
  method: string;
  path: string;
  audience: Audience;
  /** The path parameters, each named by the resource it designates (see PATH_PARAMS). */
  params: { name: string; resource: Resource }[];
}

/** Unguarded endpoints that are open on purpose, and what they are. */
export const OPEN_ROUTES: Record<string, Audience> = {
  'GET /health': 'public',
  'GET /widget/v1/*': 'public',
  'GET /admin': 'public',
  'GET /admin/activation': 'public',
  'GET /admin/admin.css': 'public',
  'GET /admin/app.js': 'public',
  'GET /admin/chunks/:file': 'public',
  'GET /v1/t/:publicKey/config': 'tenant-public',
  'GET /v1/t/:publicKey/logo': 'tenant-public',
  'GET /v1/t/:publicKey/aide': 'tenant-public',
  'POST /v1/t/:publicKey/session': 'tenant-public',
  'POST /v1/t/:publicKey/activation': 'tenant-public',
  'POST /v1/t/:publicKey/password/forgot': 'tenant-public',
  'POST /v1/t/:publicKey/password/reset': 'tenant-public',
  'POST /admin/api/session': 'staff-public',
  'GET /admin/api/session': 'staff-public',
  // A child's calendar feed, read by calendar apps: the token in the path is the credential (ADR 18).
  'GET /v1/agenda/:token': 'feed',
  'DELETE /admin/api/session': 'staff-public',
  'POST /admin/api/activation': 'staff-public',
  'GET /mailbox': 'demo',
  'ALL /sandbox/*': 'demo',
};

/** Prefixes whose routes need no session by design: each message is verified with the provider. */
export const OPEN_PREFIXES: [string, Audience][] = [['/v1/paiement/', 'provider']];

export type Resource =
  | 'publicKey'
  | 'tenant'
  | 'provider'
  | 'file'
  | 'group'
  | 'document'
  | 'invoice'
  | 'payment'
  | 'child'
  | 'pickupPerson'
  | 'origin'
  | 'key'
  | 'service'
  | 'period'
  | 'closure'
  | 'absenceReason'
  | 'enrollment'
  | 'changeRequest'
  | 'family'
  | 'regie'
  | 'invoicingRun'
  | 'conversation'
  | 'attachment'
  | 'messageTemplate'
  | 'basket'
  | 'basketLine'
  | 'feedToken'
  | 'taxAttestationRun'
  | 'taxAttestation';

/** What each path parameter designates, by the segment before it and its name. */
export const PATH_PARAMS: Record<string, Resource> = {
  't/:publicKey': 'publicKey',
  'paiement/:tenantId': 'tenant',
  ':tenantId/:provider': 'provider',
  'chunks/:file': 'file',
  'groups/:group': 'group',
  'documents/:id': 'document',
  'factures/:id': 'invoice',
  'invoices/:id': 'invoice',
  'paiements/:id': 'payment',
  'payments/:id': 'payment',
  'children/:childId': 'child',
  'children/:id': 'child',
  'pickup-persons/:personId': 'pickupPerson',
  'origins/:id': 'origin',
  'keys/:id': 'key',
  'services/:id': 'service',
  'periods/:id': 'period',
  'closures/:id': 'closure',
  'absence-reasons/:id': 'absenceReason',
  'enrollments/:id': 'enrollment',
  'change-requests/:id': 'changeRequest',
  'families/:id': 'family',
  'regies/:id': 'regie',
  'runs/:id': 'invoicingRun',
  'messages/:id': 'conversation',
  'attachments/:attachmentId': 'attachment',
  'message-templates/:id': 'messageTemplate',
  'baskets/:id': 'basket',
  'lignes/:lineId': 'basketLine',
  'agenda/:token': 'feedToken',
  'tax-attestation-runs/:id': 'taxAttestationRun',
  'tax-attestations/:id': 'taxAttestation',
  'attestations-fiscales/:id': 'taxAttestation',
};

/**
 * Routes that validate their body or query before they look the row up: a foreign actor's call
 * carries a valid one, so that the answer shows the ownership check rather than the validation.
 * `id` gives commune one's ids by resource.
 */
export const SAMPLES: Record<string, (id: (resource: Resource) => string) => { body?: unknown; query?: string }> = {
  'POST /v1/t/:publicKey/famille/children/:childId/pickup-persons': () => ({ body: PICKUP_PERSON }),
  'PUT /v1/t/:publicKey/famille/children/:childId/pickup-persons/:personId': () => ({ body: PICKUP_PERSON }),
  'PUT /v1/t/:publicKey/famille/children/:childId/photo': () => ({ body: { data: png(40, 30).toString('base64') } }),
  'POST /admin/api/children/:id/enrollments': (id) => ({ body: { serviceId: id('service'), startDate: '2026-09-01' } }),
  'GET /admin/api/children/:id/planning': () => ({ query: '?from=2026-09-01&to=2026-09-30' }),
  'POST /admin/api/documents/:id/reject': () => ({ body: { reason: 'Document illisible' } }),
  'POST /admin/api/change-requests/:id/decide': () => ({ body: { decision: 'accept' } }),
  'GET /admin/api/families/:id/sensitive': () => ({ query: '?what=iban' }),
  'POST /admin/api/families/:id/children': () => ({ body: { firstName: 'Zoé', lastName: 'Martin', birthDate: '2019-04-01' } }),
  'POST /admin/api/invoices/:id/credit-note': () => ({ body: { reason: 'Erreur de facturation' } }),
  'POST /admin/api/invoices/:id/payments': () => ({ body: { method: 'cheque', amountCents: 1000, paidOn: '2026-09-01', payerName: 'M. Martin' } }),
  'POST /v1/t/:publicKey/messages/:id/replies': () => ({ body: { body: 'Bonjour' } }),
  'POST /admin/api/messages/:id/replies': () => ({ body: { body: 'Bonjour' } }),
  'POST /admin/api/messages/:id/notes': () => ({ body: { body: 'Note' } }),
  'PATCH /admin/api/messages/:id': () => ({ body: { status: 'closed' } }),
  'PUT /admin/api/message-templates/:id': () => ({ body: { title: 'Modèle', body: 'Texte' } }),
  'POST /admin/api/tax-attestation-runs': (id) => ({ body: { regieId: id('regie'), year: 2025 } }),
  'PATCH /admin/api/tax-attestations/:id': () => ({ body: { aidCents: 0 } }),
  'POST /admin/api/families/:id/cagnotte': (id) => ({ body: { regieId: id('regie'), kind: 'adjustment', amountCents: 100, note: 'Régularisation' } }),
};

const PICKUP_PERSON = { firstName: 'Paul', lastName: 'Durand', relation: 'voisin', phone: '06 11 22 33 44', allowed: true };

type Guard = 'tenant' | 'family' | 'staff' | 'admin' | 'sameOrigin';

/** The middleware of app.ts that are not guards: they must not hide a handler. */
const source = (fn: unknown) => String(fn);

function guardSources(deps: Deps): Map<string, Guard | 'plain'> {
  return new Map<string, Guard | 'plain'>([
    [source(tenantGate()), 'tenant'],
    [source(requireFamily()), 'family'],
    [source(requireStaff()), 'staff'],
    [source(requireAdmin()), 'admin'],
    [source(sameOriginJson(deps)), 'sameOrigin'],
    [source(requestLog(deps)), 'plain'],
    [source(secureHeaders()), 'plain'],
    [source(refuseControlCharacters()), 'plain'],
    [source(capRequestBodies()), 'plain'],
    // A route's own body limit (the provider notifications', the uploads'): every one has this source.
    [source(bodyLimit({ maxBytes: 1 })), 'plain'],
  ]);
}

function pattern(path: string) {
  const body = path
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body.replace(/\/\.\*$/, '(/.*)?')}$`);
}

export interface RouteTable {
  endpoints: Endpoint[];
  /** What the classification does not know: each line says what to add. */
  unknown: string[];
}

/** Reads the application's routes (built with `deps`, demo mode included) and classifies them. */
export function routeTable(deps: Deps): RouteTable {
  const routes = createApp({ ...deps, demo: true }).routes;
  const guards = guardSources(deps);
  const unknown: string[] = [];
  const last = new Map<string, number>();
  routes.forEach((route, index) => {
    const key = `${route.method} ${route.path}`;
    if (route.method === 'ALL' && !OPEN_ROUTES[key]) {
      if (!guards.has(source(route.handler))) unknown.push(`${key}: a middleware or catch-all handler that route-table.ts does not know`);
      return;
    }
    last.set(key, index);
  });

  const endpoints: Endpoint[] = [];
  for (const [key, index] of last) {
    const [method, path] = key.split(' ');
    const found = new Set<Guard>();
    routes.slice(0, index).forEach((route) => {
      const guard = guards.get(source(route.handler));
      if (!guard || guard === 'plain') return;
      if ((route.method === 'ALL' || route.method === method) && pattern(route.path).test(path)) found.add(guard);
    });
    const audience = classify(key, path, found);
    if (!audience) {
      unknown.push(`${key}: no session guard; add the guard, or list it in OPEN_ROUTES if it is open on purpose`);
      continue;
    }
    const params: Endpoint['params'] = [];
    const segments = path.split('/');
    segments.forEach((segment, i) => {
      if (!segment.startsWith(':')) return;
      const resource = PATH_PARAMS[`${segments[i - 1]}/${segment}`];
      if (resource) params.push({ name: segment.slice(1), resource });
      else unknown.push(`${key}: path parameter ${segment} after "${segments[i - 1]}" is not in PATH_PARAMS`);
    });
    endpoints.push({ method, path, audience, params });
  }
  return { endpoints, unknown };
}

function classify(key: string, path: string, guards: Set<Guard>): Audience | null {
  if (guards.has('admin')) return guards.has('staff') ? 'admin' : null;
  if (guards.has('staff')) return 'staff';
  if (guards.has('family')) return guards.has('tenant') ? 'family' : null;
  const open = OPEN_ROUTES[key];
  if (open) return open;
  return OPEN_PREFIXES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? null;
}

/** The path with each parameter replaced by the id the caller chose for its resource. */
export function fillPath(endpoint: Endpoint, value: (resource: Resource) => string) {
  let path = endpoint.path.replace(/\/\*$/, '/portail.js');
  for (const param of endpoint.params) path = path.replace(`:${param.name}`, encodeURIComponent(value(param.resource)));
  return path;
}
