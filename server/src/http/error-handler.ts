import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../errors.js';
import { isDatabaseUnreachable } from '../db/unreachable.js';
import type { AppEnv } from './context.js';

/** Seconds a client is asked to wait when the database is unreachable: about one reconnection attempt. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Every error leaves as `{ code, message, requestId }`, keeping the headers already set (CORS). */
export function errorHandler(err: Error, c: Context<AppEnv>) {
  const requestId = c.get('requestId');
  if (err instanceof ApiError) {
    if (err.extra.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.extra.retryAfterSeconds));
    return c.json({ code: err.code, message: err.message, requestId, ...(err.extra.fields ? { fields: err.extra.fields } : {}) }, err.status);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json({ code: 'requete_invalide', message: 'La requête est invalide.', requestId }, err.status);
  }
  if (isDatabaseUnreachable(err)) {
    // Nothing was written (the transaction could not commit): the same request can be sent again.
    c.get('deps')?.log({ requestId, event: 'base_injoignable', error: codeOf(err) });
    c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    c.header('Cache-Control', 'no-store');
    return c.json({ code: 'service_indisponible', message: 'Le service est momentanément indisponible. Veuillez réessayer dans quelques instants.', requestId }, 503);
  }
  // Only the error class and database code are logged: messages may quote query parameters.
  c.get('deps')?.log({ requestId, event: 'erreur_interne', error: [err.name, codeOf(err)].filter(Boolean).join(' ') });
  return c.json({ code: 'erreur_interne', message: 'Une erreur inattendue est survenue. Veuillez réessayer.', requestId }, 500);
}

const codeOf = (err: Error) => (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;

export function notFoundHandler(c: Context<AppEnv>) {
  return c.json({ code: 'introuvable', message: 'Cette adresse n’existe pas.', requestId: c.get('requestId') }, 404);
}
