import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { families, familySessions, oneTimeCodes, outbox } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, seedFamily, seedTenant, unique, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
let town: Awaited<ReturnType<typeof seedTenant>>;
const PASSWORD = 'cantine du lundi 2026';

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTenant(ctx);
});
afterAll(() => database.close());

const login = (body: unknown, options: { ip?: string } = {}) =>
  call(ctx, 'POST', `${town.base}/session`, { body, headers: { 'X-Forwarded-For': options.ip ?? '198.51.100.' + Math.floor(Math.random() * 250) } });

const resetLinkToken = (text: string) => /#portail-reset=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('login and session', () => {
  it('logs in with the e-mail or the family number and opens a 30 min idle / 12 h session', async () => {
    const { email, number } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    for (const identifier of [email, email.toUpperCase(), number]) {
      const res = await login({ login: identifier, password: PASSWORD });
      expect(res.status).toBe(201);
      const session = await res.json();
      expect(session.family.name).toBe('Famille Martin');
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const now = ctx.clock.now().getTime();
      expect(Date.parse(session.idleExpiresAt) - now).toBe(30 * 60 * 1000);
      expect(Date.parse(session.expiresAt) - now).toBe(12 * 60 * 60 * 1000);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('stores only a hash of the token and of the password', async () => {
    const { email, family } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    const rows = await database.db.select().from(familySessions).where(eq(familySessions.familyId, family.id));
    expect(JSON.stringify(rows)).not.toContain(token);
    const [stored] = await database.db.select({ hash: families.passwordHash }).from(families).where(eq(families.id, family.id));
    expect(stored.hash).toMatch(/^\$argon2id\$/);
    expect(stored.hash).not.toContain(PASSWORD);
  });

  it('gives the same answer for an unknown login and a wrong password', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const wrong = await login({ login: email, password: 'pas le bon mot de passe' });
    const unknownLogin = await login({ login: `${unique('nobody')}@exemple.fr`, password: 'pas le bon mot de passe' });
    expect(wrong.status).toBe(401);
    expect(unknownLogin.status).toBe(401);
    const a = await wrong.json();
    const b = await unknownLogin.json();
    expect({ ...a, requestId: '' }).toEqual({ ...b, requestId: '' });
  });

  it('shows the home with the family and its children', async () => {
    const { email, number } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    const res = await call(ctx, 'GET', `${town.base}/me`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const home = await res.json();
    expect(home.family).toMatchObject({ number, name: 'Famille Martin', email });
    expect(home.children.map((c: { firstName: string }) => c.firstName)).toEqual(['Léa', 'Hugo']);
  });

  it('expires after 30 minutes idle, and is kept alive by activity and by "prolonger"', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    ctx.clock.advance(29 * 60 * 1000);
    const prolonged = await call(ctx, 'POST', `${town.base}/session/prolong`, { token, body: {} });
    expect(prolonged.status).toBe(200);
    expect(Date.parse((await prolonged.json()).idleExpiresAt)).toBe(ctx.clock.now().getTime() + 30 * 60 * 1000);
    ctx.clock.advance(29 * 60 * 1000);
    expect((await call(ctx, 'GET', `${town.base}/me`, { token })).status).toBe(200);
    ctx.clock.advance(30 * 60 * 1000 + 1);
    const expired = await call(ctx, 'GET', `${town.base}/me`, { token });
    expect(expired.status).toBe(401);
    expect((await expired.json()).code).toBe('session_expiree');
  });

  it('ends after 12 hours whatever the activity', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    for (let i = 0; i < 25; i++) {
      ctx.clock.advance(29 * 60 * 1000);
      const res = await call(ctx, 'POST', `${town.base}/session/prolong`, { token, body: {} });
      if (i < 24) expect(res.status).toBe(200);
      else expect(res.status).toBe(401);
    }
  });

  it('revokes the session at logout', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    expect((await call(ctx, 'DELETE', `${town.base}/session`, { token, headers: { 'Content-Type': 'application/json' } })).status).toBe(204);
    expect((await call(ctx, 'GET', `${town.base}/me`, { token })).status).toBe(401);
  });

  it('refuses a forged or missing token', async () => {
    expect((await call(ctx, 'GET', `${town.base}/me`)).status).toBe(401);
    expect((await call(ctx, 'GET', `${town.base}/me`, { token: 'A'.repeat(43) })).status).toBe(401);
  });
});

