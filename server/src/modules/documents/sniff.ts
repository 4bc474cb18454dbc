/**
 * What an uploaded file really is, read from its bytes (never from a name or a declared type):
 * PDF, PNG or JPEG, and for a PDF whether it carries active content a viewer could run.
 */
import { sniffImage } from '../../security/images.js';
import { inspectPdf } from '../../security/pdf-content.js';

export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

export const MAX_IMAGE_SIDE = 10_000;

export type Sniffed =
  | { ok: true; mime: DocumentMime }
  | { ok: false; problem: 'format' }
  | { ok: false; problem: 'pdf_active'; names: string[] }
  | { ok: false; problem: 'pdf_unreadable' }
  | { ok: false; problem: 'image_unreadable' }
  | { ok: false; problem: 'image_too_large'; width: number; height: number };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, prefix: number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

export async function sniffDocument(bytes: Uint8Array): Promise<Sniffed> {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    // %PDF-
    const verdict = await inspectPdf(bytes);
    return verdict.ok ? { ok: true, mime: 'application/pdf' } : verdict;
  }
  if (startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const image = sniffImage(bytes);
    if (!image) return { ok: false, problem: 'image_unreadable' };
    if (image.width > MAX_IMAGE_SIDE || image.height > MAX_IMAGE_SIDE) return { ok: false, problem: 'image_too_large', width: image.width, height: image.height };
    return { ok: true, mime: image.mime };
  }
  return { ok: false, problem: 'format' };
}
