import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { scopeToTenant, type AppEnv } from './context.js';
import { ApiError } from '../errors.js';
import type { Deps } from '../deps.js';
import { STAFF_ABSOLUTE_MS, sessionExpired, staffAuthenticate } from '../modules/auth/staff-session.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const COOKIE = 'portail_staff';

/**
 * `__Host-portail_staff` (Secure, Path=/, no Domain) on https; browsers refuse the prefix on plain
 * http, so the localhost demo uses `portail_staff` without Secure.
 */
export function setStaffCookie(c: Context<AppEnv>, token: string) {
  const options = { httpOnly: true, sameSite: 'Strict' as const, path: '/', maxAge: Math.floor(STAFF_ABSOLUTE_MS / 1000) };
  if (c.get('deps').secureCookies) setCookie(c, COOKIE, token, { ...options, prefix: 'host' });
  else setCookie(c, COOKIE, token, options);
}

export function clearStaffCookie(c: Context<AppEnv>) {
  if (c.get('deps').secureCookies) deleteCookie(c, COOKIE, { path: '/', secure: true, prefix: 'host' });
  else deleteCookie(c, COOKIE, { path: '/' });
}

export const staffCookie = (c: Context<AppEnv>) => {
  const value = c.get('deps').secureCookies ? getCookie(c, COOKIE, 'host') : getCookie(c, COOKIE);
  return value && /^[A-Za-z0-9_-]{20,128}$/.test(value) ? value : undefined;
};

/**
 * CSRF wall of the staff API: an unsafe method, or any request that names a foreign origin, must
 * come from the settings page itself (Origin equal to the platform's); unsafe ones carry JSON,
 * which a cross-site form cannot send without a preflight.
 * Nothing personal is cached.
 */
export function sameOriginJson(deps: Deps): MiddlewareHandler<AppEnv> {
  const own = new URL(deps.publicUrl).origin;
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    // A foreign Origin only comes with a cross-site fetch: refused for reads too, before the session is read.
    const origin = c.req.header('origin');
    if ((UNSAFE.has(c.req.method) || origin !== undefined) && origin !== own) {
      throw new ApiError(403, 'origine_refusee', 'Requête refusée : elle ne provient pas de la page des réglages du portail.');
    }
    if (UNSAFE.has(c.req.method)) {
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        throw new ApiError(415, 'type_contenu', 'Le contenu doit être envoyé en JSON (Content-Type: application/json).');
      }
    }
    await next();
  };
}

/** Requires a live staff session; the tenant is the session's, whatever the request says. */
export function requireStaff(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = staffCookie(c);
    if (!token) throw sessionExpired();
    const session = await staffAuthenticate(c.get('deps'), token);
    c.set('staff', session.staff);
    scopeToTenant(c, session.staff.tenantId);
    await next();
  };
}

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('staff').role !== 'admin') {
      throw new ApiError(403, 'droits_insuffisants', 'Seul un administrateur de la commune peut modifier ces réglages.');
    }
    await next();
  };
}
