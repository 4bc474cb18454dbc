import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase, type Db } from '../../server/src/db/client.js';
import { paymentSettings, regies, services } from '../../server/src/db/schema/index.js';
import { encryptionFromBase64 } from '../../server/src/security/encryption.js';
import { addDays } from '../../server/src/domain/dates.js';
import { PROVIDER_CONFIGS, systempayIpn } from '../server/payment-fixtures.js';
import { startApiProcess } from './api-process.js';
import { BENCH_ORIGIN, seedBenchTown } from './seed.js';

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const round = (n: number) => Math.round(n * 10) / 10;

/** Places of the day by state, counted by SQL on the bookings; overselling = booked or held above the capacity. */
async function dayCounts(db: Db, serviceId: string, day: string, places: number) {
  const result = await db.execute(sql`
    select count(*) filter (where state = 'booked')::int as confirmed,
           count(*) filter (where state = 'in_basket')::int as held,
           count(*) filter (where state = 'waitlisted')::int as waitlisted,
           greatest(count(*) filter (where state in ('booked', 'in_basket')) - ${places}, 0)::int as overselling
      from bookings where service_id = ${serviceId} and day = ${day}`);
  const rows = (result as { rows?: Record<string, number>[] }).rows ?? (result as unknown as Record<string, number>[]);
  return { confirmed: Number(rows[0].confirmed), held: Number(rows[0].held), waitlisted: Number(rows[0].waitlisted), overselling: Number(rows[0].overselling) };
}

/**
 * Pay at booking under the cut-off rush, on PostgreSQL, the API in its own process: `families`
 * families (BENCH_BASKET_FAMILIES, 2 000) race for `places` places (500) of a prepaid canteen day.
 * Each family, as the widget does: ticks the day (`POST /planning/changes`, into the basket or the
 * waiting list), checks out (`POST /panier/paiement`, the server computes the amount), and the
 * provider (Systempay, test platform) posts its signed notification for the form the family was
 * sent to. Every call goes through the real routes; the places are counted by SQL afterwards.
 */
export async function benchBasket(url: string, options: { families?: number; places?: number; connections?: number } = {}) {
  const familyCount = options.families ?? Number(process.env.BENCH_BASKET_FAMILIES ?? 2000);
  const places = options.places ?? Math.max(1, Math.round(familyCount / 4));
  const connections = options.connections ?? Math.min(200, familyCount);
  const database = await openDatabase({ url, max: 5 });
  await migrateDatabase(database);
  const key = randomBytes(32).toString('base64');
  const town = await seedBenchTown(database.db, familyCount, { capacity: places });
  const tenantId = (await database.db.select({ tenantId: services.tenantId }).from(services).where(eq(services.id, town.cantine)))[0]!.tenantId;
  const [regie] = await database.db.insert(regies).values({ tenantId, code: 'REST', name: 'Régie restauration' }).returning({ id: regies.id });
  await database.db.update(services).set({ billingMode: 'prepaid', regieId: regie!.id }).where(eq(services.id, town.cantine));
  const systempay = PROVIDER_CONFIGS.systempay;
  await database.db.insert(paymentSettings).values({
    tenantId,
    provider: 'systempay',
    environment: 'test',
    config: { ...systempay.config },
    secretSealed: encryptionFromBase64(key).encrypt(systempay.secret),
    returnUrl: `${BENCH_ORIGIN}/enfance/reservations`,
  });
  // The Wednesday of the week after next: its booking deadline is days away whatever day the bench runs.
  const day = addDays(town.week[2], 7);
  const api = await startApiProcess({ DATABASE_URL: url, DATA_ENCRYPTION_KEY: key });

  const checkoutTimes: number[] = [];
  const outcomes = { ticked: 0, inBasket: 0, redirected: 0, confirmedWithoutProvider: 0, nothingToPay: 0, notified: 0 };
  let status5xx = 0;
  let errors = 0;
  const other: Record<string, number> = {};
  const send = async (path: string, init: RequestInit & { token?: string; form?: Record<string, string> }) => {
    const headers: Record<string, string> = init.form
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : { origin: BENCH_ORIGIN, authorization: `Bearer ${init.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    const res = await fetch(`${api.url}${path}`, { ...init, headers, body: init.form ? new URLSearchParams(init.form).toString() : init.body });
    if (res.status >= 500) status5xx++;
    return res;
  };
  const family = async (i: number) => {
    const base = `/v1/t/${town.publicKey}`;
    const tick = await send(`${base}/planning/changes`, { method: 'POST', token: town.tokens[i], body: JSON.stringify({ changes: [{ childId: town.childIds[i], serviceId: town.cantine, date: day, action: 'book' }] }) });
    if (tick.status !== 200) return void (other[`tick ${tick.status}`] = (other[`tick ${tick.status}`] ?? 0) + 1);
    outcomes.ticked++;
    const state = ((await tick.json()) as { results: { status: string }[] }).results[0]?.status;
    if (state === 'in_basket') outcomes.inBasket++;
    // Every family tries to pay: the one whose day went to the waiting list has nothing to pay (409).
    const started = performance.now();
    const pay = await send(`${base}/panier/paiement`, { method: 'POST', token: town.tokens[i], body: JSON.stringify({ regieId: regie!.id, email: `famille${i}@exemple.fr` }) });
    const answer = (await pay.json()) as { outcome?: string; code?: string; payment?: { redirect: { fields: Record<string, string> } } };
    checkoutTimes.push(performance.now() - started);
    if (pay.status === 409 && answer.code === 'panier_vide') return void outcomes.nothingToPay++;
    if (answer.outcome === 'confirmed') return void outcomes.confirmedWithoutProvider++;
    if (pay.status !== 201 || answer.outcome !== 'redirect') return void (other[`checkout ${pay.status} ${answer.code ?? answer.outcome}`] = (other[`checkout ${pay.status} ${answer.code ?? answer.outcome}`] ?? 0) + 1);
    outcomes.redirected++;
    const ipn = await send(`/v1/paiement/${tenantId}/systempay/notification`, { method: 'POST', form: systempayIpn(answer.payment!.redirect.fields, 'AUTHORISED') });
    if (ipn.status === 200) outcomes.notified++;
    else other[`notification ${ipn.status}`] = (other[`notification ${ipn.status}`] ?? 0) + 1;
  };

  let next = 0;
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < familyCount) {
          const i = next++;
          try {
            await family(i);
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    checkoutTimes.sort((a, b) => a - b);
    const counts = await dayCounts(database.db, town.cantine, day, places);
    return {
      metric: 'basket_checkout_rush',
      database: 'postgres',
      families: familyCount,
      places,
      connections,
      ...counts,
      paidOnline: outcomes.notified,
      checkouts: checkoutTimes.length,
      redirected: outcomes.redirected,
      nothingToPay: outcomes.nothingToPay,
      seconds: round(seconds),
      checkoutsPerSecond: round(checkoutTimes.length / seconds),
      checkoutP50ms: round(pct(checkoutTimes, 50)),
      checkoutP95ms: round(pct(checkoutTimes, 95)),
      checkoutP99ms: round(pct(checkoutTimes, 99)),
      status5xx,
      errors,
      ...(Object.keys(other).length ? { unexpected: other } : {}),
    };
  } finally {
    await api.stop();
    await database.close();
  }
}
