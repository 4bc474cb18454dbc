import { formatDayLong, parisDay } from '../domain/dates.js';
import { formatEuros } from '../domain/money.js';
import { PdfLayout } from './layout.js';
import type { Optional, PdfEdition } from './types.js';

/** One published attestation de frais de garde, as frozen at publication (ADR 19). */
export interface TaxAttestationInput extends PdfEdition {
  regieName: string;
  year: number;
  family: { number: string; name: string };
  payer: { name: string; address: Optional<string> };
  child: { name: string; birthDate: string };
  paidCents: number;
  aidCents: number;
  amountCents: number;
  publishedAt: Date;
}

/**
 * "Attestation de frais de garde": what a parent keeps for the tax return — who paid the commune,
 * for which child, in which year, how much once meals, penalties and aids are taken out — with the
 * legal mention of article 200 quater B of the tax code.
 */
export async function taxAttestationPdf(input: TaxAttestationInput): Promise<Uint8Array> {
  const title = `Attestation de frais de garde ${input.year}`;
  const layout = await PdfLayout.create({ title, subtitle: input.child.name, townName: input.townName, editedAt: input.editedAt, footer: 'date' });
  layout.newPage({ withTitle: true });

  layout.text(
    `${input.regieName} (${input.townName}) atteste que ${input.payer.name} a payé en ${input.year}, pour la garde de ${input.child.name}, ` +
      `né(e) le ${formatDayLong(input.child.birthDate)}, la somme de ${formatEuros(input.amountCents)} au titre de l’accueil périscolaire et de loisirs, ` +
      'frais de repas et pénalités exclus, aides reçues déduites.',
    { size: 11, before: 8 },
  );

  layout.section('Montants');
  layout.rows([
    ['Frais de garde payés', formatEuros(input.paidCents)],
    ['Aides reçues déduites', input.aidCents > 0 ? `− ${formatEuros(input.aidCents)}` : formatEuros(0)],
    ['Montant attesté', formatEuros(input.amountCents)],
  ]);

  layout.section('Payeur');
  layout.rows([
    ['Nom', input.payer.name],
    ['Adresse', input.payer.address?.split('\n').join(', ') || null],
    ['Famille', `${input.family.name} – n° ${input.family.number}`],
  ]);

  layout.section('Enfant gardé');
  layout.rows([
    ['Nom', input.child.name],
    ['Date de naissance', formatDayLong(input.child.birthDate)],
  ]);

  layout.section('Organisme');
  layout.rows([
    ['Régie', input.regieName],
    ['Commune', input.townName],
    ['Année des paiements', String(input.year)],
    ['Attestation délivrée le', formatDayLong(parisDay(input.publishedAt))],
  ]);

  layout.text(
    `Attestation délivrée pour le crédit d’impôt au titre des frais de garde des enfants de moins de 6 ans au 1er janvier ${input.year} ` +
      '(article 200 quater B du code général des impôts, BOI-IR-RICI-300). Sont exclus les frais de repas et les pénalités ; ' +
      'sont déduites les aides reçues pour cette garde. Les sommes sont celles effectivement payées pendant l’année.',
    { size: 9, before: 16 },
  );
  layout.text('Conservez ce document : l’administration fiscale peut le demander pendant trois ans.', { size: 9, before: 4 });
  return layout.finish();
}
