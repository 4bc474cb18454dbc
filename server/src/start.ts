import { serve, type ServerType } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encryptionFromBase64, EncryptionKeyError } from './security/encryption.js';
import type { AddressInfo } from 'node:net';
import { openDatabase, migrateDatabase, type Database } from './db/client.js';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import { jsonLogger, type Deps } from './deps.js';
import { argon2Hasher } from './security/passwords.js';
import { mailboxTransport, smtpTransport, type MailTransport } from './mail/transport.js';
import { startMailWorker } from './mail/outbox.js';
import { startPaymentsReconcileJob } from './jobs/payments-reconcile.js';
import { startHousekeepingJob } from './jobs/housekeeping.js';
import { startBasketExpiryJob } from './jobs/basket-expiry.js';
import type { Hono } from 'hono';

export interface ServerOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  dataDir?: string;
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  demo?: boolean;
  /** Reverse proxies in front of the server (TRUST_PROXY); 0 by default. */
  trustedProxies?: number;
  /** Base64 of 32 bytes. Required outside demo mode; the demo keeps a generated one in ./.data. */
  encryptionKey?: string;
  log?: Deps['log'];
  /** A database the caller opened (and closes): it is migrated, not opened here. Tests pass theirs. */
  database?: Database;
  /** "Now" for the services and the jobs (the system clock by default); tests pass a fake one. */
  clock?: Clock;
  /** Demo mode: builds the payment sandboxes for the server's public address (mounted at /sandbox). */
  sandbox?: (publicUrl: string) => Hono<any>;
}

export interface RunningServer {
  url: string;
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

function missingKey(): never {
  throw new EncryptionKeyError(
    'DATA_ENCRYPTION_KEY est obligatoire : base64 de 32 octets aléatoires (par exemple `openssl rand -base64 32`). Conservez-la hors de la base : sans elle, les données de santé et les IBAN sont illisibles.',
  );
}

/** The demo's own key, made once and kept beside its embedded database (never used outside demo mode). */
function demoEncryptionKey(dataDir = './.data/pglite'): string {
  const path = join(dirname(dataDir), 'demo-encryption.key');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

export const defaultWidgetDir = fileURLToPath(new URL('../../widget/dist', import.meta.url));

/** Opens and migrates the database, starts the mail worker and listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? jsonLogger;
  // Checked first: without its key the server must not touch the database at all.
  const encryption = encryptionFromBase64(options.encryptionKey ?? (options.demo ? demoEncryptionKey(options.dataDir) : missingKey()));
  const database = options.database ?? (await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir }));
  await migrateDatabase(database);
  let publicUrl = (options.publicUrl ?? `http://localhost:${options.port}`).replace(/\/$/, '');
  const mail: MailTransport | null = options.smtpUrl
    ? smtpTransport(options.smtpUrl, options.mailFrom ?? 'Portail Famille <no-reply@portail-famille.localhost>')
    : options.demo
      ? mailboxTransport
      : null;
  const deps: Deps = {
    database,
    clock: options.clock ?? systemClock,
    hasher: argon2Hasher(),
    encryption,
    mail: mail ?? mailboxTransport,
    publicUrl,
    widgetDir: defaultWidgetDir,
    demo: options.demo ?? false,
    trustedProxies: options.trustedProxies ?? 0,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    fetch: globalThis.fetch,
    log,
  };
  if (deps.demo && options.sandbox) deps.sandbox = options.sandbox(publicUrl);
  const worker = mail ? startMailWorker(deps) : null;
  if (!mail) log({ event: 'smtp_absent', error: 'SMTP_URL non défini : les e-mails restent dans la file d’envoi jusqu’à sa configuration.' });
  deps.onMailQueued = worker?.kick;

  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, () => resolve(s));
  });
  if (options.port === 0 && !options.publicUrl) {
    // Port chosen by the system (tests, benchmarks): links point at the real one.
    publicUrl = deps.publicUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    if (deps.demo && options.sandbox) deps.sandbox = options.sandbox(publicUrl);
  }
  const reconcile = startPaymentsReconcileJob(deps);
  const housekeeping = startHousekeepingJob(deps);
  const basketExpiry = startBasketExpiryJob(deps);
  return {
    url: publicUrl,
    deps,
    database,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reconcile.stop();
      await housekeeping.stop();
      await basketExpiry.stop();
      await worker?.stop();
      mail?.close?.();
      if (!options.database) await database.close();
    },
  };
}

/** Stops cleanly on SIGINT / SIGTERM: no request or queued mail is cut in the middle. */
export function closeOnSignals(close: () => Promise<void>) {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
