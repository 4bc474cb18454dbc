import { and, eq, isNull } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { allowedOrigins, families, familySessions, publicKeys, tenants } from '../db/schema/index.js';
import { sha256 } from '../security/tokens.js';
import { bearerToken } from './family-auth.js';
import { ApiError } from '../errors.js';
import { scopeToTenant, type AppEnv } from './context.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const EXPOSED_HEADERS = 'Retry-After, X-Request-Id, Content-Disposition';
const PUBLIC_KEY = /^pk_(live|test)_[A-Za-z0-9]{24,64}$/;

/**
 * Resolves the tenant from the public key in the path and applies its CORS policy:
 * exact-origin match, no Access-Control-Allow-Origin for others, and 403 with no side effect
 * for any unsafe method or personal-data route from an origin that is not allowed.
 * Only GET /config (public configuration) and GET /logo answer any origin; /config refuses a
 * browser page of another origin readably (CORS granted, JSON 403, no data) — ADR 3.
 */
export function tenantGate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db } = c.get('deps').database;
    const key = c.req.param('publicKey') ?? '';
    const origin = c.req.header('origin');
    // The widget's first call: a page it cannot serve (unknown or revoked key, origin not allowed)
    // gets a readable refusal without any data, so it can say so instead of "no connection".
    const configRead = c.req.method === 'GET' && /\/config$/.test(c.req.path);
    if (configRead && origin !== undefined) {
      c.header('Vary', 'Origin');
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!PUBLIC_KEY.test(key)) throw new ApiError(404, 'cle_inconnue', 'Ce portail est introuvable : la clé publique est inconnue.');

    // The parent's session (when a bearer token is sent) comes in the same round trip as the key.
    const token = bearerToken(c.req.header('authorization'));
    const rows = await db
      .select({
        tenantId: tenants.id,
        name: tenants.name,
        revokedAt: publicKeys.revokedAt,
        origin: allowedOrigins.origin,
        sessionId: familySessions.id,
        familyId: familySessions.familyId,
        familyName: families.name,
        lastSeenAt: familySessions.lastSeenAt,
        expiresAt: familySessions.expiresAt,
      })
      .from(publicKeys)
      .innerJoin(tenants, eq(tenants.id, publicKeys.tenantId))
      .leftJoin(allowedOrigins, and(eq(allowedOrigins.tenantId, tenants.id), eq(allowedOrigins.origin, c.req.header('origin') ?? '')))
      .leftJoin(familySessions, and(eq(familySessions.tenantId, tenants.id), eq(familySessions.tokenHash, token ? sha256(token) : ''), isNull(familySessions.revokedAt)))
      .leftJoin(families, and(eq(families.tenantId, familySessions.tenantId), eq(families.id, familySessions.familyId)))
      .where(eq(publicKeys.key, key))
      .limit(1);
    const row = rows[0];
    if (!row) throw new ApiError(404, 'cle_inconnue', 'Ce portail est introuvable : la clé publique est inconnue.');

    const allowed = origin !== undefined && row.origin === origin;
    c.header('Vary', 'Origin');
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (row.revokedAt) throw new ApiError(401, 'cle_revoquee', 'Cette clé de portail a été révoquée. Le site de la commune doit être mis à jour.');
    c.set('tenant', { id: row.tenantId, name: row.name, publicKey: key });
    scopeToTenant(c, row.tenantId);
    if (token) {
      c.set(
        'session',
        row.sessionId && row.familyId && row.familyName && row.lastSeenAt && row.expiresAt
          ? { id: row.sessionId, familyId: row.familyId, name: row.familyName, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt }
          : null,
      );
    }

    if (c.req.method === 'OPTIONS') {
      if (!allowed) return c.body(null, 403);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }

    const publicRead = c.req.method === 'GET' && /\/(config|logo)$/.test(c.req.path);
    if (!allowed && (!publicRead || (configRead && origin !== undefined))) {
      throw new ApiError(403, 'origine_refusee', 'Ce site n’est pas autorisé à utiliser ce portail.');
    }
    if (UNSAFE.has(c.req.method) && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'type_contenu', 'Le contenu doit être envoyé en JSON (Content-Type: application/json).');
    }
    if (!publicRead) c.header('Cache-Control', 'no-store');
    await next();
  };
}
