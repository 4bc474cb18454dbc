import { sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase } from '../../server/src/db/client.js';
import { FakeClock } from '../../server/src/clock.js';
import type { Deps } from '../../server/src/deps.js';
import { createStaffUser, createTenant } from '../../server/src/modules/tenants/service.js';
import { sendBulk } from '../../server/src/modules/messages/bulk.js';

const FAMILIES = 2000;
const BUDGET_MS = 1000;

/**
 * A strike notice to every family of a 2 000-family commune (two addresses each): the conversations,
 * messages and 4 000 e-mails are written in one transaction, timed from the call to the commit.
 */
async function run(label: 'pglite' | 'postgres', url?: string) {
  const database = await openDatabase(url ? { url, max: 4 } : { dataDir: 'memory' });
  try {
    await migrateDatabase(database);
    const clock = new FakeClock();
    const { tenant } = await createTenant(database.db, { name: `Bench messages ${Date.now()}`, origins: [], portalUrl: 'https://www.ville-bench.fr/portail' });
    const { user } = await createStaffUser(database.db, tenant.id, { email: `bench-messages-${Date.now()}@mairie.test`, displayName: 'Bench', role: 'agent', passwordHash: 'x' }, clock.now());
    await database.db.execute(sql`
      insert into families (tenant_id, family_number, name, email, notification_emails)
      select ${tenant.id}, 'M' || lpad(i::text, 6, '0'), 'Famille ' || i, 'parent' || i || '@bench.fr', array['second' || i || '@bench.fr']
      from generate_series(1, ${FAMILIES}) as i`);
    const staff = { sessionId: 'bench', staffUserId: user.id, tenantId: tenant.id, role: 'agent' as const, email: user.email, displayName: 'Bench' };
    const deps = { database, clock, log: () => {} } as unknown as Deps;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const sent = await sendBulk(deps, staff, { target: { kind: 'all' }, topic: 'Autre', subject: 'Grève du jeudi 10 septembre', body: 'Bonjour,\nEn raison d’une grève, la cantine sera fermée jeudi.\nMerci de votre compréhension.' });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (sent.families !== FAMILIES || sent.mailsQueued !== 2 * FAMILIES) throw new Error(`envoi incomplet : ${JSON.stringify(sent)}`);
    // The same machine's pace at that moment: the 8 000 rows the message wrote, as plain rows of a
    // copy of the outbox in one statement (the machine may be shared; the ratio is what holds).
    const baseline = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temp table bench_rows (like outbox including defaults including indexes) on commit drop`);
      const at = performance.now();
      await tx.execute(sql`insert into bench_rows (tenant_id, recipient, subject, text) select ${tenant.id}, 'p' || i || '@bench.fr', 'Objet', 'Texte du message' from generate_series(1, ${4 * FAMILIES}) as i`);
      return performance.now() - at;
    });
    return {
      metric: 'bulk_message',
      database: label,
      families: sent.families,
      mails: sent.mailsQueued,
      ms: Math.round(ms),
      // In-process work only: all of it for the embedded database, the client's share for PostgreSQL.
      processCpuMs: Math.round((used.user + used.system) / 1000),
      plainInsertOf8000RowsMs: Math.round(baseline),
      budgetMs: BUDGET_MS,
    };
  } finally {
    await database.close();
  }
}

/** Queues a message to 2 000 families in embedded PGlite, or in the PostgreSQL database at `url` (migrated first). */
export async function benchMessages(url?: string): Promise<Record<string, unknown>> {
  return url ? run('postgres', url) : run('pglite');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchMessages(process.argv[2])));
}
