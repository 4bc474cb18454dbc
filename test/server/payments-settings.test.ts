import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, paymentSettings } from '../../server/src/db/schema/index.js';
import { makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { rawColumn } from './family-fixtures.js';
import { PAYBOX_HMAC_KEY, PAYBOX_PUBLIC_PEM, RETURN_URL, seedInvoice, seedPaymentTown, startOk, SYSTEMPAY_KEY } from './payment-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

async function admin(context: TestContext, town: { tenant: { id: string } }, role: 'admin' | 'agent' = 'admin') {
  const staff = await seedStaff(context, town.tenant.id, role);
  return staffCookie(context, staff.email, staff.password);
}

const systempay = { provider: 'systempay', environment: 'test', returnUrl: RETURN_URL, config: { siteId: '12345678', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' }, secret: SYSTEMPAY_KEY };

describe('payment settings', () => {
  it('seals the secret, never answers it, and audits the change', async () => {
    const town = await seedPaymentTown(ctx, 'none');
    const cookie = await admin(ctx, town);
    const res = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: systempay });
    expect(res.status).toBe(200);
    const saved = await res.json();
    expect(saved).toMatchObject({
      provider: 'systempay',
      providerLabel: 'Systempay',
      environment: 'test',
      returnUrl: RETURN_URL,
      config: { siteId: '12345678', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' },
      secretSet: true,
      notificationUrl: `http://api.test/v1/paiement/${town.tenant.id}/systempay/notification`,
      sandboxAvailable: false,
    });
    expect(JSON.stringify(saved)).not.toContain(SYSTEMPAY_KEY);
    const read = await adminCall(ctx, 'GET', '/payment-settings', { cookie });
    expect(JSON.stringify(await read.json())).not.toContain(SYSTEMPAY_KEY);

    const [raw] = await rawColumn(ctx, 'payment_settings', 'secret_sealed', 'tenant_id', town.tenant.id);
    expect(raw).not.toContain(SYSTEMPAY_KEY);
    expect(raw).toMatch(/^v1\./);
    expect(ctx.deps.encryption.decrypt(raw)).toBe(SYSTEMPAY_KEY);

    // Saved again without the secret: the sealed one is kept and payments still start.
    const again = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: { ...systempay, secret: undefined } });
    expect((await again.json()).secretSet).toBe(true);
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    expect((await startOk(ctx, town, invoice.id)).provider).toBe('systempay');

    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'payment_settings_updated')));
    expect(audits.map((a) => a.details)).toEqual([
      { provider: 'systempay', environment: 'test', secretChanged: true },
      { provider: 'systempay', environment: 'test', secretChanged: false },
    ]);
    expect(JSON.stringify(audits)).not.toContain(SYSTEMPAY_KEY);
  });

  it('takes a Paybox configuration with a parsable public key and a 128-hex HMAC key', async () => {
    const town = await seedPaymentTown(ctx, 'none');
    const cookie = await admin(ctx, town);
    const paybox = { provider: 'paybox', environment: 'production', returnUrl: RETURN_URL, config: { site: '1999888', rang: '032', identifiant: '110647233', publicKeyPem: PAYBOX_PUBLIC_PEM } };
    const bad = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: { ...paybox, config: { ...paybox.config, publicKeyPem: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----' }, secret: PAYBOX_HMAC_KEY } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toHaveProperty(['config.publicKeyPem']);
    const shortKey = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: { ...paybox, secret: 'ABCDEF' } });
    expect((await shortKey.json()).fields).toHaveProperty('secret');
    const noKey = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: paybox });
    expect((await noKey.json()).fields).toHaveProperty('secret');
    const ok = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: { ...paybox, secret: PAYBOX_HMAC_KEY } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ provider: 'paybox', environment: 'production', config: { hash: 'SHA512', rang: '032' }, secretSet: true });
  });

  it('refuses the sandbox outside demo mode, a return page outside the town’s sites, and bad PayFiP fields — changing nothing', async () => {
    const town = await seedPaymentTown(ctx, 'none');
    const cookie = await admin(ctx, town);
    const payfip = { provider: 'payfip', environment: 'test', returnUrl: RETURN_URL, config: { numcli: '090909', saisie: 'T' } };
    const cases: [unknown, string][] = [
      [{ ...payfip, environment: 'sandbox' }, 'environment'],
      [{ ...payfip, returnUrl: 'https://www.autre-ville.fr/factures' }, 'returnUrl'],
      [{ ...payfip, returnUrl: 'http://www.ville-test.fr/factures' }, 'returnUrl'],
      [{ ...payfip, returnUrl: `${RETURN_URL}#factures` }, 'returnUrl'],
      [{ ...payfip, returnUrl: null }, 'returnUrl'],
      [{ ...payfip, config: { numcli: '12345', saisie: 'T' } }, 'config.numcli'],
      [{ ...payfip, config: { numcli: '090909', saisie: 'A' } }, 'config.saisie'],
      [{ ...payfip, secret: 'abcdefghij' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const res = await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body });
      expect(res.status).toBe(422);
      expect((await res.json()).fields).toHaveProperty([field]);
    }
    expect((await database.db.select().from(paymentSettings).where(eq(paymentSettings.tenantId, town.tenant.id)))[0]).toMatchObject({ provider: 'none' });
  });

  it('accepts the sandbox in demo mode, whose payments go to this server’s sandbox pages', async () => {
    const demo = makeContext(database, { demo: true, publicUrl: 'http://localhost:3000' });
    const town = await seedPaymentTown(demo, 'none');
    const cookie = await admin(demo, town);
    const res = await adminCall(demo, 'PUT', '/payment-settings', { cookie, body: { ...systempay, environment: 'sandbox' } });
    expect(res.status).toBe(200);
    expect((await res.json()).sandboxAvailable).toBe(true);
    const invoice = await seedInvoice(demo, town, town.family.familyId);
    expect((await startOk(demo, town, invoice.id)).redirect.url).toBe('http://localhost:3000/sandbox/systempay/vads-payment/');
    // The same settings seen by a server not in demo mode: online payment is off, not sent to a sandbox.
    const other = await seedInvoice(ctx, town, town.family.familyId);
    const refused = await ctx.app.request(`${town.base}/paiements`, {
      method: 'POST',
      headers: { Origin: 'https://www.ville-test.fr', Authorization: `Bearer ${town.family.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'cle-demo-0001' },
      body: JSON.stringify({ invoiceId: other.id, email: 'payeur@exemple.fr' }),
    });
    expect(refused.status).toBe(503);
  });

  it('is for admins only', async () => {
    const town = await seedPaymentTown(ctx, 'none');
    const cookie = await admin(ctx, town, 'agent');
    expect((await adminCall(ctx, 'GET', '/payment-settings', { cookie })).status).toBe(403);
    expect((await adminCall(ctx, 'PUT', '/payment-settings', { cookie, body: systempay })).status).toBe(403);
    expect((await adminCall(ctx, 'GET', '/payments', { cookie })).status).toBe(200);
  });
});
