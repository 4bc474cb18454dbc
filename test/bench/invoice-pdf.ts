import { performance } from 'node:perf_hooks';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { invoicePdf } from '../../server/src/pdf/index.js';
import type { InvoicePdfInput } from '../../server/src/pdf/index.js';

const FILES = 300;
const WARM_UP = 10;
const BUDGET_PER_SECOND = 100;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, decodable RGBA PNG the size of a town's logo: a coloured crest on a transparent
 * background with a gradient band, so that the image planes are neither empty nor trivial.
 */
export function logoPng(width = 360, height = 140): Uint8Array {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // no filter
    for (let x = 0; x < width; x++) {
      const at = row + 1 + x * 4;
      const inCrest = (x - 70) ** 2 + (y - 70) ** 2 < 60 ** 2;
      const inBand = x > 150 && y > 50 && y < 90;
      raw[at] = inCrest ? 29 : (x * 255) / width;
      raw[at + 1] = inCrest ? 79 : 120;
      raw[at + 2] = inCrest ? 145 : (y * 255) / height;
      raw[at + 3] = inCrest || inBand ? 255 : 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
  );
}

const LINES: [string, number, number][] = [
  ['Restauration scolaire – Léa', 17, 415],
  ['Restauration scolaire – Hugo', 16, 415],
  ['Accueil périscolaire du matin – Léa', 12, 180],
  ['Accueil périscolaire du soir – Léa', 15, 265],
  ['Accueil périscolaire du soir – Hugo', 14, 265],
  ['Mercredi loisirs (journée) – Hugo', 3, 1250],
  ['Annulation tardive facturée – Léa', 1, 415],
  ['Goûter – Hugo', 14, 60],
];

/** A typical monthly invoice: two children, eight lines, a previous balance, a logo, PayFiP. */
export function typicalInvoice(i = 12, logo: Uint8Array = logoPng()): InvoicePdfInput {
  const lines = LINES.map(([label, quantity, unitCents]) => ({ label, quantity, unitCents, totalCents: quantity * unitCents }));
  const linesCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const previousBalanceCents = 1250;
  const number = `2026-PERI-${String(i).padStart(6, '0')}`;
  return {
    townName: 'Ville de Besançon-les-Bains',
    editedAt: new Date('2026-10-01T06:00:00Z'),
    logo: { bytes: logo, mime: 'image/png' },
    regie: { name: 'Régie périscolaire', paymentInstructions: 'Chèque à l’ordre du Trésor public, à déposer à l’accueil de la mairie (du lundi au vendredi, 8 h 30 – 12 h) ; espèces à la régie.' },
    family: { number: `F-${String(i).padStart(4, '0')}`, name: 'Famille Garçon', addressLines: ['Mme Élodie Garçon', `${i} rue de l’Église`, '25000 Besançon'] },
    invoice: {
      kind: 'invoice',
      number,
      refdet: number.replace(/-/g, ''),
      label: 'Cantine et périscolaire – septembre 2026',
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      status: 'unpaid',
      linesCents,
      previousBalanceCents,
      totalCents: linesCents + previousBalanceCents,
      paidCents: 0,
      remainingCents: linesCents + previousBalanceCents,
    },
    lines,
    payments: [],
    online: { providerLabel: 'PayFiP (DGFiP)', portalUrl: 'https://www.besancon-les-bains.fr/portail-famille', numcli: '090909' },
  };
}

/**
 * Invoices rendered one after the other in this process (PDF generation is synchronous
 * JavaScript, so this is the throughput of one core), each with the town's logo.
 */
export async function benchInvoicePdf(): Promise<Record<string, unknown>> {
  const logo = logoPng();
  for (let i = 0; i < WARM_UP; i++) await invoicePdf(typicalInvoice(i, logo));
  const durations: number[] = [];
  let bytes = 0;
  let last: Uint8Array = new Uint8Array();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < FILES; i++) {
    const t = performance.now();
    // Fresh bytes each time, as each request reads the logo from the database.
    last = await invoicePdf(typicalInvoice(i, new Uint8Array(logo)));
    durations.push(performance.now() - t);
    bytes += last.length;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  durations.sort((a, b) => a - b);
  return {
    metric: 'invoice_pdf',
    files: FILES,
    pagesPerFile: (await PDFDocument.load(last)).getPageCount(),
    averageBytes: Math.round(bytes / FILES),
    perSecond: Math.round(FILES / seconds),
    // CPU time of this process only: what one core gives when other programs share the machine.
    perCpuSecond: Math.round(FILES / cpuSeconds),
    p50Ms: Number(durations[Math.floor(FILES * 0.5)].toFixed(2)),
    p95Ms: Number(durations[Math.floor(FILES * 0.95)].toFixed(2)),
    budgetPerSecond: BUDGET_PER_SECOND,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchInvoicePdf()));
