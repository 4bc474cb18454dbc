import { randomBytes } from 'node:crypto';
import { startServer } from '../../server/src/start.js';
import { createFamily, createTenant } from '../../server/src/modules/tenants/service.js';
import { deferredWorkSettled } from '../../server/src/modules/auth/after-answer.js';

const ORIGIN = 'https://www.ville-bench.fr';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
};

/**
 * "Mot de passe oublié" answer times for known and unknown accounts, interleaved over real HTTP,
 * each request sent once the previous one's deferred work is done. Each known login is a new
 * family so its per-account limit never silences it; every request comes from its own address.
 */
export async function benchForgot(options: { label: string; databaseUrl?: string; dataDir?: string; requests: number }) {
  const server = await startServer({ port: 0, databaseUrl: options.databaseUrl, dataDir: options.dataDir, log: () => {}, trustedProxies: 1, encryptionKey: randomBytes(32).toString('base64') });
  try {
    const { db } = server.database;
    const { tenant, publicKey } = await createTenant(db, { name: 'Ville de Mesure', origins: [ORIGIN], portalUrl: `${ORIGIN}/portail` });
    const hash = await server.deps.hasher.hash('mot de passe de mesure');
    const times = { known: [] as number[], unknown: [] as number[] };
    const emails = Array.from({ length: options.requests }, (_, i) => `parent${i}.${Date.now()}@bench.fr`);
    for (let i = 0; i < options.requests; i += 2) {
      await createFamily(db, tenant.id, { familyNumber: `R${Date.now()}-${i}`, name: `Famille ${i}`, email: emails[i], passwordHash: hash }, new Date());
    }
    for (let i = 0; i < options.requests; i++) {
      const kind = i % 2 === 0 ? 'known' : 'unknown';
      const email = emails[i];
      await deferredWorkSettled();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      const res = await fetch(`${server.url}/v1/t/${publicKey}/password/forgot`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': `10.1.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ login: email }),
      });
      await res.arrayBuffer();
      times[kind].push(performance.now() - started);
    }
    return { metric: 'forgot_password_ms', database: options.label, requests: options.requests, knownMedian: median(times.known), unknownMedian: median(times.unknown) };
  } finally {
    await server.close();
  }
}

if (process.argv[1]?.endsWith('forgot.ts')) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = mkdtempSync(join(tmpdir(), 'portail-forgot-'));
  try {
    console.log(JSON.stringify(await benchForgot({ label: 'pglite', dataDir, requests: 180 })));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
