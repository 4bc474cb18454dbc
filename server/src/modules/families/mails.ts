import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { families, settings, tenants } from '../../db/schema/index.js';
import { queueMail } from '../../mail/outbox.js';

/**
 * Texts of the family file's e-mails. They name the group that changed, never a value: no IBAN,
 * no health data, no password, not even the new login address in full.
 */
export interface MailContext {
  townName: string;
  contactEmail: string | null;
}

export async function mailContext(tx: Tx, tenantId: string): Promise<MailContext> {
  const [row] = await tx.select({ townName: tenants.name, contactEmail: settings.contactEmail }).from(tenants).leftJoin(settings, eq(settings.tenantId, tenants.id)).where(eq(tenants.id, tenantId));
  return { townName: row?.townName ?? '', contactEmail: row?.contactEmail ?? null };
}

/** Queues a mail to the account's own address, in the caller's transaction; false when the account has none. */
export async function confirmToAccount(tx: Tx, tenantId: string, familyId: string, write: (ctx: MailContext, familyName: string) => { subject: string; text: string }, now: Date) {
  const [family] = await tx.select({ name: families.name, email: families.email }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family?.email) return false;
  await queueMail(tx, { tenantId, to: family.email, ...write(await mailContext(tx, tenantId), family.name) }, now);
  return true;
}

const signature = (ctx: MailContext) =>
  `\n\n${ctx.townName}${ctx.contactEmail ? `\nContact : ${ctx.contactEmail}` : ''}\n\nCet e-mail est envoyé automatiquement, merci de ne pas y répondre.`;

const notYou = 'Si vous n’êtes pas à l’origine de cette modification, changez votre mot de passe et contactez la mairie sans attendre.';

/** "j•••@exemple.fr": enough for the owner to recognise the address, not enough to hand it out. */
export const maskEmail = (address: string) => {
  const [local, domain] = address.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
};

export function loginEmailChanged(ctx: MailContext, familyName: string, newAddress: string) {
  return {
    subject: `${ctx.townName} – Adresse e-mail de connexion modifiée`,
    text:
      `Bonjour ${familyName},\n\nL’adresse e-mail de connexion à votre espace famille vient d’être remplacée par ${maskEmail(newAddress)}. ` +
      `Cette adresse-ci ne recevra plus les messages du portail.\n\n${notYou}` +
      signature(ctx),
  };
}

export function loginEmailChangedByTownHall(ctx: MailContext, familyName: string, newAddress: string | null) {
  return {
    subject: `${ctx.townName} – Adresse e-mail de connexion modifiée par la mairie`,
    text:
      `Bonjour ${familyName},\n\nLa mairie vient de ${newAddress ? `remplacer l’adresse e-mail de connexion à votre espace famille par ${maskEmail(newAddress)}` : 'retirer l’adresse e-mail de connexion de votre espace famille'}. ` +
      `Votre mot de passe ne change pas, et les liens de réinitialisation en attente ne fonctionnent plus.\n\n` +
      `Par sécurité, pendant 72 heures, un lien de réinitialisation (« Mot de passe oublié ») sera envoyé à cette adresse-ci, jamais à la nouvelle.\n\n` +
      `Si vous n’avez pas demandé ce changement, contactez la mairie sans attendre.` +
      signature(ctx),
  };
}

export function bankDetailsChanged(ctx: MailContext, familyName: string, status: 'applied' | 'pending') {
  return {
    subject: `${ctx.townName} – Coordonnées bancaires ${status === 'applied' ? 'modifiées' : ': demande de modification'}`,
    text:
      `Bonjour ${familyName},\n\n` +
      (status === 'applied'
        ? 'Les coordonnées bancaires de votre espace famille viennent d’être modifiées.'
        : 'Une demande de modification des coordonnées bancaires de votre espace famille vient d’être transmise à la mairie, qui la validera.') +
      `\n\n${notYou}` +
      signature(ctx),
  };
}

export function changeRequestDecided(ctx: MailContext, familyName: string, groupLabel: string, decision: 'accept' | 'refuse', note: string | null) {
  const accepted = decision === 'accept';
  return {
    subject: `${ctx.townName} – Demande de modification ${accepted ? 'acceptée' : 'refusée'}`,
    text:
      `Bonjour ${familyName},\n\nVotre demande de modification « ${groupLabel} » a été ${accepted ? 'acceptée : votre dossier est à jour' : 'refusée : votre dossier reste inchangé'}.` +
      (note ? `\n\nMessage de la mairie : ${note}` : '') +
      '\n\nVous pouvez consulter votre dossier famille sur le portail.' +
      signature(ctx),
  };
}
