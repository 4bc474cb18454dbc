/**
 * Reading an import file into rows of text cells: CSV separated by `;` or `,` (detected on the
 * header line), UTF-8 with or without BOM or Windows-1252 (what Excel saves as "CSV (séparateur :
 * point-virgule)"), or the first sheet of an XLSX workbook.
 */
import ExcelJS from 'exceljs';

/** The file cannot be read at all (as opposed to lines with errors). */
export class ImportFileError extends Error {}

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** The separator that splits the header line (outside quotes) into more columns. */
function separatorOf(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** RFC 4180 records (quotes, doubled quotes, line breaks inside quotes; CRLF or LF). */
export function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      record.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** What a spreadsheet cell says, as text (dates as AAAA-MM-JJ, formulas by their result). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('Le classeur Excel est illisible. Enregistrez-le au format .xlsx, ou en CSV, puis réessayez.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('Le classeur ne contient aucune feuille.');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    records[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(records, (r) => r ?? []);
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readTable(filename: string, bytes: Uint8Array) {
  if (isZip(bytes)) return { format: 'xlsx' as const, encoding: null, separator: null, records: await readXlsx(bytes) };
  if (/\.xlsx?$/i.test(filename)) throw new ImportFileError('Ce fichier n’est pas un classeur .xlsx valide. Enregistrez-le au format .xlsx (Excel 2007 et suivants) ou en CSV.');
  const { text, encoding } = decodeText(bytes);
  const separator = separatorOf(text);
  return { format: 'csv' as const, encoding, separator, records: parseCsv(text, separator) };
}
