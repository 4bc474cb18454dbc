import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PngEmbedder, degrees, drawImage, rgb, type PDFDocument, type PDFFont, type PDFPage, type PDFRef } from 'pdf-lib';
import { formatDayShort, parisDay } from '../domain/dates.js';
import { formatEuros, sumCents } from '../domain/money.js';
import { MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, PdfLayout, type TextStyle } from './layout.js';
import { formatDay, present, printable, printableLine, wrap } from './text.js';
import type { Optional, PdfEdition } from './types.js';

/** The town's logo as stored in the settings (PNG or JPEG, checked at upload). */
export interface Logo {
  bytes: Uint8Array;
  mime: string;
}

export interface InvoicePdfLine {
  label: string;
  quantity: number;
  unitCents: number;
  totalCents: number;
}

/** A payment already received for this invoice (online, cheque, cash, direct debit). */
export interface InvoicePdfPayment {
  /** "Chèque", "Paiement en ligne"… */
  methodLabel: string;
  amountCents: number;
  paidAt: Date;
}

export interface InvoicePdfInput extends PdfEdition {
  /** The town's logo as uploaded in the settings; none when absent. */
  logo?: Optional<Logo>;
  regie: { name: string; paymentInstructions?: Optional<string> };
  /** `addressLines`: the responsable guardian's name and postal address, for a window envelope. */
  family: { number: string; name: string; addressLines: string[] };
  invoice: {
    kind: 'invoice' | 'credit_note';
    /** null while the invoice is a draft of a run in preview. */
    number: string | null;
    /** PayFiP / TIPI référence de la dette. */
    refdet?: Optional<string>;
    label: string;
    periodStart: string;
    periodEnd: string;
    issueDate: string;
    dueDate: string;
    status: 'draft' | 'unpaid' | 'paid' | 'carried' | 'cancelled';
    linesCents: number;
    previousBalanceCents: number;
    totalCents: number;
    paidCents: number;
    remainingCents: number;
    paidAt?: Optional<Date>;
    /** Number of the later invoice that took over the unpaid amount. */
    carriedTo?: Optional<string>;
    /** For a credit note: number of the invoice it corrects. */
    creditedNumber?: Optional<string>;
  };
  lines: InvoicePdfLine[];
  payments: InvoicePdfPayment[];
  /** The tenant's online payment, when a provider is configured. */
  online?: Optional<{
    providerLabel: string;
    /** The town page holding the portal. */
    portalUrl?: Optional<string>;
    /** PayFiP / TIPI identifiant collectivité (6 digits). */
    numcli?: Optional<string>;
  }>;
}

const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.75, 0.75, 0.78);
const SHADE = rgb(0.94, 0.95, 0.97);
const INK = rgb(0.1, 0.1, 0.12);

const LOGO_TOP = PAGE_HEIGHT - 62;
const LOGO_BOX = { width: 150, height: 58 };
/** The window of a French DL envelope (right-hand side), as on the activation letter. */
const ADDRESS_X = 310;
const ADDRESS_TOP = PAGE_HEIGHT - 140;
const BODY_TOP = PAGE_HEIGHT - 218;
const RIGHT = PAGE_WIDTH - MARGIN_X;

/** Right edges of the quantity, unit price and amount columns; the label takes what is left. */
const COLUMNS = { quantity: 365, unit: 455, total: RIGHT };
const LABEL_WIDTH = COLUMNS.quantity - 50 - MARGIN_X - 8;
const TABLE_SIZE = 9.5;
const TABLE_LINE = TABLE_SIZE * 1.35;

const money = (cents: number) => formatEuros(cents);
const day = (value: string) => formatDay(value);
const longDay = (value: string) => formatDayShort(value, true);

function titleOf(invoice: InvoicePdfInput['invoice']) {
  if (invoice.number === null) return invoice.kind === 'credit_note' ? 'Projet d’avoir' : 'Projet de facture';
  return `${invoice.kind === 'credit_note' ? 'Avoir' : 'Facture'} n° ${invoice.number}`;
}

