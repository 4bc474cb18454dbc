import type { BillingMailContext } from '../billing/mails.js';

/** "Votre attestation fiscale 2026 est disponible": no amount, no name of a child, only where to find it. */
export function taxAttestationsPublished(ctx: BillingMailContext, input: { familyName: string; year: number }) {
  const where = ctx.invoicesUrl
    ? `Vous pouvez la télécharger dans votre espace famille, rubrique « Attestations fiscales » :\n${ctx.invoicesUrl}`
    : 'Vous pouvez la télécharger dans votre espace famille, rubrique « Attestations fiscales ».';
  return {
    subject: `Votre attestation fiscale ${input.year} (frais de garde) est disponible`,
    text:
      `Bonjour ${input.familyName},\n\nL’attestation des frais de garde que vous avez payés en ${input.year} pour vos enfants de moins de 6 ans est disponible. ` +
      `Elle sert à déclarer ces frais pour le crédit d’impôt (article 200 quater B du code général des impôts).\n\n${where}` +
      `\n\n${ctx.townName}${ctx.contactEmail ? `\nContact : ${ctx.contactEmail}` : ''}\n\nCet e-mail est envoyé automatiquement, merci de ne pas y répondre.`,
  };
}
