import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { childFilePdf } from '../../server/src/pdf/index.js';
import type { ChildFileData } from '../../server/src/pdf/types.js';

const FILES = 200;
const WARM_UP = 10;

/** A complete child file as a real one looks: two guardians, pickup persons, a filled health record. */
function childFile(i: number): ChildFileData {
  return {
    townName: 'Ville de Besançon-les-Bains',
    editedAt: new Date('2026-09-07T08:00:00Z'),
    family: { number: `F-${String(i).padStart(4, '0')}`, name: `Famille Garçon-${i}` },
    guardians: {
      responsable: { civility: 'Mme', firstName: 'Élodie', lastName: 'Garçon', phoneMobile: '06 12 34 56 78', phoneWork: '01 44 55 66 77', email: `elodie.${i}@exemple.fr`, addressLine1: `${i} rue de l’Église`, postalCode: '25000', city: 'Besançon', profession: 'Infirmière', employer: 'CHU' },
      conjoint: { civility: 'M.', firstName: 'Loïc', lastName: 'Garçon', phoneMobile: '06 98 76 54 32', email: `loic.${i}@exemple.fr` },
    },
    child: {
      firstName: 'Chloé',
      lastName: 'Garçon',
      birthDate: '2018-03-14',
      sex: 'F',
      school: 'École Jules Ferry',
      className: 'CE1',
      diet: 'sans_gluten',
      health: {
        allergies: ['arachide', 'kiwi', 'pollen'],
        pai: true,
        paiDetails: 'Trousse d’urgence dans le sac : adrénaline auto-injectable',
        doctorName: 'Dr Lefèvre',
        doctorPhone: '03 81 00 00 00',
        vaccinations: [
          { name: 'DTP', date: '2024-03-01' },
          { name: 'ROR', date: '2019-05-12' },
          { name: 'Hépatite B', date: '2018-06-20' },
        ],
        needsSupport: true,
        supportDetails: 'AESH le matin',
        notes: 'Porte des lunettes ; sieste après le déjeuner. '.repeat(4),
      },
      pickupPersons: [
        { firstName: 'Monique', lastName: 'Garçon', relation: 'Grand-mère', phone: '06 11 22 33 44', allowed: true },
        { firstName: 'René', lastName: 'Dubœuf', relation: 'Grand-père', phone: '06 11 22 33 45', allowed: true },
        { firstName: 'Bruno', lastName: 'Lambert', relation: 'Oncle', phone: '06 00 00 00 01', allowed: false },
      ],
      complementary: { 'Droit à l’image': 'Oui', 'Assurance scolaire': 'MAIF', 'Sortie seule': 'Non' },
    },
  };
}

/**
 * Complete child files rendered one after the other in this process: PDF generation is
 * synchronous JavaScript, so this is the throughput of one core.
 */
export async function benchPdf(): Promise<Record<string, unknown>> {
  for (let i = 0; i < WARM_UP; i++) await childFilePdf(childFile(i), 'complete');
  const durations: number[] = [];
  let bytes = 0;
  let last: Uint8Array = new Uint8Array();
  const start = performance.now();
  for (let i = 0; i < FILES; i++) {
    const t = performance.now();
    last = await childFilePdf(childFile(i), 'complete');
    durations.push(performance.now() - t);
    bytes += last.length;
  }
  const seconds = (performance.now() - start) / 1000;
  durations.sort((a, b) => a - b);
  const pages = (await PDFDocument.load(last)).getPageCount();
  return {
    metric: 'pdf_child_file_complete',
    files: FILES,
    pagesPerFile: pages,
    averageBytes: Math.round(bytes / FILES),
    seconds: Number(seconds.toFixed(3)),
    perSecond: Math.round(FILES / seconds),
    p50ms: Number(durations[Math.floor(FILES * 0.5)].toFixed(2)),
    p95ms: Number(durations[Math.floor(FILES * 0.95)].toFixed(2)),
  };
}
