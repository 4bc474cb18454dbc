/** The documents parents send (checked by the town hall) and the ones the commune publishes. */
import { download, request, segment } from './client.js';
import type { DocumentDecision, DocumentFilter, DocumentStatus, DocumentType, DocumentView, PublishDocumentBody, RejectDocumentBody, StaffDocument } from '../../../../server/src/contracts/staff/index.js';

export type { DocumentDecision, DocumentFilter, DocumentStatus, DocumentType, DocumentView, PublishDocumentBody, StaffDocument };

export const DOCUMENT_TYPES = ['attestation_caf', 'certificat_medical', 'justificatif_domicile', 'attestation_assurance', 'pai', 'jugement_garde', 'autre'] as const satisfies readonly DocumentType[];

/** The largest file the server accepts (5 Mo). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const getDocuments = (status: DocumentFilter, signal?: AbortSignal) =>
  request<StaffDocument[]>('get', `documents?status=${encodeURIComponent(status)}`, { signal });
export const acceptDocument = (documentId: string) => request<DocumentDecision>('post', `documents/${segment(documentId)}/accept`);
export const rejectDocument = (documentId: string, reason: string) => request<DocumentDecision>('post', `documents/${segment(documentId)}/reject`, { body: { reason } satisfies RejectDocumentBody });
export const publishDocument = (input: PublishDocumentBody) => request<DocumentView>('post', 'documents', { body: input });
export const unpublishDocument = (documentId: string) => request<void>('delete', `documents/${segment(documentId)}`);
export const documentFile = (documentId: string, signal?: AbortSignal) => download(`documents/${segment(documentId)}/file`, 'document', signal);
