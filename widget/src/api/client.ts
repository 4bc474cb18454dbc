import ky, { type KyInstance } from 'ky';
import { sessionStoreFor, type SessionStore } from '../session/session-store.js';
import { errorFromResponse, toApiError } from './errors.js';

export interface ApiClient {
  readonly http: KyInstance;
  readonly session: SessionStore;
  readonly key: string;
  readonly apiBase: string;
  readonly publicKey: string;
}

function createClient(apiBase: string, publicKey: string): ApiClient {
  const session = sessionStoreFor(publicKey);
  const http = ky.create({
    prefixUrl: `${apiBase}/v1/t/${encodeURIComponent(publicKey)}/`,
    headers: { Accept: 'application/json' },
    // Only idempotent reads are retried; writes pass `retry: 0` as well, to be explicit.
    retry: { limit: 1, methods: ['get'], statusCodes: [408, 502, 503, 504] },
    timeout: 15_000,
    hooks: {
      beforeRequest: [
        (request) => {
          const token = session.state?.token;
          // The public configuration stays a simple request (no preflight) so that a refusal is readable.
          if (token && !new URL(request.url).pathname.endsWith('/config')) request.headers.set('Authorization', `Bearer ${token}`);
        },
      ],
      afterResponse: [
        async (request, _options, response) => {
          if (!request.headers.has('Authorization')) return;
          if (response.ok) {
            session.touch();
          } else if (response.status === 401) {
            const error = await errorFromResponse(response);
            if (error.code === 'session_expiree') session.clear('expired');
          }
        },
      ],
    },
  });
  return { http, session, key: `${apiBase}|${publicKey}`, apiBase, publicKey };
}

const clients = new Map<string, ApiClient>();

/** One client per API origin and public key, shared by sibling elements. */
export function apiClientFor(apiBase: string, publicKey: string): ApiClient {
  const key = `${apiBase}|${publicKey}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient(apiBase, publicKey);
    clients.set(key, client);
  }
  return client;
}

/** Awaits a ky call and rethrows its failure as a PortailApiError. */
export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw await toApiError(error);
  }
}

/**
 * A write the server applies once per `idempotencyKey`. Never retried by ky: the caller retries
 * with the same key after a network failure.
 */
export function postOnce<T>(client: ApiClient, path: string, body: unknown, idempotencyKey: string, signal?: AbortSignal): Promise<T> {
  return call(() =>
    client.http.post(path, { json: body, headers: { 'Idempotency-Key': idempotencyKey }, retry: 0, signal }).json<T>(),
  );
}

/** Unsafe methods must be JSON even without a body (docs/api.md, 415 `type_contenu`). */
export const JSON_CONTENT = { 'Content-Type': 'application/json' } as const;
