import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { configureProvider, notificationPath, providerCall, seedInvoice, seedPaymentTown, startOk, systempayIpn, type PaymentTown } from './payment-fixtures.js';

/**
 * GET /admin/api/payment-events/rejected: the refused provider messages of the commune, those
 * that could not be tied to a payment included, so that staff can see forged notifications.
 */
let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());
beforeEach(() => ctx.clock.set('2026-09-07T08:00:00Z'));

interface Listed {
  id: string;
  at: string;
  provider: string;
  source: string;
  reason: string | null;
  summary: Record<string, string>;
  payment: { id: string; invoiceNumber: string | null; familyName: string } | null;
}

const MINUTE = 60 * 1000;

async function cookieOf(town: PaymentTown, role: 'admin' | 'agent') {
  const staff = await seedStaff(ctx, town.tenant.id, role);
  return staffCookie(ctx, staff.email, staff.password);
}

async function listed(cookie: string, query = '') {
  const res = await adminCall(ctx, 'GET', `/payment-events/rejected${query}`, { cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { events: Listed[] }).events;
}

/** A commune that used Systempay, then moved to TIPI: a forged Systempay IPN, then a TIPI result with a wrong amount. */
async function townWithRefusals() {
  const town = await seedPaymentTown(ctx, 'systempay');
  const first = await seedInvoice(ctx, town, town.family.familyId, 4150);
  const systempay = await startOk(ctx, town, first.id);
  ctx.clock.advance(MINUTE);
  const forged = await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(systempay.redirect.fields, 'AUTHORISED', {}, 'UneAutreCle12345') });
  expect(forged.status).toBe(400);

  await configureProvider(ctx, town.tenant.id, 'tipi');
  ctx.clock.advance(MINUTE);
  const second = await seedInvoice(ctx, town, town.family.familyId, 2500);
  const tipi = await startOk(ctx, town, second.id);
  const refdet = new URL(tipi.redirect.url).searchParams.get('refdet')!;
  ctx.clock.advance(MINUTE);
  const wrongAmount = await providerCall(ctx, notificationPath(town, 'tipi'), { form: { numcli: '090909', exer: '2026', refdet, montant: '100', resultrans: 'P', numauto: 'A1' } });
  expect(wrongAmount.status).toBe(400);
  return { town, tipiPaymentId: tipi.paymentId, tipiInvoice: second, refdet };
}

describe('refused provider messages for staff', () => {
  it('lists a forged Systempay notification and a TIPI result with a wrong amount, newest first, with their reasons', async () => {
    const { town, tipiPaymentId, tipiInvoice, refdet } = await townWithRefusals();
    const events = await listed(await cookieOf(town, 'admin'));

    expect(events.map((e) => [e.provider, e.source, e.reason])).toEqual([
      ['tipi', 'notification', 'Montant différent de celui du paiement.'],
      ['systempay', 'notification', 'Signature invalide.'],
    ]);
    const [wrongAmount, forged] = events;
    expect(wrongAmount.payment).toEqual({ id: tipiPaymentId, invoiceNumber: tipiInvoice.number, familyName: expect.any(String) });
    expect(wrongAmount.payment!.familyName).not.toBe('');
    expect(wrongAmount.summary).toMatchObject({ refdet, montant: '100' });
    expect(wrongAmount.at).toBe('2026-09-07T08:03:00.000Z');
    // Never trusted to find a payment: listed all the same.
    expect(forged.payment).toBeNull();
    expect(forged.at).toBe('2026-09-07T08:01:00.000Z');
    expect(forged.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never lists another commune’s refused messages, and lets an agent read them', async () => {
    const { town } = await townWithRefusals();
    const other = await seedPaymentTown(ctx, 'systempay');
    const theirs = await seedInvoice(ctx, other, other.family.familyId, 4150);
    const start = await startOk(ctx, other, theirs.id);
    expect((await providerCall(ctx, notificationPath(other, 'systempay'), { form: systempayIpn(start.redirect.fields, 'AUTHORISED', {}, 'UneAutreCle12345') })).status).toBe(400);

    const agentEvents = await listed(await cookieOf(town, 'agent'));
    expect(agentEvents.map((e) => e.reason)).toEqual(['Montant différent de celui du paiement.', 'Signature invalide.']);
    const theirEvents = await listed(await cookieOf(other, 'agent'));
    expect(theirEvents.map((e) => [e.provider, e.reason, e.payment])).toEqual([['systempay', 'Signature invalide.', null]]);
    expect(theirEvents.some((e) => agentEvents.some((mine) => mine.id === e.id))).toBe(false);
  });

  it('keeps to the limit asked, and refuses a limit outside 1–200', async () => {
    const { town } = await townWithRefusals();
    const cookie = await cookieOf(town, 'agent');
    expect((await listed(cookie, '?limit=1')).map((e) => e.reason)).toEqual(['Montant différent de celui du paiement.']);
    expect(await listed(cookie, '?limit=200')).toHaveLength(2);
    for (const limit of ['0', '201', 'abc', '-1', '1.5']) {
      const res = await adminCall(ctx, 'GET', `/payment-events/rejected?limit=${limit}`, { cookie });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { fields: Record<string, string> }).fields.limit).toMatch(/de 1 à 200/);
    }
  });

  it('answers 401 without a staff session', async () => {
    const res = await adminCall(ctx, 'GET', '/payment-events/rejected');
    expect(res.status).toBe(401);
  });
});
