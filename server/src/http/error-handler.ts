import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../errors.js';
import type { AppEnv } from './context.js';

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
  // Only the error class and database code are logged: messages may quote query parameters.
  const code = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
  c.get('deps')?.log({ requestId, event: 'erreur_interne', error: [err.name, code].filter(Boolean).join(' ') });
  return c.json({ code: 'erreur_interne', message: 'Une erreur inattendue est survenue. Veuillez réessayer.', requestId }, 500);
}

export function notFoundHandler(c: Context<AppEnv>) {
  return c.json({ code: 'introuvable', message: 'Cette adresse n’existe pas.', requestId: c.get('requestId') }, 404);
}
