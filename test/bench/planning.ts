import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type autocannon from 'autocannon';
import { openDatabase, migrateDatabase } from '../../server/src/db/client.js';
import { startOfMonth, endOfMonth } from '../../server/src/domain/dates.js';
import { startApiProcess } from './api-process.js';
import { load } from './load.js';
import { BENCH_ORIGIN, overbooking, seedBenchTown } from './seed.js';

const headers = (token: string) => ({ origin: BENCH_ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** Single-row INSERT rate of the same PostgreSQL, autocommit, from `connections` clients: the yardstick for booking writes. */
export async function insertRate(url: string, connections: number, seconds: number) {
  const sql = postgres(url, { max: connections, onnotice: () => {} });
  await sql`create table if not exists bench_single_row (id bigserial primary key, family uuid not null, day date not null, at timestamptz not null default now())`;
  let rows = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await sql`insert into bench_single_row (family, day) values (${randomUUID()}, current_date)`;
        rows++;
      }
    }),
  );
  await sql`drop table bench_single_row`;
  await sql.end();
  return { metric: 'postgres_single_row_insert', connections, durationSeconds: seconds, rows, perSecond: Math.round(rows / seconds) };
}

/**
 * Planning month reads, booking writes (a parent validating a week: 5 cells a request) and the
 * cut-off rush, against the API in its own process on PostgreSQL.
 */
export async function benchPlanning(url: string, seconds: number) {
  const lines: Record<string, unknown>[] = [];
  const database = await openDatabase({ url, max: 10 });
  await migrateDatabase(database);
  const town = await seedBenchTown(database.db, 2000);
  const rushCapacity = 1500;
  const rush = await seedBenchTown(database.db, 2000, { capacity: rushCapacity });
  const api = await startApiProcess({ DATABASE_URL: url });
  try {
    // 1. Month view of one child, 100 clients: as fast as they can (saturation), then at a
    //    steady 150 requests a second (100 parents each reloading every 0.7 s).
    let next = 0;
    const from = startOfMonth(town.week[0]);
    const to = endOfMonth(town.week[0]);
    const monthRead: autocannon.Request = {
      setupRequest: (req) => {
        const i = next++ % town.tokens.length;
        return { ...req, method: 'GET', path: `/v1/t/${town.publicKey}/planning?childId=${town.childIds[i]}&from=${from}&to=${to}`, headers: headers(town.tokens[i]) };
      },
    };
    const single = await load({ url: api.url, connections: 1, duration: Math.min(seconds, 5), requests: [monthRead] });
    lines.push({ metric: 'planning_month_read', database: 'postgres', connections: 1, load: 'one client', ...single, budgetP95ms: 20 });
    const saturated = await load({ url: api.url, connections: 100, duration: seconds, requests: [monthRead] });
    lines.push({ metric: 'planning_month_read', database: 'postgres', connections: 100, load: 'saturation', ...saturated, budgetP95ms: 20 });
    const steady = await load({ url: api.url, connections: 100, duration: seconds, overallRate: 150, requests: [monthRead] });
    lines.push({ metric: 'planning_month_read', database: 'postgres', connections: 100, load: '150 req/s', ...steady, budgetP95ms: 20 });

    // 2. Booking writes: each request books one week of canteen for one child.
    next = 0;
    const write = await load({
      url: api.url,
      connections: 50,
      duration: seconds,
      requests: [
        {
          setupRequest: (req) => {
            const i = next++ % town.tokens.length;
            const changes = town.week.map((date) => ({ childId: town.childIds[i], serviceId: next <= town.tokens.length ? town.cantine : town.soir, date, action: 'book' }));
            return { ...req, method: 'POST', path: `/v1/t/${town.publicKey}/planning/changes`, headers: { ...headers(town.tokens[i]), 'idempotency-key': randomUUID() }, body: JSON.stringify({ changes }) };
          },
        },
      ],
    });
    lines.push({ metric: 'booking_writes', database: 'postgres', connections: 50, cellsPerRequest: 5, ...write, cellsPerSecond: Math.round(write.perSecond * 5) });
    lines.push(await insertRate(url, 50, Math.min(seconds, 10)));

    // 3. Cut-off rush: 2 000 families change their week at once, 1 500 places a day.
    next = 0;
    const started = Date.now();
    const burst = await load({
      url: api.url,
      connections: 200,
      amount: rush.tokens.length,
      requests: [
        {
          setupRequest: (req) => {
            const i = next++ % rush.tokens.length;
            const changes = rush.week.map((date) => ({ childId: rush.childIds[i], serviceId: rush.cantine, date, action: 'book' }));
            return { ...req, method: 'POST', path: `/v1/t/${rush.publicKey}/planning/changes`, headers: { ...headers(rush.tokens[i]), 'idempotency-key': randomUUID() }, body: JSON.stringify({ changes }) };
          },
        },
      ],
    });
    const seconds_ = (Date.now() - started) / 1000;
    lines.push({
      metric: 'cutoff_rush',
      database: 'postgres',
      families: rush.tokens.length,
      cellsPerFamily: 5,
      capacityPerDay: rushCapacity,
      connections: 200,
      seconds: Math.round(seconds_ * 10) / 10,
      requestsPerSecond: Math.round(rush.tokens.length / seconds_),
      p99ms: burst.p99ms,
      p95ms: burst.p95ms,
      status5xx: burst.status5xx,
      errors: burst.errors,
      overbooked: await overbooking(database.db, rush.cantine, rushCapacity),
    });
  } finally {
    await api.stop();
    await database.close();
  }
  return lines;
}
