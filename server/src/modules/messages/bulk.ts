import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { messageBulks, schools, services, staffUsers } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import type { Staff } from '../../contracts/index.js';
import { audit } from '../../db/audit.js';
import { rowsOf } from '../../db/rows.js';
import { formatDayLong, parisDay } from '../../domain/dates.js';
import { invalidField } from '../../errors.js';
import { newMessageMail } from './mails.js';
import { mailSetup, readMessageSettings } from './settings.js';

/**
 * A message to many families at once (a strike, a closure): one conversation per family, so each
 * can answer, and the e-mails, all written by a handful of set-based statements in one
 * transaction. The commune's history records who sent what to whom.
 */

/** A booking that says the child is expected that day (asked for, or waiting for a place, included). */
const EXPECTED = sql`('booked', 'requested', 'waitlisted')`;

interface Resolved {
  label: string;
  /** A condition on the families row `f`. */
  where: SQL;
}

async function resolve(db: Db | Tx, tenantId: string, target: Staff.BulkTarget, today: string): Promise<Resolved> {
  switch (target.kind) {
    case 'all':
      return { label: 'Toutes les familles', where: sql`true` };
    case 'school': {
      const [school] = await db.select({ name: schools.name }).from(schools).where(and(eq(schools.tenantId, tenantId), eq(schools.id, target.schoolId)));
      if (!school) throw invalidField('target.schoolId', 'Cette école est introuvable : choisissez-la dans la liste.');
      return {
        label: `Familles de « ${school.name} »`,
        where: sql`exists (select 1 from children ch where ch.tenant_id = f.tenant_id and ch.family_id = f.id and ch.school_id = ${target.schoolId})`,
      };
    }
    case 'service': {
      const label = await serviceLabel(db, tenantId, target.serviceId, 'target.serviceId');
      return {
        label: `Familles inscrites à « ${label} »`,
        where: sql`exists (select 1 from children ch join enrollments e on e.tenant_id = ch.tenant_id and e.child_id = ch.id
          where ch.tenant_id = f.tenant_id and ch.family_id = f.id and e.service_id = ${target.serviceId}
            and e.start_date <= ${today} and (e.end_date is null or e.end_date >= ${today}))`,
      };
    }
    case 'bookings': {
      const label = target.serviceId ? await serviceLabel(db, tenantId, target.serviceId, 'target.serviceId') : null;
      return {
        label: `Familles ayant une réservation${label ? ` à « ${label} »` : ''} le ${formatDayLong(target.day)}`,
        where: sql`exists (select 1 from children ch join bookings b on b.tenant_id = ch.tenant_id and b.child_id = ch.id
          where ch.tenant_id = f.tenant_id and ch.family_id = f.id and b.day = ${target.day} and b.state in ${EXPECTED}
            ${target.serviceId ? sql`and b.service_id = ${target.serviceId}` : sql``})`,
      };
    }
  }
}

async function serviceLabel(db: Db | Tx, tenantId: string, id: string, field: string) {
  const [service] = await db.select({ label: services.label }).from(services).where(and(eq(services.tenantId, tenantId), eq(services.id, id)));
  if (!service) throw invalidField(field, 'Cette prestation est introuvable : choisissez-la dans la liste.');
  return service.label;
}