describe('throttling', () => {
  it('locks an account after 5 failures with 429 and Retry-After, whatever the IP', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await login({ login: email, password: 'mauvais mot de passe' })).status).toBe(401);
    const locked = await login({ login: email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await locked.json()).message).toMatch(/Trop de tentatives.*15 minutes/);
    ctx.clock.advance(15 * 60 * 1000 + 1000);
    expect((await login({ login: email, password: PASSWORD })).status).toBe(201);
  });

  it('locks unknown logins the same way from one address (no account enumeration)', async () => {
    const ghost = `${unique('ghost')}@exemple.fr`;
    const ip = '198.51.100.77';
    for (let i = 0; i < 5; i++) await login({ login: ghost, password: 'mauvais mot de passe' }, { ip });
    expect((await login({ login: ghost, password: 'mauvais mot de passe' }, { ip })).status).toBe(429);
  });

  it('throttles one IP spraying many accounts', async () => {
    const ip = unique('ip-');
    let last: Response | undefined;
    for (let i = 0; i < 51; i++) last = await login({ login: `${unique('spray')}@exemple.fr`, password: 'mauvais mot de passe' }, { ip });
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('first connection with the activation letter', () => {
  it('activates with the family number and code, the parent choosing e-mail and password', async () => {
    const { number, code } = await seedFamily(ctx, town.tenant.id);
    const email = `${unique('nouveau')}@exemple.fr`;
    // Typed as on the letter but in lower case and with spaces: still accepted.
    const typed = code!.toLowerCase().replace(/-/g, ' ');
    const res = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code: typed, email, password: PASSWORD } });
    expect(res.status).toBe(201);
    expect((await res.json()).family.name).toBe('Famille Martin');
    expect((await login({ login: email, password: PASSWORD })).status).toBe(201);
    await ctx.flushMail();
    const mail = ctx.mail.to(email).at(-1)!;
    expect(mail.subject).toMatch(/espace famille est activé/);
    expect(mail.text).not.toContain(PASSWORD);
  });

  it('refuses a code used once already, with the same answer as a wrong code', async () => {
    const { number, code } = await seedFamily(ctx, town.tenant.id);
    const first = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code, email: `${unique('a')}@exemple.fr`, password: PASSWORD } });
    expect(first.status).toBe(201);
    const again = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code, email: `${unique('b')}@exemple.fr`, password: 'un autre mot de passe' } });
    expect(again.status).toBe(400);
    const wrong = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-F', email: `${unique('c')}@exemple.fr`, password: PASSWORD } });
    expect(wrong.status).toBe(400);
    const [a, b] = [await again.json(), await wrong.json()];
    expect(a.message).toBe(b.message);
    expect(a.message).toMatch(/déjà servi ou a expiré/);
  });

  it('refuses an expired code (60 days)', async () => {
    const { number, code } = await seedFamily(ctx, town.tenant.id);
    ctx.clock.advance(61 * 24 * 60 * 60 * 1000);
    const res = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code, email: `${unique('late')}@exemple.fr`, password: PASSWORD } });
    expect(res.status).toBe(400);
  });

  it('refuses the code of one family with the number of another', async () => {
    const a = await seedFamily(ctx, town.tenant.id);
    const b = await seedFamily(ctx, town.tenant.id);
    const res = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: b.number, code: a.code, email: `${unique('x')}@exemple.fr`, password: PASSWORD } });
    expect(res.status).toBe(400);
    const [code] = await database.db.select().from(oneTimeCodes).where(and(eq(oneTimeCodes.familyId, a.family.id), eq(oneTimeCodes.purpose, 'activation')));
    expect(code.usedAt).toBeNull();
  });

  it('refuses an e-mail already used by another family and keeps the code usable', async () => {
    const taken = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { number, code } = await seedFamily(ctx, town.tenant.id);
    const res = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code, email: taken.email, password: PASSWORD } });
    expect(res.status).toBe(409);
    const retry = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: number, code, email: `${unique('libre')}@exemple.fr`, password: PASSWORD } });
    expect(retry.status).toBe(201);
  });
});

