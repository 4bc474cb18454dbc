/**
 * The families of the commune: search and detail, an activation code or a reset e-mail for one of
 * them, health data and IBAN read on request, the activation letters, the import from the former
 * portal, and the changes parents ask for in their file.
 */

export type { MessageAnswer } from './session.js';

/** One family in a search result. */
export interface FamilySummary {
  id: string;
  familyNumber: string;
  name: string;
  email: string | null;
  activatedAt: string | null;
  children: string[];
}

/** GET /families?q=&page=. */
export interface FamilyPage {
  query: string;
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  items: FamilySummary[];
}

export interface Guardian {
  id: string;
  role: 'responsable' | 'conjoint';
  firstName: string;
  lastName: string;
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  phoneHome: string | null;
  phoneMobile: string | null;
  phoneWork: string | null;
  email: string | null;
}

export interface FamilyChild {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  school: string | null;
  className: string | null;
  diet: string;
  dietLabel: string;
  hasHealthData: boolean;
  enrollments: number;
}

/** GET /families/{id}: no health data and a masked IBAN; those are read on request. */
export interface FamilyDetail {
  id: string;
  familyNumber: string;
  name: string;
  email: string | null;
  ibanMasked: string | null;
  hasIban: boolean;
  account: { activated: boolean; activatedAt: string | null; label: string; hasEmail: boolean; activationLetterPending: boolean };
  guardians: Guardian[];
  children: FamilyChild[];
  changeRequests: { id: string; fieldGroup: string; requestedAt: string; childName: string | null }[];
}

/** GET /families/{id}/sensitive?what=donnees_sante (the read is recorded with the staff member's name). */
export interface HealthRead {
  what: 'donnees_sante';
  children: { id: string; firstName: string; lastName: string; health: Record<string, unknown> | null }[];
}

/** GET /families/{id}/sensitive?what=iban (recorded too). */
export interface IbanRead {
  what: 'iban';
  iban: string | null;
  bic: string | null;
  accountHolder: string | null;
}

export type SensitiveRead = HealthRead | IbanRead;

/** POST /families/{id}/activation-letter: the letter as a PDF, or the code itself (json, the default). */
export interface ActivationLetterBody {
  format?: 'json' | 'pdf';
}

/** The answer of an activation letter asked as json: a new single-use code, shown once. */
export interface IssuedCode {
  familyNumber: string;
  name: string;
  code: string;
  expiresAt: string;
  message: string;
}

export type LetterFormat = 'csv' | 'xlsx' | 'pdf';

/** POST /families/letters: every family's letter, or those named. */
export interface LettersBody {
  format: LetterFormat;
  familyIds?: string[];
}

/** POST /families/import/preview and /apply: the former portal's export, base64. */
export interface FamiliesImportBody {
  filename: string;
  data: string;
}

/** A line of the file that cannot be imported, and why. */
export interface ImportError {
  /** Line of the file (the header is line 1). */
  row: number;
  column: string;
  message: string;
}

/** The import's report (a refused apply answers it with 422). */
export interface ImportResult {
  filename: string;
  format: 'csv' | 'xlsx';
  errorCount: number;
  errors: ImportError[];
  applied?: boolean;
  summary: { rows: number; familiesToCreate: number; familiesToUpdate: number; familiesUnchanged: number; childrenToCreate: number; childrenToUpdate: number; schoolsToCreate: number };
}

export interface FieldChange {
  old: unknown;
  new: unknown;
}

/** GET /change-requests and GET /change-requests/{id}/values. */
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

/** POST /change-requests/{id}/decide: answers the queue left to handle. */
export interface DecideChangeBody {
  decision: ChangeDecision;
  note?: string;
}