/** The amounts must add up before anything is printed: a family pays what the invoice says. */
function checkAmounts({ invoice, lines }: InvoicePdfInput) {
  const linesTotal = sumCents(lines.map((line) => line.totalCents));
  const consistent =
    lines.every((line) => line.quantity * line.unitCents === line.totalCents) &&
    linesTotal === invoice.linesCents &&
    invoice.linesCents + invoice.previousBalanceCents === invoice.totalCents &&
    invoice.remainingCents >= 0 &&
    invoice.remainingCents <= Math.max(0, invoice.totalCents - invoice.paidCents);
  if (!consistent) throw new RangeError('Facture incohérente : les montants ne s’additionnent pas, elle ne peut pas être éditée.');
}

/**
 * The invoice (or credit note) of one family in one régie, as it is printed or downloaded: the
 * town's logo, the family's address in the envelope window, the lines, the previous balance
 * carried forward, what is left to pay and how to pay it — on the town's portal and, for PayFiP
 * or TIPI, on the DGFiP site with the collectivity identifier and the debt reference.
 */
export async function invoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  checkAmounts(input);
  const { invoice } = input;
  const title = titleOf(invoice);
  const layout = await PdfLayout.create({ title, townName: input.townName, editedAt: input.editedAt });
  const page = layout.newPage();
  const { fonts } = layout;

  let leftTop = ADDRESS_TOP + 12;
  if (input.logo) {
    const logo = await embedLogo(layout.doc, input.logo);
    if (logo) {
      const scale = Math.min(LOGO_BOX.width / logo.width, LOGO_BOX.height / logo.height);
      const height = logo.height * scale;
      drawLogo(page, logo, { x: MARGIN_X, y: LOGO_TOP - height, width: logo.width * scale, height });
      leftTop = Math.min(leftTop, LOGO_TOP - height - 16);
    }
  }
  senderBlock(page, fonts, input, leftTop);
  addressBlock(page, fonts, input);

  layout.moveTo(BODY_TOP);
  layout.text(title, { font: fonts.bold, size: 18 });
  layout.text(invoice.label, { size: 11.5, color: MUTED, before: 2 });
  layout.space(6);
  layout.rows([
    ['Famille', `${input.family.name} – n° ${input.family.number}`],
    ['Période', `du ${longDay(invoice.periodStart)} au ${longDay(invoice.periodEnd)}`],
    ['Date d’émission', day(invoice.issueDate)],
    ...(invoice.kind === 'invoice' ? ([['Date d’échéance', day(invoice.dueDate)]] as [string, string][]) : []),
    // With the reference, the identifier that pays the invoice on the DGFiP's site without the portal.
    ...(invoice.refdet ? ([['Référence de paiement', referenceLine(invoice.refdet, input.online?.numcli)]] as [string, string][]) : []),
    ...(invoice.creditedNumber ? ([['Facture corrigée', invoice.creditedNumber]] as [string, string][]) : []),
  ]);

  linesTable(layout, input.lines);
  totals(layout, invoice, input.payments);
  state(layout, invoice);
  howToPay(layout, input);
  return layout.finish();
}

function referenceLine(refdet: string, numcli: Optional<string>) {
  const identifier = present(numcli);
  return identifier ? `${refdet} – Identifiant collectivité PayFiP / TIPI : ${identifier}` : refdet;
}

/** Left column under the logo: the régie that asks for the money (the town's name heads the page). */
function senderBlock(page: PDFPage, fonts: PdfLayout['fonts'], input: InvoicePdfInput, top: number) {
  page.drawText(printableLine(input.regie.name, fonts.bold), { x: MARGIN_X, y: top, font: fonts.bold, size: 10.5, color: INK, maxWidth: ADDRESS_X - MARGIN_X - 20 });
}

