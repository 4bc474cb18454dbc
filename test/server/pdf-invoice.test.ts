import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { pagesText } from './pdf-text.js';
import { invoicePdf, type InvoicePdfInput } from '../../server/src/pdf/index.js';
import { logoPng, typicalInvoice } from '../bench/invoice-pdf.js';

/** Image XObjects drawn on the first page, with their pixel size. */
async function imagesOnFirstPage(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const xObjects = doc.getPages()[0].node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xObjects) return [];
  return xObjects
    .values()
    .map((ref) => doc.context.lookup(ref) as PDFRawStream)
    .filter((stream) => stream.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .map((stream) => ({ width: Number(String(stream.dict.get(PDFName.of('Width')))), height: Number(String(stream.dict.get(PDFName.of('Height')))) }));
}

const invoice = (changes: (input: InvoicePdfInput) => void = () => {}) => {
  const input = typicalInvoice(12);
  changes(input);
  return input;
};

/** The smallest JPEG a PDF reader needs to place the image: SOI, a baseline frame header, EOI. */
function tinyJpeg(width: number, height: number): Uint8Array {
  const frame = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...frame, 0xff, 0xd9]);
}

describe('invoice PDF', () => {
  it('prints a typical month on one page: logo, address, number, lines, previous balance, total and how to pay', async () => {
    const bytes = await invoicePdf(invoice());
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Facture n° 2026-PERI-000012');
    expect(await imagesOnFirstPage(bytes)).toEqual([{ width: 360, height: 140 }]);

    const [text] = await pagesText(bytes);
    expect(text).toContain('Ville de Besançon-les-Bains\nRégie périscolaire\nMme Élodie Garçon\n12 rue de l’Église\n25000 Besançon');
    expect(text).toContain('Facture n° 2026-PERI-000012\nCantine et périscolaire – septembre 2026');
    expect(text).toContain('Famille Garçon – n° F-0012');
    expect(text).toContain('du 1er septembre 2026 au 30 septembre 2026');
    expect(text).toContain('Date d’échéance\n31/10/2026');
    expect(text).toContain('Désignation\nQuantité\nPrix unitaire\nMontant');
    expect(text).toContain('Restauration scolaire – Léa\n17\n4,15 €\n70,55 €');
    expect(text).toContain('Mercredi loisirs (journée) – Hugo\n3\n12,50 €\n37,50 €');
    expect(text).toContain('Goûter – Hugo\n14\n0,60 €\n8,40 €');
    // 70,55 + 66,40 + 21,60 + 39,75 + 37,10 + 37,50 + 4,15 + 8,40 = 285,45; + 12,50 carried forward.
    expect(text).toContain('Total des prestations\n285,45 €\nSolde antérieur\n12,50 €\nTotal à payer\n297,95 €\nDéjà réglé\n0,00 €\nReste à payer\n297,95 €');
    expect(text).toContain('Montant à régler avant le 31 octobre 2026 : 297,95 €.');
    expect(text).toContain('Comment payer');
    expect(text).toContain('paiement sécurisé PayFiP (DGFiP)');
    expect(text).toContain('Identifiant collectivité : 090909 – Référence : 2026PERI000012');
    expect(text).toContain('Par chèque ou en espèces : Chèque à l’ordre du Trésor public');
    expect(text).toContain('Édité le 1er octobre 2026 à 08:00 – page 1/1');
  });

  it('places a JPEG logo as it is, and goes out without a logo it cannot read', async () => {
    const jpeg = await invoicePdf(invoice((i) => (i.logo = { bytes: tinyJpeg(200, 80), mime: 'image/jpeg' })));
    expect(await imagesOnFirstPage(jpeg)).toEqual([{ width: 200, height: 80 }]);

    const broken = await invoicePdf(invoice((i) => (i.logo = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), mime: 'image/png' })));
    expect(await imagesOnFirstPage(broken)).toEqual([]);
    expect((await pagesText(broken))[0]).toContain('Total à payer\n297,95 €');

    const none = await invoicePdf(invoice((i) => (i.logo = null)));
    expect(await imagesOnFirstPage(none)).toEqual([]);
  });

  it('says what is left after a partial payment, and that a paid invoice is paid, without payment instructions', async () => {
    const partialPages = await pagesText(
      await invoicePdf(
        invoice((i) => {
          i.invoice.paidCents = 10000;
          i.invoice.remainingCents = 19795;
          i.payments = [{ methodLabel: 'Chèque', amountCents: 10000, paidAt: new Date('2026-10-05T10:00:00Z') }];
        }),
      ),
    );
    expect(partialPages).toHaveLength(1);
    const [partial] = partialPages;
    expect(partial).toContain('Total à payer\n297,95 €\nChèque reçu le 5 octobre 2026\n100,00 €\nDéjà réglé\n100,00 €\nReste à payer\n197,95 €');
    expect(partial).toContain('Identifiant collectivité : 090909');

    const paid = (
      await pagesText(
        await invoicePdf(
          invoice((i) => {
            i.invoice.status = 'paid';
            i.invoice.paidCents = 29795;
            i.invoice.remainingCents = 0;
            i.invoice.paidAt = new Date('2026-10-12T09:30:00Z');
            i.payments = [{ methodLabel: 'Paiement en ligne', amountCents: 29795, paidAt: new Date('2026-10-12T09:30:00Z') }];
          }),
        ),
      )
    )[0];
    expect(paid).toContain('Paiement en ligne reçu le 12 octobre 2026\n297,95 €\nDéjà réglé\n297,95 €\nReste à payer\n0,00 €');
    expect(paid).toContain('Facture payée le 12 octobre 2026. Merci.');
    expect(paid).not.toContain('Comment payer');
  });

  it('sends the family to the later invoice when the balance was carried forward', async () => {
    const [text] = await pagesText(
      await invoicePdf(
        invoice((i) => {
          i.invoice.status = 'carried';
          i.invoice.remainingCents = 0;
          i.invoice.carriedTo = '2026-PERI-000031';
        }),
      ),
    );
    expect(text.replace(/\n/g, ' ')).toContain('Le reste de cette facture a été reporté sur la facture 2026-PERI-000031 : c’est cette dernière qu’il faut régler.');
    expect(text).not.toContain('Comment payer');
  });

  it('prints a credit note as an "Avoir" for the invoice it corrects', async () => {
    const [text] = await pagesText(
      await invoicePdf(
        invoice((i) => {
          i.invoice = {
            ...i.invoice,
            kind: 'credit_note',
            number: '2026-PERI-000040',
            refdet: null,
            label: 'Avoir – repas non pris en septembre 2026',
            status: 'paid',
            linesCents: -830,
            previousBalanceCents: 0,
            totalCents: -830,
            remainingCents: 0,
            creditedNumber: '2026-PERI-000012',
          };
          i.lines = [{ label: 'Repas non pris – Léa (sortie scolaire)', quantity: 2, unitCents: -415, totalCents: -830 }];
        }),
      ),
    );
    expect(text).toContain('Avoir n° 2026-PERI-000040');
    expect(text).toContain('Facture corrigée\n2026-PERI-000012');
    expect(text).toContain('Repas non pris – Léa (sortie scolaire)\n2\n-4,15 €\n-8,30 €');
    expect(text).toContain('Total de l’avoir\n-8,30 €\nTotal\n-8,30 €');
    expect(text).toContain('Cet avoir de 8,30 € est déduit du solde de votre compte (facture 2026-PERI-000012).');
    expect(text).not.toContain('Comment payer');
  });

  it('gives the collectivity identifier for PayFiP and TIPI only, and the régie’s way when no provider is set', async () => {
    const systempay = (await pagesText(await invoicePdf(invoice((i) => (i.online = { providerLabel: 'Systempay', portalUrl: 'https://www.ville.fr/factures', numcli: null })))))[0];
    expect(systempay).toContain('paiement sécurisé Systempay');
    expect(systempay).not.toContain('Identifiant collectivité');

    const offline = (await pagesText(await invoicePdf(invoice((i) => ((i.online = null), (i.regie.paymentInstructions = null))))))[0];
    expect(offline).not.toContain('En ligne');
    expect(offline).toContain('Par chèque ou en espèces, auprès de la Régie périscolaire.');
  });

  it('spreads a long invoice over pages, repeating the table header, with the totals still adding up', async () => {
    const bytes = await invoicePdf(
      invoice((i) => {
        i.lines = Array.from({ length: 50 }, (_, n) => ({ label: `Accueil du soir – jour ${n + 1}`, quantity: 1, unitCents: 265, totalCents: 265 }));
        i.invoice.linesCents = 50 * 265;
        i.invoice.totalCents = 50 * 265 + 1250;
        i.invoice.remainingCents = i.invoice.totalCents;
      }),
    );
    const pages = await pagesText(bytes);
    expect(pages.length).toBe(2);
    for (const page of pages) expect(page).toContain('Désignation\nQuantité\nPrix unitaire\nMontant');
    expect(pages[0]).toContain('Accueil du soir – jour 1\n1\n2,65 €\n2,65 €');
    expect(pages[1]).toContain('Accueil du soir – jour 50\n1\n2,65 €\n2,65 €');
    expect(pages[1]).toContain('Total des prestations\n132,50 €\nSolde antérieur\n12,50 €\nTotal à payer\n145,00 €');
    expect(pages[1]).toContain('page 2/2');
  });

  it('writes names from every country without failing', async () => {
    const [text] = await pagesText(await invoicePdf(invoice((i) => (i.family.addressLines = ['M. Nguyễn Văn Đức', '3 ulica Łódzka', '69007 Lyon']))));
    expect(text).toContain('M. Nguyen Van Duc\n3 ulica Lódzka\n69007 Lyon');
  });

  it('refuses to print amounts that do not add up', async () => {
    await expect(invoicePdf(invoice((i) => (i.lines[0].totalCents += 1)))).rejects.toThrow(/ne s’additionnent pas/);
    await expect(invoicePdf(invoice((i) => (i.invoice.totalCents += 1)))).rejects.toThrow(RangeError);
  });

  it('prints each town’s own logo when several towns print in turn', async () => {
    const ours = logoPng(48, 24);
    const theirs = logoPng(30, 30);
    const withLogo = (bytes: Uint8Array) => invoicePdf(invoice((i) => (i.logo = { bytes: new Uint8Array(bytes), mime: 'image/png' })));
    const planes = async (bytes: Uint8Array) => {
      const doc = await PDFDocument.load(bytes);
      return doc.context
        .enumerateIndirectObjects()
        .map(([, object]) => object)
        .filter((object): object is PDFRawStream => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
        .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()));
    };
    const first = await withLogo(ours);
    const other = await withLogo(theirs);
    const again = await withLogo(ours);
    expect(await imagesOnFirstPage(first)).toEqual([{ width: 48, height: 24 }]);
    expect(await imagesOnFirstPage(other)).toEqual([{ width: 30, height: 30 }]);
    expect(await planes(again)).toEqual(await planes(first));
    // Colour (3 bytes a pixel) and transparency (1 byte a pixel) of every pixel of the PNG.
    expect((await planes(first)).map((plane) => plane.length).sort((a, b) => a - b)).toEqual([48 * 24, 48 * 24 * 3]);
  });
});
