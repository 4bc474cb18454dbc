import { asc, eq, sql } from 'drizzle-orm';
import { children, settings } from '../../server/src/db/schema/index.js';
import { call, seedFamily, seedTenant, unique, type TestContext } from './helpers.js';

export const PASSWORD = 'mot de passe de la famille';
export const VALID_IBAN = 'FR7630006000011234567890189';

export type Town = Awaited<ReturnType<typeof seedTenant>>;

/** A commune whose family file policy overrides the defaults for some groups. */
export async function seedTown(ctx: TestContext, policy: Record<string, 'direct' | 'validation'> = {}) {
  const town = await seedTenant(ctx);
  if (Object.keys(policy).length) await ctx.deps.database.db.update(settings).set({ familyFilePolicy: policy }).where(eq(settings.tenantId, town.tenant.id));
  return town;
}

/** A signed-in family with two children (Léa, then Hugo). */
export async function seedSignedFamily(ctx: TestContext, town: Town) {
  const family = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
  const kids = await ctx.deps.database.db.select().from(children).where(eq(children.familyId, family.family.id)).orderBy(asc(children.birthDate));
  const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: family.email, password: PASSWORD }, headers: { 'X-Forwarded-For': unique('ip-') } });
  const token = (await login.json()).token as string;
  return { ...family, familyId: family.family.id, token, lea: kids[0], hugo: kids[1] };
}

export type SignedFamily = Awaited<ReturnType<typeof seedSignedFamily>>;

/** The family file API as the widget calls it. */
export function fileApi(ctx: TestContext, town: Town, token: string) {
  const url = (path: string) => `${town.base}/famille${path}`;
  return {
    get: (path = '') => call(ctx, 'GET', url(path), { token }),
    put: (path: string, body: unknown) => call(ctx, 'PUT', url(path), { token, body }),
    post: (path: string, body: unknown) => call(ctx, 'POST', url(path), { token, body }),
    delete: (path: string) => call(ctx, 'DELETE', url(path), { token, headers: { 'Content-Type': 'application/json' } }),
    group: (group: string, body: unknown) => call(ctx, 'PUT', url(`/groups/${group}`), { token, body }),
  };
}

/** Raw text of one column, as a database dump would show it. */
export async function rawColumn(ctx: TestContext, table: string, column: string, where: string, id: string): Promise<string[]> {
  const result = await ctx.deps.database.db.execute(sql.raw(`select ${column}::text as v from ${table} where ${where} = '${id.replace(/[^0-9a-f-]/gi, '')}'`));
  const rows = (result as { rows?: { v: string | null }[] }).rows ?? (result as unknown as { v: string | null }[]);
  return rows.map((r) => r.v ?? '');
}

export const identity = { civility: 'Mme', firstName: 'Claire', lastName: 'Martin', birthDate: '1985-06-02', addressLine1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon' };

export const health = {
  allergies: ['arachide', 'kiwi'],
  pai: { active: true, details: 'Stylo d’adrénaline dans le cartable' },
  doctorName: 'Dr Bernard',
  doctorPhone: '04 78 00 00 00',
  vaccinations: [{ name: 'DTP', date: '2019-05-10' }],
  needsSupport: false,
  notes: null,
};

/** The first bytes of a PNG: signature and IHDR, which is all a header reader looks at. */
export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(64, 1), iend]);
}