function addressBlock(page: PDFPage, fonts: PdfLayout['fonts'], input: InvoicePdfInput) {
  const lines = input.family.addressLines.length ? input.family.addressLines : [input.family.name];
  lines.slice(0, 6).forEach((line, i) => {
    page.drawText(printableLine(line, fonts.regular), { x: ADDRESS_X, y: ADDRESS_TOP - i * 14, font: fonts.regular, size: 11, maxWidth: RIGHT - ADDRESS_X });
  });
}

function drawRight(page: PDFPage, text: string, right: number, y: number, font: PDFFont, size: number, color = INK) {
  const line = printableLine(text, font);
  page.drawText(line, { x: right - font.widthOfTextAtSize(line, size), y, font, size, color });
}

/** Designation, quantity, unit price, amount; the header is repeated on every page the table spans. */
function linesTable(layout: PdfLayout, lines: InvoicePdfLine[]) {
  const { fonts } = layout;
  layout.section('Détail');
  const header = () => {
    layout.ensureSpace(TABLE_LINE * 2 + 4);
    const { page, y } = layout.cursor;
    const baseline = y - TABLE_LINE + 3;
    page.drawRectangle({ x: MARGIN_X, y: y - TABLE_LINE - 2, width: layout.width, height: TABLE_LINE + 2, color: SHADE });
    page.drawText('Désignation', { x: MARGIN_X + 4, y: baseline, font: fonts.bold, size: TABLE_SIZE });
    drawRight(page, 'Quantité', COLUMNS.quantity, baseline, fonts.bold, TABLE_SIZE);
    drawRight(page, 'Prix unitaire', COLUMNS.unit, baseline, fonts.bold, TABLE_SIZE);
    drawRight(page, 'Montant', COLUMNS.total - 4, baseline, fonts.bold, TABLE_SIZE);
    layout.moveTo(y - TABLE_LINE - 4);
    return page;
  };
  let page = header();
  if (lines.length === 0) layout.text('Aucune prestation sur la période.', { size: TABLE_SIZE, color: MUTED, indent: 4 });
  for (const line of lines) {
    const label = printableLine(line.label, fonts.regular);
    const labelLines = fonts.regular.widthOfTextAtSize(label, TABLE_SIZE) <= LABEL_WIDTH ? [label] : wrap(label, fonts.regular, TABLE_SIZE, LABEL_WIDTH);
    const height = labelLines.length * TABLE_LINE + 3;
    layout.ensureSpace(height);
    if (layout.cursor.page !== page) page = header();
    const { y } = layout.cursor;
    const baseline = y - TABLE_LINE + 3;
    labelLines.forEach((text, i) => page.drawText(text, { x: MARGIN_X + 4, y: baseline - i * TABLE_LINE, font: fonts.regular, size: TABLE_SIZE }));
    drawRight(page, String(line.quantity), COLUMNS.quantity, baseline, fonts.regular, TABLE_SIZE);
    drawRight(page, money(line.unitCents), COLUMNS.unit, baseline, fonts.regular, TABLE_SIZE);
    drawRight(page, money(line.totalCents), COLUMNS.total - 4, baseline, fonts.regular, TABLE_SIZE);
    page.drawLine({ start: { x: MARGIN_X, y: y - height }, end: { x: RIGHT, y: y - height }, thickness: 0.4, color: RULE });
    layout.moveTo(y - height);
  }
}

/** Label and amount aligned on the right of the page. */
function amountRow(layout: PdfLayout, label: string, cents: number, strong = false) {
  const { fonts } = layout;
  const size = strong ? 11 : 10;
  const font = strong ? fonts.bold : fonts.regular;
  layout.ensureSpace(size * 1.6);
  const { page, y } = layout.cursor;
  const baseline = y - size * 1.35;
  drawRight(page, label, COLUMNS.unit, baseline, font, size, strong ? INK : MUTED);
  drawRight(page, money(cents), COLUMNS.total - 4, baseline, font, size);
  layout.moveTo(y - size * 1.6);
}

