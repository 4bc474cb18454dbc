import { msg } from '@lit/localize';
import { PortailApiError } from '../../api/errors.js';
import type { DownloadedFile } from '../api/client.js';

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

/** Base64 of a chosen file, for the JSON body of an upload (the staff API takes JSON only). */
export async function fileToBase64(file: Blob): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new PortailApiError('lecture', msg('Le fichier n’a pas pu être lu.'), 0);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
