import { startServer, closeOnSignals } from './start.js';
import { EncryptionKeyError } from './security/encryption.js';
import { trustedProxiesFrom } from './http/client-ip.js';

// The only place that reads the environment.
const env = process.env;
const trustedProxies = trustedProxiesFrom(env.TRUST_PROXY);
if (trustedProxies === null) {
  console.error('Démarrage impossible : TRUST_PROXY doit être le nombre de relais (proxys) devant le serveur, par exemple 1, ou false.');
  process.exit(1);
}
try {
  const running = await startServer({
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    publicUrl: env.PUBLIC_URL,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    trustedProxies,
    encryptionKey: env.DATA_ENCRYPTION_KEY,
  });
  console.log(`Portail Famille écoute sur ${running.url} (${running.database.kind === 'postgres' ? 'PostgreSQL' : 'base embarquée ./.data'}).`);
  closeOnSignals(running.close);
} catch (err) {
  if (!(err instanceof EncryptionKeyError)) throw err;
  console.error(`Démarrage impossible : ${err.message}`);
  process.exit(1);
}
