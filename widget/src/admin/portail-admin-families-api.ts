/**
 * The staff families API (search, detail, letters, import), same origin as the settings page.
 * No Lit here; reads take an AbortSignal. Files come back as Blobs for a download link.
 */
import { adminApiBase, send, type SendOptions } from './api.js';

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

const json = async <T>(method: string, path: string, options: SendOptions = {}) => (await (await send(method, path, options)).json()) as T;
const id = (value: string) => encodeURIComponent(value);

export const searchFamilies = (query: string, page: number, signal?: AbortSignal) =>
  json<FamilyPage>('GET', `/families?q=${encodeURIComponent(query)}&page=${page}`, { signal });
export const getFamily = (familyId: string, signal?: AbortSignal) => json<FamilyDetail>('GET', `/families/${id(familyId)}`, { signal });
export const readSensitive = <T extends HealthRead | IbanRead>(familyId: string, what: T['what']) => json<T>('GET', `/families/${id(familyId)}/sensitive?what=${what}`);
export const issueCode = (familyId: string) => json<IssuedCode>('POST', `/families/${id(familyId)}/activation-letter`, { body: { format: 'json' } });
export const sendReset = (familyId: string) => json<{ message: string }>('POST', `/families/${id(familyId)}/password-reset`);

/** The letters file, with the name the server gave it. */
export async function exportLetters(format: LetterFormat, familyIds?: string[]): Promise<{ blob: Blob; filename: string; count: number }> {
  const response = await send('POST', '/families/letters', { body: familyIds?.length ? { format, familyIds } : { format } });
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `lettres-activation.${format}`;
  return { blob: await response.blob(), filename, count: Number(response.headers.get('X-Letters-Count') ?? '0') };
}

export const previewImport = (filename: string, data: string) => json<ImportResult>('POST', '/families/import/preview', { body: { filename, data } });
export const applyImport = (filename: string, data: string) => json<ImportResult>('POST', '/families/import/apply', { body: { filename, data }, keep: [422] });
export const importTemplateUrl = () => `${adminApiBase}/families/import/template.csv`;

/** Base64 of a chosen file, for the JSON body of the import. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
