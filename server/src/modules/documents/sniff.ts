/**
 * What an uploaded file really is, read from its bytes (never from a name or a declared type):
 * PDF, PNG or JPEG, and for a PDF whether it carries active content a viewer could run.
 */
import { constants, inflateSync } from 'node:zlib';
import { sniffImage } from '../../security/images.js';

export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

export const MAX_IMAGE_SIDE = 10_000;

export type Sniffed =
  | { ok: true; mime: DocumentMime }
  | { ok: false; problem: 'format' }
  | { ok: false; problem: 'pdf_active'; names: string[] }
  | { ok: false; problem: 'pdf_unreadable' }
  | { ok: false; problem: 'image_unreadable' }
  | { ok: false; problem: 'image_too_large'; width: number; height: number };

/**
 * PDF names that run code, launch programs, carry files or send data: refused whatever the
 * action that would trigger them. XFA forms carry scripts of their own.
 */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA', 'SubmitForm', 'ImportData', 'GoToE']);

/** Object streams are inflated to look inside them; past this, the file is not checkable. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, prefix: number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

export function sniffDocument(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return inspectPdf(bytes); // %PDF-
  if (startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const image = sniffImage(bytes);
    if (!image) return { ok: false, problem: 'image_unreadable' };
    if (image.width > MAX_IMAGE_SIDE || image.height > MAX_IMAGE_SIDE) return { ok: false, problem: 'image_too_large', width: image.width, height: image.height };
    return { ok: true, mime: image.mime };
  }
  return { ok: false, problem: 'format' };
}

/** Regular characters of a PDF name (anything but white space and delimiters), `#xx` escapes included. */
const NAME = /\/([^\s/\[\]<>(){}%]+)/g;

/** The names written in a piece of PDF syntax; `/J#61vaScript` is `/JavaScript`, so escapes are decoded. */
const namesOf = (text: string) =>
  [...text.matchAll(NAME)].map((match) => match[1].replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));

function namesIn(text: string, found: Set<string>) {
  for (const name of namesOf(text)) if (ACTIVE_NAMES.has(name)) found.add(name);
}

const STREAM_START = /(?<!end)stream(?:\r\n|\n|\r)/g;

/**
 * Scans the objects of the file for active names. Stream data is skipped (compressed bytes would
 * give false alarms) except object streams, where PDF 1.5+ may hide dictionaries: those are
 * inflated and scanned too. An object stream that cannot be read (another filter, encryption)
 * makes the whole file uncheckable, hence refused.
 */
function inspectPdf(bytes: Uint8Array): Sniffed {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found = new Set<string>();
  let inflated = 0;
  let pos = 0;
  STREAM_START.lastIndex = 0;
  for (let match = STREAM_START.exec(text); match; match = STREAM_START.exec(text)) {
    const outside = text.slice(pos, match.index);
    namesIn(outside, found);
    const dataStart = match.index + match[0].length;
    const end = text.indexOf('endstream', dataStart);
    const dataEnd = end === -1 ? text.length : end;
    // The stream's dictionary sits between its `n 0 obj` and the `stream` keyword.
    const names = namesOf(outside.slice(Math.max(0, outside.lastIndexOf('obj'))));
    if (names.includes('ObjStm')) {
      const filters = names.filter((name) => name.endsWith('Decode'));
      if (filters.some((f) => f !== 'FlateDecode') || names.includes('DecodeParms')) return { ok: false, problem: 'pdf_unreadable' };
      const raw = bytes.subarray(dataStart, dataEnd);
      let objects: Buffer;
      // Sync flush: a stream cut short of its end marker still gives up what it holds.
      try {
        objects = filters.length ? inflateSync(raw, { maxOutputLength: MAX_INFLATED_BYTES - inflated, finishFlush: constants.Z_SYNC_FLUSH }) : Buffer.from(raw);
      } catch {
        return { ok: false, problem: 'pdf_unreadable' };
      }
      inflated += objects.length;
      namesIn(objects.toString('latin1'), found);
    }
    pos = end === -1 ? text.length : end + 'endstream'.length;
    STREAM_START.lastIndex = pos;
  }
  namesIn(text.slice(pos), found);
  return found.size ? { ok: false, problem: 'pdf_active', names: [...found].sort() } : { ok: true, mime: 'application/pdf' };
}
