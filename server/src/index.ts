import { startServer, closeOnSignals } from './start.js';
import { EncryptionKeyError } from './security/encryption.js';

// The only place that reads the environment.
const env = process.env;
try {
  const running = await startServer({
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    publicUrl: env.PUBLIC_URL,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    encryptionKey: env.DATA_ENCRYPTION_KEY,
  });
  console.log(`Portail Famille écoute sur ${running.url} (${running.database.kind === 'postgres' ? 'PostgreSQL' : 'base embarquée ./.data'}).`);
  closeOnSignals(running.close);
} catch (err) {
  if (!(err instanceof EncryptionKeyError)) throw err;
  console.error(`Démarrage impossible : ${err.message}`);
  process.exit(1);
}
