/** Texts of the account e-mails. They never contain a password. */
export interface MailContext {
  townName: string;
  portalUrl: string | null;
  contactEmail: string | null;
}

const signature = (ctx: MailContext) =>
  `\n\n${ctx.townName}${ctx.contactEmail ? `\nContact : ${ctx.contactEmail}` : ''}\n\nCet e-mail est envoyé automatiquement, merci de ne pas y répondre.`;

export function passwordReset(ctx: MailContext, familyName: string, token: string) {
  const link = ctx.portalUrl ? `${ctx.portalUrl}#portail-reset=${token}` : null;
  return {
    subject: `${ctx.townName} – Réinitialisation de votre mot de passe`,
    text:
      `Bonjour ${familyName},\n\nVous avez demandé à réinitialiser le mot de passe de votre espace famille.\n\n` +
      (link
        ? `Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, utilisable une seule fois) :\n${link}\n\n`
        : `Le lien de réinitialisation ne peut pas être construit : merci de contacter la mairie.\n\n`) +
      `Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.` +
      signature(ctx),
  };
}

export function passwordChanged(ctx: MailContext, familyName: string) {
  return {
    subject: `${ctx.townName} – Votre mot de passe a été modifié`,
    text:
      `Bonjour ${familyName},\n\nLe mot de passe de votre espace famille vient d’être modifié. Toutes vos sessions ouvertes ont été fermées.\n\n` +
      `Si vous n’êtes pas à l’origine de ce changement, contactez la mairie sans attendre.` +
      signature(ctx),
  };
}

export function accountActivated(ctx: MailContext, familyName: string) {
  return {
    subject: `${ctx.townName} – Votre espace famille est activé`,
    text:
      `Bonjour ${familyName},\n\nVotre espace famille est activé. Vous pouvez désormais vous connecter avec cette adresse e-mail ou votre numéro de famille, et le mot de passe que vous avez choisi.` +
      (ctx.portalUrl ? `\n\nAdresse du portail : ${ctx.portalUrl}` : '') +
      signature(ctx),
  };
}