describe('forgotten and changed passwords', () => {
  it('mails a single-use reset link built from the town settings, never from the Host header', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const res = await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email }, headers: { Host: 'attacker.example', 'X-Forwarded-Host': 'attacker.example' } });
    expect(res.status).toBe(202);
    await ctx.flushMail();
    const mail = ctx.mail.to(email).at(-1)!;
    expect(mail.text).toContain('https://www.ville-test.fr/portail-famille#portail-reset=');
    expect(mail.text).not.toContain('attacker');
    const token = resetLinkToken(mail.text)!;

    const reset = await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token, password: 'nouveau mot de passe 2026' } });
    expect(reset.status).toBe(200);
    expect((await login({ login: email, password: 'nouveau mot de passe 2026' })).status).toBe(201);
    expect((await login({ login: email, password: PASSWORD })).status).toBe(401);

    const reuse = await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token, password: 'encore un autre mot de passe' } });
    expect(reuse.status).toBe(400);
    expect((await reuse.json()).message).toMatch(/n’est plus valable/);
  });

  it('answers the same for an unknown account and sends nothing', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const known = await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email } });
    const ghost = `${unique('ghost')}@exemple.fr`;
    const unknownAnswer = await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: ghost } });
    expect(known.status).toBe(unknownAnswer.status);
    expect((await known.json()).message).toBe((await unknownAnswer.json()).message);
    await ctx.flushMail();
    expect(ctx.mail.to(ghost)).toHaveLength(0);
  });

  it('answers "mot de passe oublié" before any link is made, so the timing tells nothing', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const res = await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email } });
    expect(res.status).toBe(202);
    const queued = await database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.recipient, email));
    expect(queued).toHaveLength(0);
    await ctx.flushMail();
    expect(ctx.mail.to(email)).toHaveLength(1);
  });

  it('refuses a reset link after one hour', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email } });
    await ctx.flushMail();
    const token = resetLinkToken(ctx.mail.to(email).at(-1)!.text)!;
    ctx.clock.advance(60 * 60 * 1000 + 1);
    expect((await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token, password: 'nouveau mot de passe 2026' } })).status).toBe(400);
  });

  it('revokes every open session when the password is reset', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token: session } = await (await login({ login: email, password: PASSWORD })).json();
    await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email } });
    await ctx.flushMail();
    const token = resetLinkToken(ctx.mail.to(email).at(-1)!.text)!;
    await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token, password: 'nouveau mot de passe 2026' } });
    expect((await call(ctx, 'GET', `${town.base}/me`, { token: session })).status).toBe(401);
  });

  it('sends at most 3 reset links per account in 15 minutes, answering the same', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: email } })).status).toBe(202);
    await ctx.flushMail();
    expect(ctx.mail.to(email)).toHaveLength(3);
  });

  it('changes the password after checking the current one, revoking other sessions', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const { token: other } = await (await login({ login: email, password: PASSWORD })).json();
    const { token } = await (await login({ login: email, password: PASSWORD })).json();
    const wrong = await call(ctx, 'POST', `${town.base}/password/change`, { token, body: { currentPassword: 'pas le bon', newPassword: 'nouveau mot de passe 2026' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).message).toBe('Le mot de passe actuel est incorrect.');
    const weak = await call(ctx, 'POST', `${town.base}/password/change`, { token, body: { currentPassword: PASSWORD, newPassword: 'court' } });
    expect(weak.status).toBe(422);
    const res = await call(ctx, 'POST', `${town.base}/password/change`, { token, body: { currentPassword: PASSWORD, newPassword: 'nouveau mot de passe 2026' } });
    expect(res.status).toBe(200);
    const fresh = await res.json();
    expect((await call(ctx, 'GET', `${town.base}/me`, { token: other })).status).toBe(401);
    expect((await call(ctx, 'GET', `${town.base}/me`, { token })).status).toBe(401);
    expect((await call(ctx, 'GET', `${town.base}/me`, { token: fresh.token })).status).toBe(200);
    await ctx.flushMail();
    const mail = ctx.mail.to(email).at(-1)!;
    expect(mail.subject).toMatch(/mot de passe a été modifié/);
    expect(mail.text).not.toContain('nouveau mot de passe 2026');
  });
});