/** The amounts, then each payment received and what is left: "Chèque reçu le 5 octobre 2026". */
function totals(layout: PdfLayout, invoice: InvoicePdfInput['invoice'], payments: InvoicePdfPayment[]) {
  layout.space(6);
  layout.ensureSpace((5 + payments.length) * 17);
  const credit = invoice.kind === 'credit_note';
  amountRow(layout, credit ? 'Total de l’avoir' : 'Total des prestations', invoice.linesCents);
  if (!credit || invoice.previousBalanceCents !== 0) amountRow(layout, 'Solde antérieur', invoice.previousBalanceCents);
  amountRow(layout, credit ? 'Total' : 'Total à payer', invoice.totalCents, true);
  if (credit) return;
  for (const payment of payments) amountRow(layout, `${payment.methodLabel} reçu le ${longDay(parisDay(payment.paidAt))}`, payment.amountCents);
  amountRow(layout, 'Déjà réglé', invoice.paidCents);
  amountRow(layout, 'Reste à payer', invoice.remainingCents, true);
}

/** Where the invoice stands: to pay before the due date, paid, carried forward, cancelled. */
function state(layout: PdfLayout, invoice: InvoicePdfInput['invoice']) {
  const { fonts } = layout;
  const say = (text: string) => layout.text(text, { font: fonts.bold, size: 10.5, before: 10 });
  if (invoice.status === 'draft') return say('Projet : ce document n’est pas encore une facture, ne le réglez pas.');
  if (invoice.kind === 'credit_note') {
    return say(`Cet avoir de ${money(Math.abs(invoice.linesCents))} est déduit du solde de votre compte${invoice.creditedNumber ? ` (facture ${invoice.creditedNumber})` : ''}.`);
  }
  if (invoice.status === 'carried') {
    return say(`Le reste de cette facture a été reporté sur la facture ${invoice.carriedTo ?? 'suivante'} : c’est cette dernière qu’il faut régler.`);
  }
  if (invoice.status === 'cancelled') return say('Cette facture a été annulée par un avoir : il n’y a rien à régler.');
  if (invoice.status === 'paid' || invoice.remainingCents === 0) {
    return say(invoice.paidAt ? `Facture payée le ${longDay(parisDay(invoice.paidAt))}. Merci.` : 'Facture réglée. Merci.');
  }
  say(`Montant à régler avant le ${longDay(invoice.dueDate)} : ${money(invoice.remainingCents)}.`);
}

/** Height of the section title drawn by PdfLayout.section (space, title line, rule). */
const SECTION_HEIGHT = 36;

function howToPay(layout: PdfLayout, input: InvoicePdfInput) {
  const { invoice, online, regie } = input;
  if (invoice.kind !== 'invoice' || invoice.status !== 'unpaid' || invoice.remainingCents === 0) return;
  const { fonts } = layout;
  const blocks: [string, TextStyle][] = [];
  if (online) {
    const where = present(online.portalUrl) ? ` (${online.portalUrl!.trim()})` : '';
    blocks.push([`En ligne par carte bancaire, sur le portail famille de la commune${where}, rubrique Factures : paiement sécurisé ${online.providerLabel}.`, { size: 10 }]);
    if (present(online.numcli) && invoice.refdet) {
      blocks.push([`Identifiant collectivité : ${online.numcli!.trim()} – Référence : ${invoice.refdet}`, { font: fonts.bold, size: 11, before: 3, indent: 10 }]);
    }
  }
  const instructions = present(regie.paymentInstructions);
  blocks.push([instructions ? `Par chèque ou en espèces : ${instructions}` : `Par chèque ou en espèces, auprès de la ${regie.name}.`, { size: 10, before: online ? 6 : 0 }]);
  if (invoice.number) blocks.push([`Rappelez le numéro de facture ${invoice.number} avec votre règlement.`, { size: 9, color: MUTED, before: 4 }]);

  // The whole block on one page: an identifier on one page and its reference on the next would be lost.
  layout.ensureSpace(SECTION_HEIGHT + blocks.reduce((sum, [text, style]) => sum + textHeight(layout, text, style), 0));
  layout.section('Comment payer');
  for (const [text, style] of blocks) layout.text(text, style);
}

