import { and, eq } from 'drizzle-orm';
import type { Db } from '../server/src/db/client.js';
import { conversations, families, messages, messageSettings, staffUsers } from '../server/src/db/schema/index.js';

/**
 * The demo commune's contact and help, and two conversations of the Martin family: one it began
 * and the service enfance answered, one the town hall sent and the family has not read yet.
 */
export async function seedDemoMessages(db: Db, tenantId: string, agentEmail: string, now: Date) {
  await db
    .insert(messageSettings)
    .values({
      tenantId,
      serviceName: 'Service enfance',
      address: 'Mairie de Ville de Démo\n1 place de la République\n99000 Ville de Démo',
      openingHours: 'Lundi au vendredi : 8 h 30 – 12 h et 13 h 30 – 17 h\nSamedi : 9 h – 12 h',
      phone: '01 23 45 67 89',
      email: 'enfance@ville-de-demo.fr',
      infoMessage: 'Les inscriptions pour les vacances de février ouvrent le 5 janvier.',
      helpText:
        'Pour réserver la cantine ou le périscolaire, ouvrez « Réservations » et cochez les jours voulus avant la date limite indiquée dans chaque case.\n\nUne absence se signale dans le planning ; un certificat médical se joint à un message ou se dépose dans « Documents ».\n\nLe règlement intérieur : https://www.service-public.fr/particuliers/vosdroits/F2000',
      updatedAt: now,
    })
    .onConflictDoNothing();
  const [martin] = await db.select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.familyNumber, 'F-0001')));
  const [agent] = await db.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.tenantId, tenantId), eq(staffUsers.email, agentEmail)));
  if (!martin || !agent) return;
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

  const [asked] = await db
    .insert(conversations)
    .values({ tenantId, familyId: martin.id, topic: 'Absence', subject: 'Absence de Léa vendredi', startedBy: 'family', createdAt: at(50), lastMessageAt: at(50), lastAuthor: 'family' })
    .returning({ id: conversations.id });
  await db.insert(messages).values({ tenantId, conversationId: asked.id, author: 'family', body: 'Bonjour,\nLéa sera absente vendredi pour un rendez-vous médical.\nBonne journée,\nClaire Martin', sentAt: at(50) });
  const [answer] = await db
    .insert(messages)
    .values({ tenantId, conversationId: asked.id, author: 'town', staffUserId: agent.id, body: 'Bonjour Madame Martin,\nC’est noté : le repas de vendredi ne sera pas facturé.\nLe service enfance', sentAt: at(48) })
    .returning({ seq: messages.seq });
  await db.update(conversations).set({ lastMessageAt: at(48), lastAuthor: 'town', lastMessageSeq: answer.seq, familyReadSeq: answer.seq, familyReadAt: at(47), staffReadSeq: answer.seq }).where(eq(conversations.id, asked.id));

  const [told] = await db
    .insert(conversations)
    .values({ tenantId, familyId: martin.id, topic: 'Autre', subject: 'Sortie au musée des CE2', startedBy: 'town', createdAt: at(3), lastMessageAt: at(3), lastAuthor: 'town' })
    .returning({ id: conversations.id });
  const [notice] = await db
    .insert(messages)
    .values({ tenantId, conversationId: told.id, author: 'town', staffUserId: agent.id, body: 'Bonjour,\nLes CE2 partent au musée jeudi : un pique-nique remplace la cantine ce jour-là.\nLe service enfance', sentAt: at(3) })
    .returning({ seq: messages.seq });
  await db.update(conversations).set({ lastMessageSeq: notice.seq, staffReadSeq: notice.seq }).where(eq(conversations.id, told.id));
}
