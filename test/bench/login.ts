import { randomBytes } from 'node:crypto';
import { load } from './load.js';
import { startServer } from '../../server/src/start.js';
import { createFamily, createTenant } from '../../server/src/modules/tenants/service.js';

const ORIGIN = 'https://www.ville-bench.fr';

/**
 * Login latency with the production password hash (argon2id, m = 19 MiB, t = 2): each client logs in as its
 * own family, over real HTTP on loopback.
 */
export async function benchLogin(options: { label: string; databaseUrl?: string; dataDir?: string; connections: number; durationSeconds: number }) {
  const server = await startServer({ port: 0, databaseUrl: options.databaseUrl, dataDir: options.dataDir, log: () => {}, encryptionKey: randomBytes(32).toString('base64') });
  try {
    const { db } = server.database;
    const { tenant, publicKey } = await createTenant(db, { name: 'Ville de Mesure', origins: [ORIGIN] });
    const password = 'mot de passe de mesure';
    const hash = await server.deps.hasher.hash(password);
    const logins: string[] = [];
    for (let i = 0; i < options.connections; i++) {
      const email = `parent${i}.${Date.now()}@bench.fr`;
      await createFamily(db, tenant.id, { familyNumber: `B${Date.now()}-${i}`, name: `Famille ${i}`, email, passwordHash: hash }, new Date());
      logins.push(email);
    }
    let next = 0;
    const result = await load({
      url: `${server.url}/v1/t/${publicKey}/session`,
      connections: options.connections,
      duration: options.durationSeconds,
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ login: logins[next++ % logins.length], password }) }) }],
    });
    return { metric: 'login_latency', database: options.label, connections: options.connections, durationSeconds: options.durationSeconds, ...result };
  } finally {
    await server.close();
  }
}
