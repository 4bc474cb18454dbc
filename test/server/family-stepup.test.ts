import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { changeRequests, families, familyFileEvents, outbox } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { decideChangeRequest } from '../../server/src/modules/families/change-requests.js';
import { call, makeContext, openTestDatabase, seedFamily, seedStaff, unique, type TestContext } from './helpers.js';
import { fileApi, PASSWORD, rawColumn, seedSignedFamily, seedTown, VALID_IBAN, type Town } from './family-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: Town;
let directTown: Town;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTown(ctx);
  directTown = await seedTown(ctx, { bank: 'direct' });
});
afterAll(() => database.close());

const bank = { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'bnpafrpp', accountHolder: 'Claire Martin', password: PASSWORD };

const outboxOf = (tenantId: string) => database.db.select().from(outbox).where(eq(outbox.tenantId, tenantId));
const familyRow = async (id: string) => (await database.db.select().from(families).where(eq(families.id, id)))[0];

describe('bank details', () => {
  it('need the current password: a wrong one is refused and nothing is written', async () => {
    const family = await seedSignedFamily(ctx, directTown);
    const mailBefore = (await outboxOf(directTown.tenant.id)).length;
    const res = await fileApi(ctx, directTown, family.token).group('bank', { ...bank, password: 'pas le bon mot de passe' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'mot_de_passe_incorrect', message: 'Le mot de passe est incorrect : la modification n’a pas été enregistrée.' });
    expect(await familyRow(family.familyId)).toMatchObject({ ibanSealed: null, ibanMasked: null, bic: null });
    expect(await database.db.select().from(familyFileEvents).where(eq(familyFileEvents.familyId, family.familyId))).toEqual([]);
    expect(await outboxOf(directTown.tenant.id)).toHaveLength(mailBefore);
    expect((await fileApi(ctx, directTown, family.token).group('bank', { iban: VALID_IBAN, accountHolder: 'Claire Martin' })).status).toBe(422);
  });

  it('are stored sealed and masked only, and the old address is told without the IBAN', async () => {
    const family = await seedSignedFamily(ctx, directTown);
    const res = await fileApi(ctx, directTown, family.token).group('bank', bank);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.status).toBe('applied');
    expect(answer.file.family).toMatchObject({ iban: 'FR•• •••• •••• •••• •••• •••0 189', bic: 'BNPAFRPP', accountHolder: 'Claire Martin' });
    expect(JSON.stringify(answer)).not.toContain('30006000011234567890');

    const [sealed] = await rawColumn(ctx, 'families', 'iban_sealed', 'id', family.familyId);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('30006');
    expect(ctx.deps.encryption.decrypt(sealed)).toBe(VALID_IBAN);
    const [event] = await database.db.select().from(familyFileEvents).where(eq(familyFileEvents.familyId, family.familyId));
    expect(event).toMatchObject({ fieldGroup: 'bank', action: 'modifie', fields: ['iban', 'bic', 'accountHolder'] });

    await ctx.flushMail();
    const [mail] = ctx.mail.to(family.email);
    expect(mail.subject).toBe('Ville de Test – Coordonnées bancaires modifiées');
    expect(mail.text).not.toMatch(/3000|0189|FR76|BNPAFRPP|mot de passe de la famille/);
  });

  it('go through the commune by default: the request is sealed, the pending view masked, and accepting applies it', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const answer = await (await api.group('bank', bank)).json();
    expect(answer.status).toBe('pending');
    expect(answer.file.family.iban).toBeNull();
    expect(answer.file.pending[0].fields.iban).toEqual({ old: null, new: 'FR•• •••• •••• •••• •••• •••0 189' });
    expect(JSON.stringify(answer)).not.toContain('30006000011234567890');
    const [sealed] = await rawColumn(ctx, 'change_requests', 'values_sealed', 'family_id', family.familyId);
    expect(sealed).not.toMatch(/30006|FR76|password|mot de passe/);
    expect(JSON.parse(ctx.deps.encryption.decrypt(sealed)).new).toEqual({ iban: VALID_IBAN, bic: 'BNPAFRPP', accountHolder: 'Claire Martin' });

    await ctx.flushMail();
    expect(ctx.mail.to(family.email).map((m) => m.subject)).toEqual(['Ville de Test – Coordonnées bancaires : demande de modification']);

    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    await decideChangeRequest(ctx.deps, town.tenant.id, staff.user.id, answer.file.pending[0].id, 'accept');
    const file = await (await api.get()).json();
    expect(file.family.iban).toBe('FR•• •••• •••• •••• •••• •••0 189');
    const [stored] = await rawColumn(ctx, 'families', 'iban_sealed', 'id', family.familyId);
    expect(ctx.deps.encryption.decrypt(stored)).toBe(VALID_IBAN);
    const [request] = await database.db.select().from(changeRequests).where(eq(changeRequests.familyId, family.familyId));
    expect(request.status).toBe('accepted');
  });

  it.each([
    ['a wrong check digit', { iban: 'FR7630006000011234567890188' }, 'iban'],
    ['a French IBAN one character short', { iban: 'FR763000600001123456789018' }, 'iban'],
    ['a country outside SEPA', { iban: 'US64SVBKUS6S3300958879' }, 'iban'],
    ['a BIC of 9 characters', { bic: 'BNPAFRPPX' }, 'bic'],
    ['an unknown field', { iban: VALID_IBAN, ibanMasked: 'FR76' }, '_'],
  ])('refuses %s (422) before looking at the password', async (_label, change, field) => {
    const family = await seedSignedFamily(ctx, directTown);
    const res = await fileApi(ctx, directTown, family.token).group('bank', { ...bank, password: 'faux', ...change });
    expect(res.status).toBe(422);
    expect((await res.json()).fields[field]).toEqual(expect.any(String));
    expect((await familyRow(family.familyId)).ibanSealed).toBeNull();
  });

  it('are throttled like signing in after five wrong passwords', async () => {
    const family = await seedSignedFamily(ctx, directTown);
    const api = fileApi(ctx, directTown, family.token);
    for (let i = 0; i < 5; i++) expect((await api.group('bank', { ...bank, password: `faux ${i}` })).status).toBe(401);
    const blocked = await api.group('bank', bank);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeTruthy();
    expect((await familyRow(family.familyId)).ibanSealed).toBeNull();
    ctx.clock.advance(16 * 60 * 1000);
    const later = await seedSignedFamily(ctx, directTown);
    expect((await fileApi(ctx, directTown, later.token).group('bank', bank)).status).toBe(200);
  });
});

