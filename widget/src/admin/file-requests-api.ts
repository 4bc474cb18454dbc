/**
 * The staff API of the family files: parents' change requests, the documents they send (and the
 * commune's own), and the editions of a family's file (PDF, JSON). Same origin as the settings
 * page: the session is an HttpOnly cookie, so every call sends `credentials: 'same-origin'` and
 * unsafe ones send JSON (the server's CSRF wall). No Lit here; reads take an AbortSignal. Files
 * come back as Blobs, saved through an object URL.
 */
import { request as json, send } from './api.js';

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface ChangeRequest {
  id: string;
  familyId: string;
  familyName: string;
  familyNumber: string;
  childId: string | null;
  childName: string | null;
  group: string;
  groupLabel: string;
  status: 'pending' | 'accepted' | 'refused';
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Field → old and new value; both null while `masked` (health values, shown on request). */
  fields: Record<string, FieldChange>;
  masked: boolean;
}

export type ChangeDecision = 'accept' | 'refuse';

export type DocumentStatus = 'pending' | 'accepted' | 'rejected' | 'published';
export type DocumentFilter = DocumentStatus | 'all';

export const DOCUMENT_TYPES = ['attestation_caf', 'certificat_medical', 'justificatif_domicile', 'attestation_assurance', 'pai', 'jugement_garde', 'autre'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  attestation_caf: 'Attestation CAF',
  certificat_medical: 'Certificat médical',
  justificatif_domicile: 'Justificatif de domicile',
  attestation_assurance: 'Attestation d’assurance',
  pai: 'PAI',
  jugement_garde: 'Jugement de garde',
  autre: 'Autre',
};

/** The largest file the server accepts (5 Mo). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** A document as staff see it: metadata only, with its family and child. */
export interface StaffDocument {
  id: string;
  type: string;
  typeLabel: string;
  title: string;
  childId: string | null;
  mime: string;
  size: number;
  status: DocumentStatus;
  statusLabel: string;
  uploadedAt: string;
  rejectionReason: string | null;
  familyId: string | null;
  familyName: string | null;
  familyNumber: string | null;
  childName: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

export type DocumentView = Omit<StaffDocument, 'familyId' | 'familyName' | 'familyNumber' | 'childName' | 'decidedAt' | 'decidedBy'>;

export interface DocumentDecision {
  document: DocumentView;
  mailQueued: boolean;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}


/** A file of the staff API, with the name the server gave it (or `fallback`). */
async function file(path: string, fallback: string, signal?: AbortSignal): Promise<DownloadedFile> {
  const response = await send('GET', path, { signal, accept: '*/*' });
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback;
  return { blob: await response.blob(), filename };
}

const id = (value: string) => encodeURIComponent(value);

// Change requests of the family file

export const getChangeRequests = (signal?: AbortSignal) => json<ChangeRequest[]>('GET', '/change-requests', { signal });
/** The values in clear; for health values the server records the read with the staff member's name. */
export const getChangeRequestValues = (requestId: string, signal?: AbortSignal) => json<ChangeRequest>('GET', `/change-requests/${id(requestId)}/values`, { signal });
/** Accepts or refuses one request; the answer is the queue left to handle. */
export const decideChangeRequest = (requestId: string, decision: ChangeDecision, note?: string) =>
  json<ChangeRequest[]>('POST', `/change-requests/${id(requestId)}/decide`, { body: note ? { decision, note } : { decision } });

// Documents

export const getDocuments = (status: DocumentFilter, signal?: AbortSignal) => json<StaffDocument[]>('GET', `/documents?status=${encodeURIComponent(status)}`, { signal });
export const acceptDocument = (documentId: string) => json<DocumentDecision>('POST', `/documents/${id(documentId)}/accept`);
export const rejectDocument = (documentId: string, reason: string) => json<DocumentDecision>('POST', `/documents/${id(documentId)}/reject`, { body: { reason } });
export const publishDocument = (input: { type: DocumentType; title: string; data: string }) => json<DocumentView>('POST', '/documents', { body: input });
export const unpublishDocument = (documentId: string) => json<void>('DELETE', `/documents/${id(documentId)}`);
export const documentFile = (documentId: string, signal?: AbortSignal) => file(`/documents/${id(documentId)}/file`, 'document', signal);

// Editions of a family's file (each one is recorded: they hold health data)

export const familyExportPdf = (familyId: string) => file(`/families/${id(familyId)}/export.pdf`, 'dossier-famille.pdf');
export const familyExportJson = (familyId: string) => file(`/families/${id(familyId)}/export.json`, 'dossier-famille.json');
export const childFiche = (familyId: string, childId: string, edition: 'simple' | 'complete') =>
  file(`/families/${id(familyId)}/children/${id(childId)}/fiche.pdf?edition=${edition}`, `fiche-enfant-${edition}.pdf`);

/** Hands a downloaded file to the browser through a short-lived object URL. */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked once the browser had time to start the download.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
