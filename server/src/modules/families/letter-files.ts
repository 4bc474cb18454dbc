/**
 * The activation letters as files for the town hall's mail merge (reference 000, "liste des
 * logins", without any password): CSV for Word/LibreOffice, XLSX, or one PDF letter per family.
 */
import ExcelJS from 'exceljs';
import { activationLetterPdf } from '../../pdf/index.js';
import type { ActivationLetter } from './letters.js';

export const LETTER_COLUMNS = ['Numéro de famille', 'Nom', 'Adresse', 'Code postal', 'Ville', 'Code d’activation', 'Valable jusqu’au'] as const;
/** The header line exactly as the spreadsheet shows it (typographic apostrophes are ASCII here: mail-merge fields are typed by hand). */
export const LETTER_HEADER = LETTER_COLUMNS.map((c) => c.replace(/’/g, "'"));

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab / carriage return that some
 * tools strip first) gets a leading apostrophe, which shows it as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** "08/11/2026": the date French letters print. */
export const frenchDate = (date: Date) => new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' }).format(date);

function letterRow(letter: ActivationLetter): string[] {
  const address = [letter.addressLine1, letter.addressLine2].filter(Boolean).join('\n');
  return [letter.familyNumber, letter.name, address, letter.postalCode, letter.city, letter.code, frenchDate(letter.expiresAt)].map(neutraliseFormula);
}

const csvCell = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** UTF-8 with a BOM (Excel reads accents right), `;` separated, CRLF lines. */
export function lettersCsv(letters: readonly ActivationLetter[]): string {
  const lines = [LETTER_HEADER, ...letters.map(letterRow)].map((cells) => cells.map(csvCell).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function lettersXlsx(letters: readonly ActivationLetter[], townName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = townName;
  const sheet = workbook.addWorksheet('Lettres d’activation');
  const widths = [18, 28, 40, 12, 24, 34, 16];
  sheet.columns = LETTER_HEADER.map((header, i) => ({ header, key: `c${i}`, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const letter of letters) {
    const row = sheet.addRow(letterRow(letter));
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }
  // Every cell is text: a family number such as 00123 must keep its zeros.
  for (let col = 1; col <= LETTER_HEADER.length; col++) sheet.getColumn(col).numFmt = '@';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export interface LetterTown {
  townName: string;
  portalUrl: string | null;
  contactEmail: string | null;
}

/** One page per family (the documents module's layout), addressed for a window envelope. */
export function lettersPdf(letters: readonly ActivationLetter[], town: LetterTown, editedAt: Date): Promise<Uint8Array> {
  return activationLetterPdf(
    letters.map((l) => ({
      familyNumber: l.familyNumber,
      familyName: l.name,
      addressLines: [l.addressee, l.addressLine1, l.addressLine2, [l.postalCode, l.city].filter(Boolean).join(' ')].filter(Boolean),
      code: l.code,
      expiresAt: l.expiresAt,
      portalUrl: town.portalUrl ?? '',
      townName: town.townName,
      contactEmail: town.contactEmail,
    })),
    editedAt,
  );
}
