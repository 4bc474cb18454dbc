import { rgb } from 'pdf-lib';
import { MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, PdfLayout } from './layout.js';
import { formatInstant, printableLine, present } from './text.js';
import type { ActivationLetter } from './types.js';

/** Where the address of a French window envelope (DL, window on the right) shows through, in points. */
const ADDRESS_X = 310;
const ADDRESS_TOP = PAGE_HEIGHT - 140;
const BODY_TOP = PAGE_HEIGHT - 260;
const BOX = rgb(0.95, 0.95, 0.97);
const BOX_RULE = rgb(0.55, 0.55, 0.6);

/**
 * One page per family, printed in a batch and sent by post: the family number and the single-use
 * activation code in Courier (no 0/O or 1/l doubt), how to activate on the town's page, and the
 * code's expiry. The letter carries no password: parents choose theirs when they activate.
 */
export async function activationLetterPdf(letters: ActivationLetter[], editedAt?: Date): Promise<Uint8Array> {
  if (letters.length === 0) throw new RangeError('Aucune lettre d’activation à éditer.');
  const layout = await PdfLayout.create({
    title: 'Votre espace famille en ligne',
    townName: letters[0].townName,
    editedAt,
    footer: 'date',
  });
  for (const letter of letters) writeLetter(layout, letter);
  return layout.finish();
}

function writeLetter(layout: PdfLayout, letter: ActivationLetter) {
  const { fonts } = layout;
  const page = layout.newPage();

  letter.addressLines.slice(0, 6).forEach((line, i) => {
    page.drawText(printableLine(line, fonts.regular), { x: ADDRESS_X, y: ADDRESS_TOP - i * 14, font: fonts.regular, size: 11, maxWidth: PAGE_WIDTH - ADDRESS_X - MARGIN_X });
  });

  layout.moveTo(BODY_TOP);
  layout.text('Votre espace famille en ligne', { font: fonts.bold, size: 18 });
  layout.text('Madame, Monsieur,', { size: 11, before: 14 });
  layout.text(
    `${letter.townName} vous ouvre le Portail Famille : inscriptions et réservations (cantine, accueil périscolaire, mercredis, vacances), ` +
      'absences, dossier de votre famille, depuis le site internet de la commune, à toute heure.',
    { size: 11, before: 6 },
  );
  layout.text('Pour activer votre espace, vous aurez besoin des deux informations ci-dessous.', { size: 11, before: 6 });

  codeBox(layout, 'Votre numéro de famille', letter.familyNumber, 18);
  codeBox(layout, 'Votre code d’activation (à usage unique)', letter.code, 20);

  layout.text('Comment activer votre espace', { font: fonts.bold, size: 12, before: 14 });
  const steps = [
    `1. Rendez-vous sur la page du portail de la commune : ${letter.portalUrl}`,
    '2. Choisissez « Première connexion ? Activez votre compte ».',
    '3. Saisissez votre numéro de famille et le code d’activation ci-dessus (les tirets sont facultatifs).',
    '4. Indiquez votre adresse e-mail puis choisissez vous-même vos identifiants de connexion : personne d’autre ne les connaîtra, pas même la mairie.',
  ];
  for (const step of steps) layout.text(step, { size: 10.5, before: 4, indent: 10 });

  layout.text(`Ce code ne sert qu’une fois et reste valable jusqu’au ${formatInstant(letter.expiresAt)}. Passé ce délai, demandez-en un nouveau à la mairie.`, {
    size: 10.5,
    before: 12,
  });
  layout.text('Conservez cette lettre en lieu sûr jusqu’à l’activation : ce code ouvre l’accès au dossier de votre famille. La mairie ne vous le demandera jamais, ni par téléphone ni par e-mail.', {
    size: 10.5,
    before: 6,
  });
  const contact = present(letter.contactEmail);
  if (contact) layout.text(`Une question ? Écrivez-nous à ${contact}.`, { size: 10.5, before: 6 });
  layout.text(`Réf. : ${letter.familyName}, famille n° ${letter.familyNumber}`, { size: 8.5, before: 14 });
}

/** A shaded box: a small label, then the value large in Courier Bold, shrunk if it would not fit. */
function codeBox(layout: PdfLayout, label: string, value: string, size: number) {
  const { fonts } = layout;
  const text = printableLine(value, fonts.monoBold);
  const fitted = Math.min(size, (layout.width - 30) / Math.max(1, fonts.monoBold.widthOfTextAtSize(text, 1)));
  const height = 26 + fitted * 1.2;
  layout.space(10);
  layout.ensureSpace(height);
  const { page, y } = layout.cursor;
  page.drawRectangle({ x: MARGIN_X, y: y - height, width: layout.width, height, color: BOX, borderColor: BOX_RULE, borderWidth: 0.8 });
  page.drawText(printableLine(label, fonts.regular), { x: MARGIN_X + 12, y: y - 15, font: fonts.regular, size: 9.5 });
  page.drawText(text, { x: MARGIN_X + 12, y: y - height + 9, font: fonts.monoBold, size: fitted });
  layout.moveTo(y - height);
}
