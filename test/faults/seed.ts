import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../server/src/db/client.js';
import { children, families, invoices, ledgerEntries, paymentSettings, regies } from '../../server/src/db/schema/index.js';
import type { Encryption } from '../../server/src/security/encryption.js';
import { addDays } from '../../server/src/domain/dates.js';
import { BENCH_ORIGIN, seedBenchTown, type BenchTown } from '../bench/seed.js';

export const ORIGIN = BENCH_ORIGIN;
/** A Systempay TEST shop; the script plays Systempay with the same key. */
export const SYSTEMPAY = { siteId: '12345678', key: 'FaultsTestKey1234', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' } as const;

/**
 * A commune whose families are signed in and enrolled (the bench's town), booking two weeks ahead
 * so that no deadline has passed whatever the day the script runs; places are counted (capacity).
 */
export async function seedBookingTown(db: Db, familyCount: number): Promise<BenchTown> {
  const town = await seedBenchTown(db, familyCount, { capacity: 100_000 });
  return { ...town, week: town.week.map((day) => addDays(day, 14)) };
}

/** One family of the town that can ask for a password reset (an e-mail and a password). */
export async function seedMailFamily(db: Db, town: BenchTown, email: string) {
  const [family] = await db.select({ id: children.familyId }).from(children).where(eq(children.id, town.childIds[0]));
  // Any non-empty hash: the reset mail only needs an activated account.
  await db.update(families).set({ email, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VsZmF1bHRz$placeholder' }).where(eq(families.id, family.id));
  return { login: email, publicKey: town.publicKey };
}

export interface PaymentTown extends BenchTown {
  tenantId: string;
  invoiceIds: string[];
  totals: number[];
}

/** A commune paid online through Systempay, each family with one published invoice to pay. */
export async function seedPaymentTown(db: Db, familyCount: number, encryption: Encryption): Promise<PaymentTown> {
  const town = await seedBenchTown(db, familyCount);
  const kids = await db.select({ id: children.id, familyId: children.familyId, tenantId: children.tenantId }).from(children).where(inArray(children.id, town.childIds));
  const familyOf = new Map(kids.map((k) => [k.id, k.familyId]));
  const tenantId = kids[0].tenantId;
  const [regie] = await db.insert(regies).values({ tenantId, code: 'PERI', name: 'Régie périscolaire' }).returning({ id: regies.id });
  await db.insert(paymentSettings).values({
    tenantId,
    provider: 'systempay',
    environment: 'test',
    config: { siteId: SYSTEMPAY.siteId, algorithm: SYSTEMPAY.algorithm, ctxMode: SYSTEMPAY.ctxMode },
    secretSealed: encryption.encrypt(SYSTEMPAY.key),
    returnUrl: `${ORIGIN}/enfance/factures`,
  });
  const invoiceIds: string[] = [];
  const totals: number[] = [];
  const familyIds = town.childIds.map((child) => familyOf.get(child)!);
  for (let i = 0; i < familyIds.length; i++) {
    const total = 4000 + i;
    const [invoice] = await db
      .insert(invoices)
      .values({
        tenantId,
        regieId: regie.id,
        familyId: familyIds[i],
        status: 'unpaid',
        year: 2026,
        sequence: i + 1,
        number: `2026-PERI-${String(i + 1).padStart(6, '0')}`,
        refdet: `2026PERI${String(i + 1).padStart(6, '0')}`,
        label: 'Cantine et périscolaire – septembre 2026',
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        linesCents: total,
        totalCents: total,
        publishedAt: new Date('2026-10-01T06:00:00Z'),
      })
      .returning({ id: invoices.id, number: invoices.number });
    await db.insert(ledgerEntries).values({ tenantId, familyId: familyIds[i], regieId: regie.id, kind: 'invoice', invoiceId: invoice.id, label: `Facture ${invoice.number}`, amountCents: total, at: new Date('2026-10-01T06:00:00Z') });
    invoiceIds.push(invoice.id);
    totals.push(total);
  }
  return { ...town, tenantId, invoiceIds, totals };
}
