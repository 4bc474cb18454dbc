/**
 * The staff API, same origin as the settings page: the session is an HttpOnly cookie, so every
 * call sends `credentials: 'same-origin'` and unsafe ones send JSON (the server's CSRF wall).
 * No Lit here; every call takes an AbortSignal.
 */

export type StaffRole = 'admin' | 'agent';

export interface StaffSessionInfo {
  staff: { id: string; email: string; displayName: string; role: StaffRole };
  tenant: { name: string };
  idleExpiresAt: string;
  expiresAt: string;
}

export interface LogoInfo {
  kind: 'image' | 'url';
  url: string;
  mime: string | null;
  width: number | null;
  height: number | null;
}

export interface TenantSettings {
  name: string;
  logo: LogoInfo | null;
  primaryColor: string;
  primaryTextColor: string;
  infoMessage: string | null;
  infoDate: string | null;
  contactEmail: string | null;
  portalUrl: string | null;
  updatedAt: string;
}

export type SettingsChange = Partial<Record<'name' | 'primaryColor' | 'primaryTextColor' | 'infoMessage' | 'infoDate' | 'contactEmail' | 'portalUrl', string>>;

export interface AllowedOrigin {
  id: string;
  origin: string;
  createdAt: string;
}

export interface PublicKey {
  id: string;
  key: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface IntegrationSnippet {
  publicKey: string | null;
  version: string | null;
  integrity: string | null;
  scriptUrl: string;
  script: string | null;
  elements: string[];
  html: string | null;
}

export interface AuditEntry {
  id: string;
  action: string;
  label: string;
  description: string;
  by: string;
  at: string;
}

/** The one error of this module: `message` is French and safe to show. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: Readonly<Record<string, string>> = {},
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const NETWORK = 'Le service est momentanément injoignable. Vérifiez votre connexion internet puis réessayez.';
const GENERIC = 'Une erreur est survenue. Veuillez réessayer dans quelques instants.';

/** Where the staff API lives; the page is served by the API origin under /admin. */
export let adminApiBase = '/admin/api';
export const setAdminApiBase = (base: string) => {
  adminApiBase = base.replace(/\/+$/, '');
};

export interface SendOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Accept header (JSON by default; files ask for anything). */
  accept?: string;
  /** Error statuses the caller reads itself instead of an AdminApiError (e.g. a 422 import report). */
  keep?: number[];
}

/**
 * The one way the staff page talks to its API: same-origin cookie, JSON for every change (the
 * server refuses anything else), and French errors as AdminApiError. Returns the raw response.
 */
export async function send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
  const unsafe = method !== 'GET';
  const accept = options.accept ?? 'application/json';
  let response: Response;
  try {
    response = await fetch(`${adminApiBase}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(unsafe ? { Accept: accept, 'Content-Type': 'application/json' } : { Accept: accept }), ...options.headers },
      body: unsafe ? JSON.stringify(options.body ?? {}) : undefined,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new AdminApiError('reseau', NETWORK, 0);
  }
  if (!response.ok && !options.keep?.includes(response.status)) {
    let body: { code?: unknown; message?: unknown; fields?: unknown } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // Not JSON (a proxy page): the generic message stands.
    }
    const fields = typeof body.fields === 'object' && body.fields !== null ? (body.fields as Record<string, string>) : {};
    const retry = Number(response.headers.get('Retry-After'));
    throw new AdminApiError(
      typeof body.code === 'string' ? body.code : `http_${response.status}`,
      typeof body.message === 'string' && body.message ? body.message : GENERIC,
      response.status,
      fields,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return response;
}

/** A JSON answer (nothing for 204). */
export async function request<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const getSession = (signal?: AbortSignal) => request<StaffSessionInfo>('GET', '/session', { signal });
export const logIn = (email: string, password: string) => request<StaffSessionInfo>('POST', '/session', { body: { email, password } });
export const logOut = () => request<void>('DELETE', '/session');
export const activateAccount = (token: string, password: string) => request<{ message: string }>('POST', '/activation', { body: { token, password } });

export const getSettings = (signal?: AbortSignal) => request<TenantSettings>('GET', '/settings', { signal });
export const saveSettings = (change: SettingsChange) => request<TenantSettings>('PATCH', '/settings', { body: change });
export const uploadLogo = (data: string) => request<TenantSettings>('PUT', '/settings/logo', { body: { kind: 'image', data } });
export const setLogoUrl = (url: string) => request<TenantSettings>('PUT', '/settings/logo', { body: { kind: 'url', url } });
export const removeLogo = () => request<TenantSettings>('DELETE', '/settings/logo');

export const getOrigins = (signal?: AbortSignal) => request<AllowedOrigin[]>('GET', '/origins', { signal });
export const addOrigin = (origin: string) => request<AllowedOrigin[]>('POST', '/origins', { body: { origin } });
export const removeOrigin = (id: string) => request<AllowedOrigin[]>('DELETE', `/origins/${encodeURIComponent(id)}`);

export const getKeys = (signal?: AbortSignal) => request<PublicKey[]>('GET', '/keys', { signal });
export const createKey = (label?: string) => request<PublicKey[]>('POST', '/keys', { body: label ? { label } : {} });
export const revokeKey = (id: string, confirmLast = false) => request<PublicKey[]>('POST', `/keys/${encodeURIComponent(id)}/revoke`, { body: confirmLast ? { confirmLast } : {} });

export const getSnippet = (signal?: AbortSignal) => request<IntegrationSnippet>('GET', '/snippet', { signal });
export const getAudit = (signal?: AbortSignal) => request<AuditEntry[]>('GET', '/audit', { signal });

/** The sentence for a role="alert" region. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof AdminApiError)) return 'Une erreur inattendue est survenue. Veuillez réessayer.';
  return error.message;
}
