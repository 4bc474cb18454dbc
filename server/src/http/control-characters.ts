import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

/**
 * No form types a control character, yet a script can send one anywhere, and PostgreSQL refuses
 * NUL in text outright (a 500 deep inside a query). One rule for every route: the address (path
 * and query string, decoded) carries no C0 control character at all; a JSON string may carry
 * tab and line breaks, which multi-line texts (messages, reasons) need, and no other.
 */
const IN_ADDRESS = /[\u0000-\u001f]/;
const IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** A percent-escaped control byte in a path: UTF-8 never uses bytes below 0x80 inside a letter, so this is exact. */
const ESCAPED_IN_PATH = /%[01][0-9a-f]/i;

const MESSAGE = 'La requête contient un caractère de contrôle (caractère nul ou autre), qui n’est pas accepté : retirez-le et réessayez.';
const FIELD_MESSAGE = 'Ce champ contient un caractère de contrôle, qui n’est pas accepté.';

const refused = (field?: string) => new ApiError(422, 'validation', MESSAGE, field ? { fields: { [field]: FIELD_MESSAGE } } : {});

/** Refuses, before any route runs, a control character in the path or the query string (names and values). */
export function refuseControlCharacters(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (IN_ADDRESS.test(url.pathname) || ESCAPED_IN_PATH.test(url.pathname)) throw refused();
    for (const [name, value] of url.searchParams) {
      if (IN_ADDRESS.test(name)) throw refused();
      if (IN_ADDRESS.test(value)) throw refused(name);
    }
    await next();
  };
}

/** The path (`a.b.0`) of the first JSON string or key holding a control character other than tab and line breaks. */
function controlCharacterAt(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return IN_TEXT.test(value) ? path.join('.') || '_' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (IN_TEXT.test(key)) return path.join('.') || '_';
    const found = controlCharacterAt(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** Throws the French 422 when a parsed JSON body holds a control character in any string. */
export function refuseControlCharactersIn(body: unknown): void {
  const field = controlCharacterAt(body);
  if (field !== null) throw refused(field);
}
