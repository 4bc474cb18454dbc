import { createServer, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { onExit, request, sleep, type ApiProcess } from './harness.js';
import { ORIGIN } from './seed.js';

/** A mail must be delivered within this time once SMTP is back: the first retry's back-off (30 s) and a margin. */
const DELIVERY_LIMIT_MS = 75_000;

/**
 * The SMTP server of the script on one port: `refusing()` answers every connection with 421 and
 * hangs up (counting them), `accepting()` is a real SMTP server recording what it receives.
 */
export async function smtpStandIn(port: number) {
  const received: { to: string[]; at: number }[] = [];
  let refused = 0;
  let refuser: Server | null = null;
  let smtp: SMTPServer | null = null;
  const stop = async () => {
    await new Promise((resolve) => (refuser ? refuser.close(resolve) : resolve(null)));
    refuser = null;
    await new Promise((resolve) => (smtp ? smtp.close(() => resolve(null)) : resolve(null)));
    smtp = null;
  };
  onExit(() => {
    refuser?.close();
    smtp?.close(() => {});
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refusedConnections: () => refused,
    async refusing() {
      await stop();
      const server = createServer((socket) => {
        refused++;
        socket.end('421 4.3.2 Service indisponible\r\n');
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      refuser = server;
    },
    async accepting() {
      await stop();
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          stream.on('data', () => {});
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), at: performance.now() });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      smtp = server;
    },
    stop,
  };
}

/**
 * (d) The outbox resumes after SMTP returns: a password-reset mail is asked for while the SMTP
 * server refuses every connection; once the worker has met the refusal, SMTP comes back and the
 * mail must arrive within a bounded time, without restarting the API. Black-box: only HTTP in,
 * SMTP out.
 */
export async function outboxResumes(api: ApiProcess, smtp: Awaited<ReturnType<typeof smtpStandIn>>, account: { publicKey: string; login: string }) {
  await smtp.refusing();
  const asked = await request(`${api.url}/v1/t/${account.publicKey}/password/forgot`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ login: account.login }),
  });
  const accepted = 'status' in asked && asked.status === 202;
  const askedAt = performance.now();
  while (smtp.refusedConnections() === 0 && performance.now() - askedAt < 15_000) await sleep(50);
  const refusedBeforeReturn = smtp.refusedConnections();
  await smtp.accepting();
  const backAt = performance.now();
  let delivered: { at: number } | undefined;
  while (!delivered && performance.now() - backAt < DELIVERY_LIMIT_MS) {
    delivered = smtp.received.find((m) => m.to.includes(account.login));
    if (!delivered) await sleep(100);
  }
  const figures = {
    fault: 'SMTP down, then back',
    mailAsked: accepted ? 'password reset (202)' : `password reset refused (${'status' in asked ? asked.status : asked.error})`,
    refusedConnections: refusedBeforeReturn,
    deliveredAfterSmtpBackMs: delivered ? Math.round(delivered.at - backAt) : null,
    limitMs: DELIVERY_LIMIT_MS,
    deliveredCopies: smtp.received.filter((m) => m.to.includes(account.login)).length,
    lost: delivered ? 0 : 1,
  };
  return { ok: accepted && refusedBeforeReturn > 0 && Boolean(delivered), figures };
}
