import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { outbox } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { queueMail } from '../../server/src/mail/outbox.js';
import { startServer } from '../../server/src/start.js';
import { makeContext, openTestDatabase, ORIGIN, seedTenant, unique, type TestContext } from './helpers.js';

const SMTP_DELAY_MS = 3000;

/** An SMTP relay that takes seconds to accept each message, as an overloaded one does. */
async function startSlowSmtp() {
  const received: string[] = [];
  let sending: () => void = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      sending();
      stream.resume();
      stream.on('end', () =>
        setTimeout(() => {
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        }, SMTP_DELAY_MS),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    /** Resolves when the next message starts being handed over. */
    nextSending: () => new Promise<void>((resolve) => (sending = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition jamais remplie');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let database: Database;
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSlowSmtp>>;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  // Before every other test file's clock: on the shared PostgreSQL database, this server's jobs
  // (housekeeping, mail) must not touch their rows.
  ctx.clock.set('2026-01-15T08:00:00Z');
  smtp = await startSlowSmtp();
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

describe('mail worker', () => {
  it('keeps the API answering while a slow SMTP server takes seconds to accept a mail', { timeout: 30_000 }, async () => {
    const town = await seedTenant(ctx);
    const server = await startServer({
      port: 0,
      encryptionKey: Buffer.alloc(32, 7).toString('base64'),
      database,
      clock: ctx.clock,
      smtpUrl: smtp.url,
      mailFrom: 'Portail Famille <no-reply@portail.test>',
      log: () => {},
    });
    try {
      const to = `${unique('lent')}@exemple.fr`;
      await queueMail(database.db, { tenantId: town.tenant.id, to, subject: 'Facture disponible', text: 'Votre facture est en ligne.' }, ctx.clock.now());
      const sending = smtp.nextSending();
      server.deps.onMailQueued?.();
      await sending;

      const started = performance.now();
      const res = await fetch(`${server.url}${town.base}/config`, { headers: { Origin: ORIGIN } });
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(1000);
      expect(smtp.received).not.toContain(to);

      await until(async () => (await database.db.select().from(outbox).where(eq(outbox.recipient, to)))[0].status === 'sent');
      expect(smtp.received.filter((r) => r === to)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
