/** The documents parents send (checked by the town hall) and the ones the commune publishes. */
import { download, request, segment } from './client.js';

export type DocumentStatus = 'pending' | 'accepted' | 'rejected' | 'published';
export type DocumentFilter = DocumentStatus | 'all';

export const DOCUMENT_TYPES = ['attestation_caf', 'certificat_medical', 'justificatif_domicile', 'attestation_assurance', 'pai', 'jugement_garde', 'autre'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

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

export const getDocuments = (status: DocumentFilter, signal?: AbortSignal) =>
  request<StaffDocument[]>('get', `documents?status=${encodeURIComponent(status)}`, { signal });
export const acceptDocument = (documentId: string) => request<DocumentDecision>('post', `documents/${segment(documentId)}/accept`);
export const rejectDocument = (documentId: string, reason: string) => request<DocumentDecision>('post', `documents/${segment(documentId)}/reject`, { body: { reason } });
export const publishDocument = (input: { type: DocumentType; title: string; data: string }) => request<DocumentView>('post', 'documents', { body: input });
export const unpublishDocument = (documentId: string) => request<void>('delete', `documents/${segment(documentId)}`);
export const documentFile = (documentId: string, signal?: AbortSignal) => download(`documents/${segment(documentId)}/file`, 'document', signal);
