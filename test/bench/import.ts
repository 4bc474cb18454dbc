import { openDatabase, migrateDatabase } from '../../server/src/db/client.js';
import { FakeClock } from '../../server/src/clock.js';
import { createStaffUser, createTenant } from '../../server/src/modules/tenants/service.js';
import { applyFamilyImport } from '../../server/src/modules/families/import.js';
import { IMPORT_COLUMNS } from '../../server/src/modules/families/import-lines.js';

const FAMILIES = 5000;
const BUDGET_SECONDS = 60;

/** A migration file as a town brings it: 5 000 families, one or two children each, one line per child. */
export function importFile(families = FAMILIES): Uint8Array {
  const lines = [IMPORT_COLUMNS.join(';')];
  for (let i = 1; i <= families; i++) {
    const number = `B${String(i).padStart(6, '0')}`;
    const name = `FAMILLE${i}`;
    const family = [number, name, `parent${i}@exemple.fr`, 'Camille', name, '06 12 34 56 78', `${i} rue de la République`, '31000', 'Toulouse'];
    const kids = i % 2 ? 2 : 1;
    for (let k = 0; k < kids; k++) {
      lines.push([...family, k ? 'Jules' : 'Alice', name, `${String((i % 28) + 1).padStart(2, '0')}/0${(k % 9) + 1}/201${k + 5}`, `École ${i % 12}`, 'CE1'].join(';'));
    }
  }
  return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

async function run(label: 'pglite' | 'postgres', url?: string) {
  const database = await openDatabase(url ? { url, max: 4 } : { dataDir: 'memory' });
  try {
    await migrateDatabase(database);
    const clock = new FakeClock();
    const { tenant } = await createTenant(database.db, { name: `Bench import ${Date.now()}`, origins: [] });
    const { user } = await createStaffUser(database.db, tenant.id, { email: `bench-import-${Date.now()}@mairie.test`, displayName: 'Bench', role: 'admin', passwordHash: 'x' }, clock.now());
    const staff = { sessionId: 'bench', staffUserId: user.id, tenantId: tenant.id, role: 'admin' as const, email: user.email, displayName: 'Bench' };
    const file = importFile();
    const deps = { database, clock };
    const started = performance.now();
    const first = await applyFamilyImport(deps, staff, 'bench.csv', file);
    const seconds = (performance.now() - started) / 1000;
    const again = performance.now();
    const second = await applyFamilyImport(deps, staff, 'bench.csv', file);
    const reimportSeconds = (performance.now() - again) / 1000;
    if (!first.applied || first.summary.familiesToCreate !== FAMILIES || second.summary.familiesUnchanged !== FAMILIES) {
      throw new Error(`import incomplet : ${JSON.stringify({ first: first.summary, errors: first.errors.slice(0, 3), second: second.summary })}`);
    }
    return {
      metric: 'family_import',
      database: label,
      families: FAMILIES,
      rows: first.summary.rows,
      bytes: file.length,
      seconds: Number(seconds.toFixed(2)),
      reimportSeconds: Number(reimportSeconds.toFixed(2)),
      budgetSeconds: BUDGET_SECONDS,
    };
  } finally {
    await database.close();
  }
}

/** Imports 5 000 families into embedded PGlite, or into the PostgreSQL database at `url` (migrated first). */
export async function benchImport(url?: string): Promise<Record<string, unknown>> {
  return url ? run('postgres', url) : run('pglite');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchImport(process.argv[2])));
}
