import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream, type PDFStream } from 'pdf-lib';

/** WinAnsi bytes 0x80–0x9F that differ from Latin-1 (the rest of the upper half is Latin-1). */
const WIN_ANSI: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ',
  0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›',
  0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

const decodeWinAnsi = (hex: string) => Array.from(Buffer.from(hex, 'hex'), (byte) => WIN_ANSI[byte] ?? String.fromCharCode(byte)).join('');

/**
 * The text of each page, one drawn line per line: the content streams are inflated and every
 * `<hex> Tj` (how pdf-lib shows text in the standard fonts) decoded from WinAnsi; the no-break
 * spaces Intl puts in amounts ("1 234,56 €") are made plain.
 */
export async function pagesText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref) as PDFStream) : contents ? [contents] : [];
    const lines: string[] = [];
    for (const stream of streams) {
      const operators = Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) lines.push(decodeWinAnsi(match[1]));
    }
    return lines.join('\n').replace(/\u00a0/g, ' ');
  });
}

/** The text of the whole document. */
export const pdfText = async (bytes: Uint8Array) => (await pagesText(bytes)).join('\n');
