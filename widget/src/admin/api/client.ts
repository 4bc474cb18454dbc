import ky, { type KyInstance } from 'ky';
import { toApiError } from '../../api/errors.js';

/**
 * The staff API is served by the page's own origin, under /admin: the session is an HttpOnly
 * cookie that goes along with `credentials: 'same-origin'`, and every change is sent as JSON,
 * which the server's CSRF wall demands. Nothing is retried behind the person's back, and large
 * imports take the time they need.
 */
function clientFor(prefixUrl: string): KyInstance {
  return ky.create({ prefixUrl, credentials: 'same-origin', headers: { Accept: 'application/json' }, retry: 0, timeout: false });
}

let apiBase = '/admin/api';
let http = clientFor(apiBase);

/** Points the staff API elsewhere (the page's `api-base` attribute). */
export function setStaffApiBase(base: string): void {
  apiBase = base.replace(/\/+$/, '');
  http = clientFor(apiBase);
}

/** The address of a staff API path, for a plain download link: the cookie goes along. */
export const staffUrl = (path: string): string => `${apiBase}/${path}`;

/** A path segment from an id. */
export const segment = (id: string): string => encodeURIComponent(id);

/** A query string from the parameters that have a value ("" when none has). */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return search ? `?${search}` : '';
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface SendOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** An error status the caller reads itself (a 422 import report) instead of a PortailApiError. */
  keep?: number;
}

/** One call to the staff API; its failure is a PortailApiError, an abort stays an AbortError. */
export async function send(method: Method, path: string, options: SendOptions = {}): Promise<Response> {
  try {
    return await http(path, {
      method,
      signal: options.signal,
      headers: options.headers,
      json: method === 'get' ? undefined : (options.body ?? {}),
      throwHttpErrors: (status) => status !== options.keep,
    });
  } catch (error) {
    throw await toApiError(error);
  }
}

/** A JSON answer (nothing for 204). */
export async function request<T>(method: Method, path: string, options: SendOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The file name the server gave in Content-Disposition, or `fallback`. */
export function filenameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback;
}

/** A file of the staff API, with its name. */
export async function download(path: string, fallback: string, signal?: AbortSignal): Promise<DownloadedFile> {
  const response = await send('get', path, { signal, headers: { Accept: '*/*' } });
  return { blob: await response.blob(), filename: filenameOf(response, fallback) };
}
