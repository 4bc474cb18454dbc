/**
 * Errors that say the database cannot be reached right now (connection refused, cut, timed out,
 * server shutting down), as opposed to errors of the query itself. The request that met one may
 * succeed a few seconds later, so the API answers 503 with Retry-After rather than 500.
 */
const NETWORK = new Set([
  // Node sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs of the server refusing or dropping sessions: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER = new Set(['57P01', '57P02', '57P03', '53300']);

/** True for a database connection error, looking through the wrappers (Drizzle's query error keeps the driver's in `cause`). */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // Class 08: connection exception (08000, 08003, 08006 …).
    if (NETWORK.has(code) || SERVER.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