async function countFamilies(db: Db | Tx, tenantId: string, where: SQL) {
  const [{ n }] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from families f where f.tenant_id = ${tenantId} and ${where}`);
  return Number(n);
}

export async function previewBulk(deps: Deps, staff: StaffContext, target: Staff.BulkTarget): Promise<Staff.BulkPreview> {
  const { db } = deps.database;
  const resolved = await resolve(db, staff.tenantId, target, parisDay(deps.clock.now()));
  return { families: await countFamilies(db, staff.tenantId, resolved.where), targetLabel: resolved.label };
}

// Stand-ins in the mail text for what differs per family, replaced by the database; a control
// character cannot come from a form (they are refused at the edge), so no text can imitate them.
const NAME = '\u0001N';
const LINK = '\u0001L';

export async function sendBulk(deps: Deps, staff: StaffContext, input: Staff.BulkMessageBody): Promise<Staff.BulkMessage> {
  const now = deps.clock.now();
  const tenantId = staff.tenantId;
  const at = sql`${now.toISOString()}::timestamptz`;
  const result = await deps.database.db.transaction(async (tx) => {
    const { topics } = await readMessageSettings(tx, tenantId);
    if (!topics.includes(input.topic)) throw invalidField('topic', 'Choisissez le sujet dans la liste.');
    const resolved = await resolve(tx, tenantId, input.target, parisDay(now));
    const [bulk] = await tx
      .insert(messageBulks)
      .values({ tenantId, staffUserId: staff.staffUserId, target: input.target, targetLabel: resolved.label, topic: input.topic, subject: input.subject, body: input.body, families: 0, mailsQueued: 0, sentAt: now })
      .returning({ id: messageBulks.id });
    const setup = await mailSetup(tx, tenantId);
    const mail = newMessageMail(setup, { familyName: NAME, subject: input.subject, body: input.body, link: setup.pageUrl ? LINK : null });
    const linkBase = setup.pageUrl ? `${setup.pageUrl.replace(/#.*$/, '')}#portail-message=` : null;
    const text = linkBase ? sql`replace(replace(${mail.text}, ${LINK}, ${linkBase} || s.id::text), ${NAME}, t.name)` : sql`replace(${mail.text}, ${NAME}, t.name)`;
    // One statement writes everything: each family's conversation takes the sequence number of
    // its only message (no row is written twice: an update would re-check the foreign keys of
    // every new row), and its e-mails are built from the same rows.
    const [counts] = await rowsOf<{ families: number; mails: number }>(
      tx,
      sql`with targeted as (
          select f.id, f.name, f.email, f.notification_emails, f.mail_messages, nextval(pg_get_serial_sequence('messages', 'seq')) as seq
          from families f where f.tenant_id = ${tenantId} and ${resolved.where}),
        started as (
          insert into conversations (tenant_id, family_id, topic, subject, started_by, status, bulk_id, created_at, last_message_at, last_author, last_message_seq, staff_read_seq)
          select ${tenantId}, t.id, ${input.topic}, ${input.subject}, 'town', 'open', ${bulk.id}, ${at}, ${at}, 'town', t.seq, t.seq from targeted t
          returning id, family_id, last_message_seq),
        written as (
          insert into messages (tenant_id, conversation_id, author, staff_user_id, body, sent_at, seq)
          select ${tenantId}, s.id, 'town', ${staff.staffUserId}, ${input.body}, ${at}, s.last_message_seq from started s
          returning 1),
        queued as (
          insert into outbox (tenant_id, recipient, subject, text, created_at, next_attempt_at)
          select ${tenantId}, a.address, ${mail.subject}, ${text}, ${at}, ${at}
          from started s
          join targeted t on t.id = s.family_id
          cross join lateral (select distinct lower(x) as address from unnest(array_prepend(t.email, t.notification_emails)) as x where x is not null and x <> '') a
          where t.mail_messages
          returning 1)
        select (select count(*)::int from written) as families, (select count(*)::int from queued) as mails`,
    );
    const families = Number(counts.families);
    const mails = Number(counts.mails);
    // Nothing to send: the transaction is undone, the record of the message with it.
    if (families === 0) throw invalidField('target', 'Aucune famille ne correspond à ces destinataires : rien n’a été envoyé.');
    await tx.update(messageBulks).set({ families, mailsQueued: mails }).where(and(eq(messageBulks.tenantId, tenantId), eq(messageBulks.id, bulk.id)));
    await audit(tx, staff, 'message_groupe_envoye', bulk.id, { destinataires: resolved.label, objet: input.subject, familles: families, mails });
    return { id: bulk.id, label: resolved.label, families, mails };
  });
  if (result.mails) deps.onMailQueued?.();
  return { id: result.id, targetLabel: result.label, subject: input.subject, families: result.families, mailsQueued: result.mails, sentBy: staff.displayName, sentAt: now.toISOString() };
}

/** The commune's messages to many families, newest first. */
export async function listBulks(deps: Deps, tenantId: string): Promise<Staff.BulkMessage[]> {
  const rows = await deps.database.db
    .select({ id: messageBulks.id, targetLabel: messageBulks.targetLabel, subject: messageBulks.subject, families: messageBulks.families, mailsQueued: messageBulks.mailsQueued, sentBy: staffUsers.displayName, sentAt: messageBulks.sentAt })
    .from(messageBulks)
    .innerJoin(staffUsers, and(eq(staffUsers.tenantId, messageBulks.tenantId), eq(staffUsers.id, messageBulks.staffUserId)))
    .where(eq(messageBulks.tenantId, tenantId))
    .orderBy(desc(messageBulks.sentAt), desc(messageBulks.id))
    .limit(100);
  return rows.map((row) => ({ ...row, sentAt: row.sentAt.toISOString() }));
}
