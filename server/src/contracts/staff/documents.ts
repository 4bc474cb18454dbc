/** The documents parents send (checked by the town hall) and the ones the commune publishes. */
import type { DocumentStatus, DocumentType } from '../documents.js';

export type { DocumentStatus, DocumentType };

/** The `status` query of GET /documents. */
export type DocumentFilter = DocumentStatus | 'all';

/** GET /documents: metadata only, with its family and child. */
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

/** A document as its family sees it (POST /documents answers the published one). */
export type DocumentView = Omit<StaffDocument, 'familyId' | 'familyName' | 'familyNumber' | 'childName' | 'decidedAt' | 'decidedBy'>;

/** POST /documents/{id}/accept and /reject. */
export interface DocumentDecision {
  document: DocumentView;
  mailQueued: boolean;
}

export interface RejectDocumentBody {
  reason: string;
}

/** POST /documents: a document the commune publishes to every family. */
export interface PublishDocumentBody {
  type: DocumentType;
  title: string;
  data: string;
}
