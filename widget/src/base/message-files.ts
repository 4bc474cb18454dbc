import { msg, str } from '@lit/localize';
import { fileToBase64 } from '../api/documents.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_COUNT,
  ATTACHMENT_MIMES,
  type AttachmentUpload,
} from '../api/messages.js';

/** What is wrong with the chosen files, in French; null when they can be sent. The server checks their bytes again. */
export function attachmentProblem(files: readonly File[]): string | null {
  if (files.length > ATTACHMENT_MAX_COUNT) return msg(str`Joignez au plus ${ATTACHMENT_MAX_COUNT} fichiers.`);
  const wrong = files.find((file) => !ATTACHMENT_MIMES.includes(file.type));
  if (wrong) return msg(str`« ${wrong.name} » n’est pas accepté : joignez un PDF, une image JPEG ou PNG.`);
  const large = files.find((file) => file.size > ATTACHMENT_MAX_BYTES);
  if (large) return msg(str`« ${large.name} » dépasse 5 Mo.`);
  return null;
}

export const filesOf = (form: HTMLFormElement): File[] => [
  ...((form.elements.namedItem('attachments') as HTMLInputElement | null)?.files ?? []),
];

export async function uploadsOf(files: readonly File[]): Promise<AttachmentUpload[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, data: await fileToBase64(file) })));
}

/** "12 Ko", "1,2 Mo". */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return msg(str`${Math.max(1, Math.round(bytes / 1024))} Ko`);
  return msg(str`${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`);
}
