/**
 * The families of the commune: search and detail, an activation code or a reset e-mail for
 * one of them, health data and IBAN read on request, the activation letters of all of them,
 * the import from the former portal, and the editions of a family's file.
 */
import { download, filenameOf, request, segment, send, staffUrl, type DownloadedFile } from './client.js';

export interface FamilySummary {
  id: string;
  familyNumber: string;
  name: string;
  email: string | null;
  activatedAt: string | null;
  children: string[];
}

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

export interface HealthRead {
  what: 'donnees_sante';
  children: { id: string; firstName: string; lastName: string; health: Record<string, unknown> | null }[];
}

export interface IbanRead {
  what: 'iban';
  iban: string | null;
  bic: string | null;
  accountHolder: string | null;
}

export interface IssuedCode {
  familyNumber: string;
  name: string;
  code: string;
  expiresAt: string;
  message: string;
}

export interface ImportError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  filename: string;
  format: 'csv' | 'xlsx';
  errorCount: number;
  errors: ImportError[];
  applied?: boolean;
  summary: { rows: number; familiesToCreate: number; familiesToUpdate: number; familiesUnchanged: number; childrenToCreate: number; childrenToUpdate: number; schoolsToCreate: number };
}

export type LetterFormat = 'csv' | 'xlsx' | 'pdf';

export const searchFamilies = (text: string, page: number, signal?: AbortSignal) =>
  request<FamilyPage>('get', `families?q=${encodeURIComponent(text)}&page=${page}`, { signal });
export const getFamily = (familyId: string, signal?: AbortSignal) => request<FamilyDetail>('get', `families/${segment(familyId)}`, { signal });
export const readSensitive = <T extends HealthRead | IbanRead>(familyId: string, what: T['what']) =>
  request<T>('get', `families/${segment(familyId)}/sensitive?what=${what}`);
export const issueCode = (familyId: string) => request<IssuedCode>('post', `families/${segment(familyId)}/activation-letter`, { body: { format: 'json' } });
export const sendReset = (familyId: string) => request<{ message: string }>('post', `families/${segment(familyId)}/password-reset`);

/** The letters file, with the name the server gave it and how many letters it holds. */
export async function exportLetters(format: LetterFormat, familyIds?: string[]): Promise<DownloadedFile & { count: number }> {
  const response = await send('post', 'families/letters', { body: familyIds?.length ? { format, familyIds } : { format } });
  return { blob: await response.blob(), filename: filenameOf(response, `lettres-activation.${format}`), count: Number(response.headers.get('X-Letters-Count') ?? '0') };
}

export const previewFamiliesImport = (filename: string, data: string) => request<ImportResult>('post', 'families/import/preview', { body: { filename, data } });
/** A refused import answers 422 with the same report as the preview. */
export const applyFamiliesImport = (filename: string, data: string) =>
  request<ImportResult>('post', 'families/import/apply', { body: { filename, data }, keep: 422 });
export const importTemplateUrl = () => staffUrl('families/import/template.csv');

// Each edition is recorded by the server: they hold health data.
export const familyExportPdf = (familyId: string) => download(`families/${segment(familyId)}/export.pdf`, 'dossier-famille.pdf');
export const familyExportJson = (familyId: string) => download(`families/${segment(familyId)}/export.json`, 'dossier-famille.json');
export const childFiche = (familyId: string, childId: string, edition: 'simple' | 'complete') =>
  download(`families/${segment(familyId)}/children/${segment(childId)}/fiche.pdf?edition=${edition}`, `fiche-enfant-${edition}.pdf`);
