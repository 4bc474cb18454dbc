import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../../server/src/db/client.js';
import { createApp } from '../../server/src/app.js';
import { FakeClock } from '../../server/src/clock.js';
import type { Deps, LogLine } from '../../server/src/deps.js';
import { argon2Hasher } from '../../server/src/security/passwords.js';
import { aesGcm } from '../../server/src/security/encryption.js';
import type { MailMessage, MailTransport } from '../../server/src/mail/transport.js';
import { createFamily, createStaffUser, createTenant } from '../../server/src/modules/tenants/service.js';
import { deliverDueMail } from '../../server/src/mail/outbox.js';
import { deferredWorkSettled } from '../../server/src/modules/auth/after-answer.js';
import { SNAPSHOT_PATH } from './snapshot.js';

/** A fixed key for tests (production reads DATA_ENCRYPTION_KEY). */
export const testEncryption = aesGcm(Buffer.alloc(32, 7));

/** The production hasher: argon2id is cheap enough to test with its real parameters. */
export const testHasher = argon2Hasher();

/** One database per test file: PGlite from the migrated snapshot, or the shared real PostgreSQL. */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.TEST_DB === 'postgres') {
    return openDatabase({ url: process.env.TEST_DATABASE_URL!, max: 20 });
  }
  const snapshot = readFileSync(SNAPSHOT_PATH);
  return openDatabase({ dataDir: 'memory', loadDataDir: new Blob([snapshot]) });
}

export class MemoryMail implements MailTransport {
  name = 'mailbox' as const;
  sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
  }
  to(address: string) {
    return this.sent.filter((m) => m.to === address);
  }
}

export interface TestContext {
  deps: Deps;
  app: ReturnType<typeof createApp>;
  clock: FakeClock;
  mail: MemoryMail;
  logs: LogLine[];
  /** Delivers queued mail through the outbox worker (as the background job would). */
  flushMail(): Promise<number>;
}

export function makeContext(database: Database, overrides: Partial<Deps> = {}): TestContext {
  const clock = new FakeClock();
  const mail = new MemoryMail();
  const logs: LogLine[] = [];
  const deps: Deps = {
    database,
    clock,
    hasher: testHasher,
    encryption: testEncryption,
    mail,
    publicUrl: 'http://api.test',
    widgetDir: 'widget/dist',
    demo: false,
    trustedProxies: 1,
    secureCookies: true,
    log: (line) => logs.push(line),
    // No test reaches a real provider: a test that needs one injects its fake.
    fetch: (() => Promise.reject(new TypeError('Aucun appel réseau dans les tests.'))) as typeof fetch,
    ...overrides,
  };
  return { deps, app: createApp(deps), clock, mail, logs, flushMail: async () => {
      await deferredWorkSettled();
      return deliverDueMail(deps, 100);
    },
  };
}

let counter = 0;
/** A unique suffix so that test files sharing one PostgreSQL database never collide. */
export const unique = (prefix = '') => `${prefix}${process.pid}-${Date.now().toString(36)}-${++counter}`;

export const ORIGIN = 'https://www.ville-test.fr';

export async function seedTenant(ctx: TestContext, options: { origins?: string[]; name?: string } = {}) {
  const { tenant, publicKey } = await createTenant(ctx.deps.database.db, {
    name: options.name ?? 'Ville de Test',
    origins: options.origins ?? [ORIGIN],
    portalUrl: `${ORIGIN}/portail-famille`,
    contactEmail: 'enfance@ville-test.fr',
  });
  return { tenant, publicKey, base: `/v1/t/${publicKey}` };
}

export async function seedFamily(ctx: TestContext, tenantId: string, options: { password?: string; email?: string } = {}) {
  const number = unique('F');
  const email = options.email ?? `${unique('parent')}@exemple.fr`;
  const { family, activation } = await createFamily(
    ctx.deps.database.db,
    tenantId,
    {
      familyNumber: number,
      name: 'Famille Martin',
      email: options.password ? email : undefined,
      passwordHash: options.password ? await testHasher.hash(options.password) : undefined,
      children: [
        { firstName: 'Léa', lastName: 'Martin', birthDate: '2018-03-14', school: 'École Jules Ferry', className: 'CE1' },
        { firstName: 'Hugo', lastName: 'Martin', birthDate: '2020-11-02', school: 'École Jules Ferry', className: 'GS' },
      ],
    },
    ctx.clock.now(),
  );
  return { family, number, email, code: activation?.code };
}

export async function seedStaff(ctx: TestContext, tenantId: string, role: 'admin' | 'agent', password = 'mot de passe du personnel') {
  const email = `${unique(role)}@mairie-test.fr`;
  const { user } = await createStaffUser(ctx.deps.database.db, tenantId, { email, displayName: `Agent ${role}`, role, passwordHash: await testHasher.hash(password) }, ctx.clock.now());
  return { user, email, password };
}

/** A request as the widget on an allowed town page sends it. */
export function call(ctx: TestContext, method: string, path: string, options: { body?: unknown; token?: string; origin?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin) headers.Origin = origin;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
  return ctx.app.request(path, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
}