describe('login e-mail', () => {
  it('changes with the current password; the old address is told and signing in works with the new one', async () => {
    const family = await seedSignedFamily(ctx, town);
    const newAddress = `${unique('nouvelle')}@exemple.fr`;
    const res = await fileApi(ctx, town, family.token).post('/login-email', { email: newAddress.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.file.family.email).toBe(newAddress);
    const [event] = await database.db.select().from(familyFileEvents).where(eq(familyFileEvents.familyId, family.familyId));
    expect(event).toMatchObject({ fieldGroup: 'login_email', fields: ['email'], channel: 'internet' });

    await ctx.flushMail();
    const [mail] = ctx.mail.to(family.email);
    expect(mail.subject).toBe('Ville de Test – Adresse e-mail de connexion modifiée');
    expect(mail.text).toContain(`n•••@exemple.fr`);
    expect(mail.text).not.toContain(newAddress);
    expect(mail.text).not.toContain(PASSWORD);
    expect(ctx.mail.to(newAddress)).toEqual([]);

    const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: newAddress, password: PASSWORD }, headers: { 'X-Forwarded-For': unique('ip-') } });
    expect(login.status).toBe(201);
  });

  it('refuses a wrong password and leaves the address as it was', async () => {
    const family = await seedSignedFamily(ctx, town);
    const mailBefore = (await outboxOf(town.tenant.id)).length;
    const res = await fileApi(ctx, town, family.token).post('/login-email', { email: 'pirate@exemple.fr', password: 'pas le bon mot de passe' });
    expect(res.status).toBe(401);
    expect((await familyRow(family.familyId)).email).toBe(family.email);
    expect(await outboxOf(town.tenant.id)).toHaveLength(mailBefore);
  });

  it('refuses an address another family uses, and a bad address', async () => {
    const family = await seedSignedFamily(ctx, town);
    const other = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const api = fileApi(ctx, town, family.token);
    const taken = await api.post('/login-email', { email: other.email, password: PASSWORD });
    expect(taken.status).toBe(409);
    expect((await api.post('/login-email', { email: 'pas-une-adresse', password: PASSWORD })).status).toBe(422);
    expect((await api.post('/login-email', { email: family.email, password: PASSWORD })).status).toBe(422);
    expect((await familyRow(family.familyId)).email).toBe(family.email);
  });
});
