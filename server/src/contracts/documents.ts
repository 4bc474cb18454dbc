/** The family's documents and the commune's published ones (GET and POST /documents). */

export type DocumentType =
  | 'attestation_caf'
  | 'certificat_medical'
  | 'justificatif_domicile'
  | 'attestation_assurance'
  | 'pai'
  | 'jugement_garde'
  | 'autre';

/** A parent's upload is `pending` until the town hall accepts or rejects it; the commune's own are `published`. */
export type DocumentStatus = 'pending' | 'accepted' | 'rejected' | 'published';

/** The type the server read from the file's bytes, whatever its name said. */
export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

/** A document's metadata; the file itself comes from GET /documents/{id}/file. */
export interface FamilyDocument {
  id: string;
  type: DocumentType;
  /** French name of the type. */
  typeLabel: string;
  title: string;
  /** The child it concerns, if any. */
  childId: string | null;
  mime: DocumentMime;
  /** In bytes. */
  size: number;
  status: DocumentStatus;
  /** French name of the status. */
  statusLabel: string;
  uploadedAt: string;
  rejectionReason: string | null;
}

/** GET /documents: the family's uploads and the commune's published documents, newest first. */
export interface DocumentList {
  mine: FamilyDocument[];
  published: FamilyDocument[];
}

/** POST /documents: a PDF, JPEG or PNG of at most 5 Mo, in base64; answered 201 with its FamilyDocument. */
export interface DocumentUploadBody {
  type: DocumentType;
  title: string;
  childId?: string | null;
  data: string;
}
