/**
 * The families of the commune: search and detail, an activation code or a reset e-mail for
 * one of them, health data and IBAN read on request, the activation letters of all of them,
 * the import from the former portal, and the editions of a family's file.
 */
import { download, filenameOf, request, segment, send, staffUrl, type DownloadedFile } from './client.js';
import type { ActivationLetterBody, FamiliesImportBody, FamilyChild, FamilyDetail, FamilyPage, FamilySummary, Guardian, HealthRead, IbanRead, ImportError, ImportResult, IssuedCode, LetterFormat, LettersBody, MessageAnswer } from '../../../../server/src/contracts/staff/index.js';

export type { FamilyChild, FamilyDetail, FamilyPage, FamilySummary, Guardian, HealthRead, IbanRead, ImportError, ImportResult, IssuedCode, LetterFormat };

export const searchFamilies = (text: string, page: number, signal?: AbortSignal) =>
  request<FamilyPage>('get', `families?q=${encodeURIComponent(text)}&page=${page}`, { signal });
export const getFamily = (familyId: string, signal?: AbortSignal) => request<FamilyDetail>('get', `families/${segment(familyId)}`, { signal });
export const readSensitive = <T extends HealthRead | IbanRead>(familyId: string, what: T['what']) =>
  request<T>('get', `families/${segment(familyId)}/sensitive?what=${what}`);
export const issueCode = (familyId: string) => request<IssuedCode>('post', `families/${segment(familyId)}/activation-letter`, { body: { format: 'json' } satisfies ActivationLetterBody });
/** Corrects the family's name or account e-mail (an empty e-mail clears it); answers the new detail. */
export const updateFamily = (familyId: string, change: { name: string; email: string }) =>
  request<FamilyDetail>('patch', `families/${segment(familyId)}`, { body: change });
export const sendReset = (familyId: string) => request<MessageAnswer>('post', `families/${segment(familyId)}/password-reset`);

/** The letters file, with the name the server gave it and how many letters it holds. */
export async function exportLetters(format: LetterFormat, familyIds?: string[]): Promise<DownloadedFile & { count: number }> {
  const response = await send('post', 'families/letters', { body: (familyIds?.length ? { format, familyIds } : { format }) satisfies LettersBody });
  return { blob: await response.blob(), filename: filenameOf(response, `lettres-activation.${format}`), count: Number(response.headers.get('X-Letters-Count') ?? '0') };
}

export const previewFamiliesImport = (filename: string, data: string) => request<ImportResult>('post', 'families/import/preview', { body: { filename, data } satisfies FamiliesImportBody });
/** A refused import answers 422 with the same report as the preview. */
export const applyFamiliesImport = (filename: string, data: string) =>
  request<ImportResult>('post', 'families/import/apply', { body: { filename, data } satisfies FamiliesImportBody, keep: 422 });
export const importTemplateUrl = () => staffUrl('families/import/template.csv');

// Each edition is recorded by the server: they hold health data.
export const familyExportPdf = (familyId: string) => download(`families/${segment(familyId)}/export.pdf`, 'dossier-famille.pdf');
export const familyExportJson = (familyId: string) => download(`families/${segment(familyId)}/export.json`, 'dossier-famille.json');
export const childFiche = (familyId: string, childId: string, edition: 'simple' | 'complete') =>
  download(`families/${segment(familyId)}/children/${segment(childId)}/fiche.pdf?edition=${edition}`, `fiche-enfant-${edition}.pdf`);