/**
 * A safe estimate of the height PdfLayout.text takes for a block: one measure of the whole text
 * instead of wrapping it twice, with room for the space lost at line ends.
 */
function textHeight(layout: PdfLayout, text: string, style: TextStyle) {
  const font = style.font ?? layout.fonts.regular;
  const size = style.size ?? 10;
  const available = layout.width - (style.indent ?? 0);
  const lines = printable(text, font)
    .split('\n')
    .reduce((sum, paragraph) => sum + Math.max(1, Math.ceil((font.widthOfTextAtSize(paragraph, size) * 1.15) / available)), 0);
  return (style.before ?? 0) + lines * size * 1.3;
}

interface PreparedPng {
  width: number;
  height: number;
  bitsPerComponent: number;
  /** The colour and alpha planes, already deflated. */
  rgb: Uint8Array;
  alpha: Uint8Array | null;
}

/**
 * Decoding a PNG and deflating its planes again costs more than the rest of the invoice; a run
 * prints thousands of invoices with the same logo, so the planes are prepared once per logo.
 */
const preparedLogos = new Map<string, PreparedPng>();
const PREPARED_LOGOS_MAX = 32;

async function preparePng(bytes: Uint8Array): Promise<PreparedPng> {
  const key = createHash('sha256').update(bytes).digest('base64');
  const cached = preparedLogos.get(key);
  if (cached) return cached;
  const embedder = await PngEmbedder.for(bytes);
  const { image } = embedder as unknown as { image: { rgbChannel: Uint8Array; alphaChannel?: Uint8Array; bitsPerComponent: number } };
  const prepared: PreparedPng = {
    width: embedder.width,
    height: embedder.height,
    bitsPerComponent: image.bitsPerComponent,
    rgb: deflateSync(image.rgbChannel),
    alpha: image.alphaChannel ? deflateSync(image.alphaChannel) : null,
  };
  if (preparedLogos.size >= PREPARED_LOGOS_MAX) preparedLogos.delete(preparedLogos.keys().next().value!);
  preparedLogos.set(key, prepared);
  return prepared;
}

/** Writes prepared PNG planes as an image XObject with its soft mask, without decoding anything. */
function embedPreparedPng(doc: PDFDocument, png: PreparedPng): PDFRef {
  const { context } = doc;
  const image = { Type: 'XObject', Subtype: 'Image', Width: png.width, Height: png.height, BitsPerComponent: png.bitsPerComponent, Filter: 'FlateDecode' };
  const mask = png.alpha ? context.register(context.stream(png.alpha, { ...image, ColorSpace: 'DeviceGray', Decode: [0, 1] })) : undefined;
  return context.register(context.stream(png.rgb, { ...image, ColorSpace: 'DeviceRGB', ...(mask ? { SMask: mask } : {}) }));
}

interface EmbeddedLogo {
  ref: PDFRef;
  width: number;
  height: number;
}

/** The logo in this document, or null when its bytes cannot be read (the invoice goes out without it). */
async function embedLogo(doc: PDFDocument, logo: Logo): Promise<EmbeddedLogo | null> {
  try {
    if (logo.mime === 'image/jpeg') {
      const jpeg = await doc.embedJpg(logo.bytes);
      return { ref: jpeg.ref, width: jpeg.width, height: jpeg.height };
    }
    if (logo.mime !== 'image/png') return null;
    const png = await preparePng(logo.bytes);
    return { ref: embedPreparedPng(doc, png), width: png.width, height: png.height };
  } catch {
    return null;
  }
}

function drawLogo(page: PDFPage, logo: EmbeddedLogo, box: { x: number; y: number; width: number; height: number }) {
  const name = page.node.newXObject('Image', logo.ref);
  page.pushOperators(...drawImage(name, { ...box, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
}
