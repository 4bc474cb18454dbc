import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, seedFamily, unique, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';

/** A staff member must not be able to take a family's account over through its login e-mail (ADR 2). */

let database: Database;
let ctx: TestContext;
const PASSWORD = 'un mot de passe bien long';

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const resetToken = (text: string) => /#portail-reset=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('login e-mail of an activated account', () => {
  it('refuses the takeover: agent change, reset link to the new address', async () => {
    const town = await staffTenant(ctx);
    const family = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const attacker = `${unique('agent-perso')}@exemple.fr`;
    const change = await adminCall(ctx, 'PATCH', `/families/${family.family.id}`, { cookie: town.agent.cookie, body: { email: attacker } });
    expect(change.status).toBe(403);
    expect((await change.json()).message).toMatch(/Seul un administrateur/);
    await adminCall(ctx, 'POST', `/families/${family.family.id}/password-reset`, { cookie: town.agent.cookie });
    await ctx.flushMail();
    const token = resetToken(ctx.mail.to(attacker).at(-1)?.text ?? '');
    expect(token).toBeUndefined();
    expect((await call(ctx, 'POST', `${town.base}/session`, { body: { login: family.email, password: PASSWORD } })).status).toBe(201);
  });

  it('lets an admin change it: old address told, pending links dead, no reset link to the new address for 72 hours', async () => {
    const town = await staffTenant(ctx);
    const family = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: family.email } });
    await ctx.flushMail();
    const pending = resetToken(ctx.mail.to(family.email).at(-1)!.text)!;

    const fresh = `${unique('nouvelle')}@exemple.fr`;
    const change = await adminCall(ctx, 'PATCH', `/families/${family.family.id}`, { cookie: town.admin.cookie, body: { email: fresh } });
    expect(change.status).toBe(200);
    await ctx.flushMail();
    const notice = ctx.mail.to(family.email).at(-1)!;
    expect(notice.subject).toMatch(/Adresse e-mail de connexion modifiée par la mairie/);
    expect(notice.text).not.toContain(fresh);
    expect((await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token: pending, password: 'un autre mot de passe 2026' } })).status).toBe(400);

    const staffReset = await adminCall(ctx, 'POST', `/families/${family.family.id}/password-reset`, { cookie: town.admin.cookie });
    expect(staffReset.status).toBe(409);
    expect((await staffReset.json()).message).toMatch(/moins de 72 heures/);

    // "Mot de passe oublié" still works for the family: the link goes to the old address.
    const before = ctx.mail.to(family.email).length;
    expect((await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: fresh } })).status).toBe(202);
    await ctx.flushMail();
    expect(ctx.mail.to(fresh)).toHaveLength(0);
    expect(ctx.mail.to(family.email)).toHaveLength(before + 1);
    expect(resetToken(ctx.mail.to(family.email).at(-1)!.text)).toBeDefined();

    ctx.clock.advance(72 * 60 * 60 * 1000 + 1000);
    const cookie = await staffCookie(ctx, town.admin.email, town.admin.password);
    expect((await adminCall(ctx, 'POST', `/families/${family.family.id}/password-reset`, { cookie })).status).toBe(200);
    await ctx.flushMail();
    expect(ctx.mail.to(fresh)).toHaveLength(1);
  });

  it('keeps agents free to set the e-mail of a family that never activated', async () => {
    const town = await staffTenant(ctx);
    const never = await seedFamily(ctx, town.tenant.id);
    expect((await adminCall(ctx, 'PATCH', `/families/${never.family.id}`, { cookie: town.agent.cookie, body: { email: `${unique('n')}@exemple.fr` } })).status).toBe(200);
  });
});
