import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { families } from '../../db/schema/index.js';
import { queueMail } from '../../mail/outbox.js';
import type { MessageMailSetup } from './settings.js';

/**
 * The e-mail that tells a family the town hall wrote to it. With the commune's "notification sans
 * contenu" it says only that a message is waiting and where: neither the subject nor the text.
 * The link leads to the town page holding <portail-messages>, the conversation named in the
 * fragment (never sent to a server nor in a Referer).
 */

export const messageLink = (setup: MessageMailSetup, conversationId: string) => (setup.pageUrl ? `${setup.pageUrl.replace(/#.*$/, '')}#portail-message=${conversationId}` : null);

export interface MessageMail {
  familyName: string;
  subject: string;
  body: string;
  link: string | null;
}

export function newMessageMail(setup: MessageMailSetup, mail: MessageMail): { subject: string; text: string } {
  const where = mail.link ? `Pour le lire et y répondre, ouvrez la messagerie du portail famille :\n${mail.link}` : 'Pour le lire et y répondre, connectez-vous au portail famille de la commune, rubrique « Messages ».';
  const footer = `\n\n${setup.townName} – ${setup.serviceName}\n\nCet e-mail est envoyé automatiquement : répondez depuis le portail famille, pas à cette adresse.`;
  if (setup.mailContent === 'notice') {
    return {
      subject: `${setup.townName} – Nouveau message du ${setup.serviceName.toLowerCase()}`,
      text: `Bonjour ${mail.familyName},\n\nVous avez reçu un nouveau message du ${setup.serviceName.toLowerCase()} sur le portail famille.\n${where}${footer}`,
    };
  }
  return {
    subject: `${setup.townName} – ${mail.subject}`,
    text: `Bonjour ${mail.familyName},\n\nLe ${setup.serviceName.toLowerCase()} vous a écrit.\n\nObjet : ${mail.subject}\n\n${mail.body}\n\n${where}${footer}`,
  };
}

/** Every address of the family file that receives notices: the family e-mail and its extra ones, once each. */
export const noticeAddresses = (email: string | null, extra: string[]) => [...new Set([email, ...extra].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];

/**
 * Queues the new-message e-mail to a family in the caller's transaction, unless the family turned
 * message e-mails off; answers how many mails were queued.
 */
export async function queueNewMessageMail(tx: Tx, setup: MessageMailSetup, input: { tenantId: string; familyId: string; conversationId: string; subject: string; body: string }, now: Date) {
  const [family] = await tx
    .select({ name: families.name, email: families.email, extra: families.notificationEmails, wanted: families.mailMessages })
    .from(families)
    .where(and(eq(families.tenantId, input.tenantId), eq(families.id, input.familyId)));
  if (!family?.wanted) return 0;
  const mail = newMessageMail(setup, { familyName: family.name, subject: input.subject, body: input.body, link: messageLink(setup, input.conversationId) });
  const addresses = noticeAddresses(family.email, family.extra);
  for (const to of addresses) await queueMail(tx, { tenantId: input.tenantId, to, ...mail }, now);
  return addresses.length;
}
