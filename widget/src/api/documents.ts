import { call, type ApiClient } from './client.js';
import type { DocumentList, DocumentType, DocumentUploadBody, FamilyDocument } from '../../../server/src/contracts/index.js';

export type { DocumentList, FamilyDocument } from '../../../server/src/contracts/index.js';

/** Documents of the family file (docs/api.md) and the authenticated file downloads. */

export const DOCUMENT_TYPES = [
  'attestation_caf',
  'certificat_medical',
  'justificatif_domicile',
  'attestation_assurance',
  'pai',
  'jugement_garde',
  'autre',
] as const satisfies readonly DocumentType[];

/** The form's select gives the type as text; the server refuses one outside DOCUMENT_TYPES (422). */
type DocumentUploadForm = Omit<DocumentUploadBody, 'type'> & { type: string };

export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition`, when the server names the file. */
  filename: string | null;
}

export function getDocuments(client: ApiClient, signal?: AbortSignal): Promise<DocumentList> {
  return call(() => client.http.get('documents', { signal }).json<DocumentList>());
}

export function uploadDocument(
  client: ApiClient,
  body: DocumentUploadForm,
  signal?: AbortSignal,
): Promise<FamilyDocument> {
  return call(() => client.http.post('documents', { json: body, retry: 0, signal }).json<FamilyDocument>());
}

/**
 * A file behind the bearer token (documents, exports, child files, photos): an `<a href>` cannot
 * send the Authorization header, so the file is fetched and handed over as a Blob.
 */
export async function getFile(client: ApiClient, path: string, signal?: AbortSignal): Promise<DownloadedFile> {
  const response = await call(() => client.http.get(path, { signal, headers: { Accept: '*/*' } }));
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  let filename = plain ?? null;
  try {
    if (encoded) filename = decodeURIComponent(encoded);
  } catch {
    // A malformed RFC 5987 name: the plain one (or the caller's default) will do.
  }
  return { blob: await response.blob(), filename };
}

/** The base64 body the upload routes expect, without the `data:…;base64,` prefix. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('lecture impossible'));
    reader.readAsDataURL(file);
  });
}
