import { HTTPError } from 'ky';

/**
 * The one error the widget's API layer throws. `message` is French and safe to show: it comes
 * from the server body `{ code, message }` or from this module for network failures.
 */
export class PortailApiError extends Error {
  override name = 'PortailApiError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Seconds to wait before retrying, from `Retry-After` (429). */
    readonly retryAfter: number | null = null,
    /** Per-field French messages of a 422 `validation` answer. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const GENERIC_MESSAGE = 'Une erreur est survenue. Veuillez réessayer dans quelques instants.';
const NETWORK_MESSAGE =
  'Le service est momentanément injoignable. Vérifiez votre connexion internet puis réessayez.';

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  fields?: unknown;
}

async function readBody(response: Response): Promise<ErrorBody> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
  } catch {
    return {};
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export async function errorFromResponse(response: Response): Promise<PortailApiError> {
  const body = await readBody(response);
  return new PortailApiError(
    typeof body.code === 'string' ? body.code : `http_${response.status}`,
    typeof body.message === 'string' && body.message ? body.message : GENERIC_MESSAGE,
    response.status,
    parseRetryAfter(response.headers.get('Retry-After')),
    stringRecord(body.fields),
  );
}

/** A request given up by its caller (element disconnected, newer request): nothing to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Turns anything ky throws into a PortailApiError; aborts are rethrown untouched. */
export async function toApiError(error: unknown): Promise<unknown> {
  if (error instanceof PortailApiError || isAbort(error)) return error;
  if (error instanceof HTTPError) return errorFromResponse(error.response);
  return new PortailApiError('reseau', NETWORK_MESSAGE, 0);
}
