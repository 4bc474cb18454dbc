import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { outbox } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { claimDueMail, deliverDueMail, MAIL_LEASE_MS, purgeDeliveredMail, queueMail, retryDelayMs } from '../../server/src/mail/outbox.js';
import { smtpTransport } from '../../server/src/mail/transport.js';
import { makeContext, openTestDatabase, seedTenant, unique, type TestContext } from './helpers.js';

interface Received {
  to: string[];
  data: string;
}

/** A real SMTP server on loopback that records what it receives; it can be told to refuse. */
async function startSmtp() {
  const received: Received[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk) => (data += chunk));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('Service indisponible'), { responseCode: 451 }));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    setRefuse: (value: boolean) => (refuse = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let database: Database;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let ctx: TestContext;
let tenantId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startSmtp();
  ctx = makeContext(database, { mail: smtpTransport(smtp.url, 'Portail Famille <no-reply@portail.test>') });
  tenantId = (await seedTenant(ctx)).tenant.id;
});
afterAll(async () => {
  ctx.deps.mail.close?.();
  await smtp.close();
  await database.close();
});

const deliverMine = async (to: string) => {
  await deliverDueMail(ctx.deps, 200);
  return smtp.received.filter((m) => m.to.includes(to));
};

describe('outbox', () => {
  it('delivers a queued mail through a real SMTP server, accents intact', async () => {
    const to = `${unique('smtp')}@exemple.fr`;
    await queueMail(database.db, { tenantId, to, subject: 'Réservation confirmée – école', text: 'Bonjour, votre inscription à la cantine est enregistrée.' }, ctx.clock.now());
    const mails = await deliverMine(to);
    expect(mails).toHaveLength(1);
    expect(mails[0].data).toMatch(/Subject: =\?UTF-8\?/);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp' });
  });

  it('sends nothing when the transaction that queued the mail rolls back', async () => {
    const to = `${unique('rollback')}@exemple.fr`;
    await expect(
      database.db.transaction(async (tx) => {
        await queueMail(tx, { tenantId, to, subject: 'Jamais envoyé', text: '…' }, ctx.clock.now());
        throw new Error('action refusée');
      }),
    ).rejects.toThrow('action refusée');
    expect(await deliverMine(to)).toHaveLength(0);
    expect(await database.db.select().from(outbox).where(eq(outbox.recipient, to))).toHaveLength(0);
  });

  it('keeps a mail the server refuses and retries it with back-off until it goes through', async () => {
    const to = `${unique('retry')}@exemple.fr`;
    await queueMail(database.db, { tenantId, to, subject: 'Facture disponible', text: 'Votre facture est en ligne.' }, ctx.clock.now());
    smtp.setRefuse(true);
    expect(await deliverMine(to)).toHaveLength(0);
    let [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.nextAttemptAt.getTime() - ctx.clock.now().getTime()).toBe(retryDelayMs(1));

    // Not due yet: nothing is tried.
    await deliverMine(to);
    [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row.attempts).toBe(1);

    ctx.clock.advance(retryDelayMs(1));
    await deliverMine(to);
    [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime() - ctx.clock.now().getTime()).toBe(retryDelayMs(2));

    smtp.setRefuse(false);
    ctx.clock.advance(retryDelayMs(2));
    expect(await deliverMine(to)).toHaveLength(1);
    [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('keeps mail pending while the SMTP server is unreachable', async () => {
    const down = makeContext(database, { mail: smtpTransport('smtp://127.0.0.1:9', 'x@portail.test') });
    down.clock.set(ctx.clock.now());
    const to = `${unique('down')}@exemple.fr`;
    await queueMail(database.db, { tenantId, to, subject: 'Test', text: 'Test' }, ctx.clock.now());
    await deliverDueMail(down.deps, 200);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
  });

  it('sends a mail again once the lease of a worker stopped before marking it is over, never losing it', async () => {
    const to = `${unique('lease')}@exemple.fr`;
    await queueMail(database.db, { tenantId, to, subject: 'Code d’activation', text: 'Votre code.' }, ctx.clock.now());
    // A worker claims the mail, then stops (crash, restart) before sending or marking it.
    let claimed = await claimDueMail(database.db, ctx.clock.now());
    while (claimed && claimed.recipient !== to) claimed = await claimDueMail(database.db, ctx.clock.now());
    expect(claimed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(claimed!.nextAttemptAt.getTime() - ctx.clock.now().getTime()).toBe(MAIL_LEASE_MS);

    // While the lease runs, no other worker sends it.
    ctx.clock.advance(MAIL_LEASE_MS - 1000);
    expect(await deliverMine(to)).toHaveLength(0);

    ctx.clock.advance(1000);
    expect(await deliverMine(to)).toHaveLength(1);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('wipes the body of mail delivered more than a week ago, keeping the row', async () => {
    const to = `${unique('purge')}@exemple.fr`;
    await queueMail(database.db, { tenantId, to, subject: 'Réinitialisation', text: 'Lien : https://www.ville.fr/portail#portail-reset=secret' }, ctx.clock.now());
    await deliverMine(to);
    ctx.clock.advance(6 * 24 * 3600_000);
    await purgeDeliveredMail(database.db, ctx.clock.now());
    let [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row.text).toContain('portail-reset=secret');
    ctx.clock.advance(2 * 24 * 3600_000);
    expect(await purgeDeliveredMail(database.db, ctx.clock.now())).toBeGreaterThanOrEqual(1);
    [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to));
    expect(row).toMatchObject({ status: 'sent', subject: 'Réinitialisation' });
    expect(row.text).not.toContain('secret');
  });

  it('caps the back-off at one hour and never gives up', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(50)).toBe(3_600_000);
  });
});
