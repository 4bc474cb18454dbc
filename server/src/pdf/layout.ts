import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatInstant, printable, printableLine, wrap } from './text.js';

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = 50;
const MARGIN_TOP = 50;
const MARGIN_BOTTOM = 60;
const FOOTER_Y = 30;
const LABEL_WIDTH = 165;
const COLUMN_GAP = 10;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.75, 0.75, 0.78);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
  monoBold: PDFFont;
}

export interface LayoutOptions {
  /** Document title (first page, and the PDF's metadata). */
  title: string;
  /** Line under the title (the child's or family's name…). */
  subtitle?: string;
  townName: string;
  /** Edition instant for the footer; without it the footer has page numbers only. */
  editedAt?: Date;
  /** `pages`: "Édité le … – page n/m" (default); `date`: "Édité le …" only (letters, one per family). */
  footer?: 'pages' | 'date';
}

export interface TextStyle {
  font?: PDFFont;
  size?: number;
  color?: ReturnType<typeof rgb>;
  /** Extra points before the block. */
  before?: number;
  indent?: number;
}

/**
 * A flowing A4 document: town name on every page, a title, sections of label/value rows, page
 * breaks where the content needs them, and a footer numbered once the page count is known.
 */
export class PdfLayout {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly options: LayoutOptions,
  ) {}

  static async create(options: LayoutOptions): Promise<PdfLayout> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const [regular, bold, mono, monoBold] = await Promise.all([
      doc.embedFont(StandardFonts.Helvetica),
      doc.embedFont(StandardFonts.HelveticaBold),
      doc.embedFont(StandardFonts.Courier),
      doc.embedFont(StandardFonts.CourierBold),
    ]);
    const fonts = { regular, bold, mono, monoBold };
    doc.setTitle(printableLine(options.title, regular), { showInWindowTitleBar: true });
    doc.setAuthor(printableLine(options.townName, regular));
    doc.setCreator('Portail Famille');
    doc.setProducer('Portail Famille');
    doc.setLanguage('fr-FR');
    if (options.editedAt) {
      doc.setCreationDate(options.editedAt);
      doc.setModificationDate(options.editedAt);
    }
    return new PdfLayout(doc, fonts, options);
  }

  /** Width available between the margins. */
  get width() {
    return PAGE_WIDTH - 2 * MARGIN_X;
  }

  /** Starts a page with the town's name; the first page of a document (or of a letter) also gets the title. */
  newPage({ withTitle = false }: { withTitle?: boolean } = {}) {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN_TOP;
    this.drawLine(this.options.townName, { font: this.fonts.bold, size: 9, color: MUTED });
    this.y -= 14;
    if (withTitle) {
      this.text(this.options.title, { font: this.fonts.bold, size: 18 });
      if (this.options.subtitle) this.text(this.options.subtitle, { size: 12, color: MUTED, before: 2 });
      this.y -= 10;
    }
    return this.page;
  }

  /** The page being written and the baseline of the next line, for drawings the flow does not cover. */
  get cursor() {
    return { page: this.page, y: this.y };
  }

  moveTo(y: number) {
    this.y = y;
  }

  /** Makes sure `height` points fit on the current page, or starts a new one. */
  ensureSpace(height: number) {
    if (!this.page || this.y - height < MARGIN_BOTTOM) this.newPage();
  }

  space(points: number) {
    this.y -= points;
  }

  /** A wrapped block of text, broken across pages line by line. */
  text(value: string, style: TextStyle = {}) {
    const font = style.font ?? this.fonts.regular;
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    const lineHeight = size * 1.3;
    if (style.before) this.y -= style.before;
    for (const line of wrap(printable(value, font), font, size, this.width - indent)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      this.page.drawText(line, { x: MARGIN_X + indent, y: this.y + size * 0.25, font, size, color: style.color ?? INK });
    }
  }

  /** A section title with a rule under it; kept on the same page as its first row. */
  section(title: string) {
    this.ensureSpace(48);
    this.y -= 12;
    this.text(title, { font: this.fonts.bold, size: 12.5 });
    this.y -= 3;
    this.page.drawLine({ start: { x: MARGIN_X, y: this.y }, end: { x: PAGE_WIDTH - MARGIN_X, y: this.y }, thickness: 0.6, color: RULE });
    this.y -= 4;
  }

  /** A smaller heading inside a section (one guardian, one pickup person…). */
  subsection(title: string) {
    this.ensureSpace(34);
    this.text(title, { font: this.fonts.bold, size: 10.5, before: 6 });
  }

  /** A label on the left, its value wrapped on the right; an empty value reads "Non renseigné". */
  row(label: string, value: string | null | undefined) {
    const size = 10;
    const lineHeight = size * 1.35;
    const labelLines = wrap(printable(label, this.fonts.regular), this.fonts.regular, 9, LABEL_WIDTH);
    const given = value !== null && value !== undefined && value.trim() !== '';
    const valueFont = this.fonts.regular;
    const valueLines = wrap(printable(given ? value : 'Non renseigné', valueFont), valueFont, size, this.width - LABEL_WIDTH - COLUMN_GAP);
    const count = Math.max(labelLines.length, valueLines.length);
    this.ensureSpace(Math.min(count, 3) * lineHeight + 2);
    for (let i = 0; i < count; i++) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      const baseline = this.y + size * 0.3;
      if (labelLines[i]) this.page.drawText(labelLines[i], { x: MARGIN_X, y: baseline, font: this.fonts.regular, size: 9, color: MUTED });
      if (valueLines[i]) this.page.drawText(valueLines[i], { x: MARGIN_X + LABEL_WIDTH + COLUMN_GAP, y: baseline, font: valueFont, size, color: given ? INK : MUTED });
    }
    this.y -= 2;
  }

  rows(list: [label: string, value: string | null | undefined][]) {
    for (const [label, value] of list) this.row(label, value);
  }

  /** A line drawn at the cursor without moving it down first (page header). */
  private drawLine(value: string, style: Required<Pick<TextStyle, 'font' | 'size' | 'color'>>) {
    this.page.drawText(printableLine(value, style.font), { x: MARGIN_X, y: this.y, font: style.font, size: style.size, color: style.color });
  }

  /** Numbers the pages and returns the file. */
  async finish(): Promise<Uint8Array> {
    if (!this.page) this.newPage({ withTitle: true });
    const pages = this.doc.getPages();
    const edited = this.options.editedAt ? `Édité le ${formatInstant(this.options.editedAt)}` : '';
    pages.forEach((page, i) => {
      const numbering = this.options.footer === 'date' ? '' : `page ${i + 1}/${pages.length}`;
      const footer = printableLine([edited, numbering].filter(Boolean).join(' – '), this.fonts.regular);
      if (!footer) return;
      const width = this.fonts.regular.widthOfTextAtSize(footer, 8);
      page.drawText(footer, { x: PAGE_WIDTH - MARGIN_X - width, y: FOOTER_Y, font: this.fonts.regular, size: 8, color: MUTED });
      const title = printableLine(this.options.title, this.fonts.regular);
      if (this.fonts.regular.widthOfTextAtSize(title, 8) + width + 20 < this.width) {
        page.drawText(title, { x: MARGIN_X, y: FOOTER_Y, font: this.fonts.regular, size: 8, color: MUTED });
      }
    });
    // Plain cross-reference table: readable by the oldest viewers town halls still run.
    return this.doc.save({ useObjectStreams: false });
  }
}
