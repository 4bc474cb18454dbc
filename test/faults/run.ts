import { randomBytes } from 'node:crypto';
import { openDatabase, migrateDatabase } from '../../server/src/db/client.js';
import { encryptionFromBase64 } from '../../server/src/security/encryption.js';
import { apiProcess, databaseProxy, freePort, temporaryDatabase } from './harness.js';
import { seedBookingTown, seedMailFamily, seedPaymentTown } from './seed.js';
import { bookingRush } from './bookings.js';
import { paymentNotifications } from './payments.js';
import { databaseOutage } from './outage.js';
import { outboxResumes, smtpStandIn } from './mail.js';

/**
 * `npm run test:faults`: the faults the platform must survive, against the real server process on
 * PostgreSQL. One JSON line of figures per fault; the exit code is 1 if any of them failed.
 */
const adminUrl = process.env.FAULTS_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));
const started = Date.now();
const results: boolean[] = [];

const temporary = temporaryDatabase(adminUrl);
const direct = await openDatabase({ url: temporary.url, max: 4 });
try {
  await migrateDatabase(direct);
  const encryptionKey = randomBytes(32).toString('base64');
  const bookingTown = await seedBookingTown(direct.db, 600);
  const paymentTown = await seedPaymentTown(direct.db, 200, encryptionFromBase64(encryptionKey));
  const mailAccount = await seedMailFamily(direct.db, bookingTown, 'parent.pannes@exemple.fr');

  const proxy = await databaseProxy(new URL(temporary.url));
  const smtp = await smtpStandIn(await freePort());
  await smtp.refusing();
  const api = await apiProcess({ DATABASE_URL: proxy.url, DATA_ENCRYPTION_KEY: encryptionKey, SMTP_URL: smtp.url, MAIL_FROM: 'Portail Famille <no-reply@portail.test>' });
  await api.start();

  const run = async (fault: () => Promise<{ ok: boolean; figures: Record<string, unknown> }>) => {
    const t = Date.now();
    try {
      const { ok, figures } = await fault();
      results.push(ok);
      print({ ...figures, seconds: Math.round((Date.now() - t) / 100) / 10, ok });
    } catch (err) {
      results.push(false);
      print({ fault: fault.name, error: (err as Error).message, ok: false });
    }
  };
  // The mail first: the API must not be restarted while it waits for SMTP.
  await run(() => outboxResumes(api, smtp, mailAccount));
  await run(() => bookingRush(api, direct.db, bookingTown));
  await run(() => paymentNotifications(api, direct.db, paymentTown));
  await run(() => databaseOutage(api, proxy, bookingTown));
  for (const crash of api.crashes) print({ unexpectedApiExit: { code: crash.code, signal: crash.signal }, stderr: crash.stderr.slice(-1500) });
  if (api.crashes.length) results.push(false);
  await api.kill9();
  await smtp.stop();
} catch (err) {
  results.push(false);
  print({ error: (err as Error).stack ?? String(err), ok: false });
} finally {
  await direct.close();
  temporary.drop();
}
const failed = results.filter((ok) => !ok).length;
print({ faults: results.length, failed, seconds: Math.round((Date.now() - started) / 1000) });
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
