import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/client.js';
import { rowsOf } from '../../server/src/db/rows.js';
import type { BenchTown } from '../bench/seed.js';
import { isAnswer, pool, request, sleep, type Answer, type ApiProcess } from './harness.js';
import { ORIGIN } from './seed.js';

interface Result {
  childId: string;
  serviceId: string;
  date: string;
  status: string;
}

/**
 * (a) kill -9 of the API in the middle of a booking rush. Every family validates its week (5 cells)
 * with its own Idempotency-Key; the process is killed once a third of them are acknowledged. After
 * the restart the unacknowledged requests are sent again with the same key, and the acknowledged
 * ones are replayed too: their answer must be the first one, with no second effect.
 */
export async function bookingRush(api: ApiProcess, db: Db, town: BenchTown) {
  const families = town.tokens.length;
  const keys = town.tokens.map(() => `faults-a-${randomUUID()}`);
  const bodies = town.childIds.map((childId) => ({ changes: town.week.map((date) => ({ childId, serviceId: town.cantine, date, action: 'book' })) }));
  const send = (i: number) =>
    request(`${api.url}/v1/t/${town.publicKey}/planning/changes`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${town.tokens[i]}`, 'content-type': 'application/json', 'idempotency-key': keys[i] },
      body: JSON.stringify(bodies[i]),
    });
  const acknowledged = new Map<number, Answer>();
  const failed: number[] = [];
  let sent = 0;
  let status5xx = 0;
  let killed = false;
  const killAfter = Math.floor(families / 3);
  let killing: Promise<void> | null = null;

  await pool(
    families,
    40,
    async (i) => {
      sent++;
      const outcome = await send(i);
      if (isAnswer(outcome) && outcome.status >= 200 && outcome.status < 300) {
        acknowledged.set(i, outcome);
        if (acknowledged.size >= killAfter && !killing) {
          killed = true;
          killing = api.kill9();
        }
      } else {
        if (isAnswer(outcome) && outcome.status >= 500) status5xx++;
        failed.push(i);
      }
    },
    () => !killed,
  );
  await killing;
  const acknowledgedBeforeKill = acknowledged.size;
  const inFlightAtKill = failed.length;
  const restartMs = await api.start();

  // The provider of the requests (the widget) retries what it got no answer for, with the same key;
  // families that had not sent yet send now.
  let retried5xx = 0;
  const unanswered = Array.from({ length: families }, (_, i) => i).filter((i) => !acknowledged.has(i));
  await pool(unanswered.length, 40, async (n) => {
    const i = unanswered[n];
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await send(i);
      if (isAnswer(outcome) && outcome.status >= 200 && outcome.status < 300) return void acknowledged.set(i, outcome);
      if (isAnswer(outcome) && outcome.status >= 500) retried5xx++;
      await sleep(200);
    }
  });
  // Replays of acknowledged requests: the first answer again, nothing more.
  let replayMismatch = 0;
  const firstAnswers = [...acknowledged.entries()].slice(0, acknowledgedBeforeKill);
  await pool(firstAnswers.length, 40, async (n) => {
    const [i, first] = firstAnswers[n];
    const again = await send(i);
    if (!isAnswer(again) || again.status !== first.status || !isDeepStrictEqual(again.body, first.body)) replayMismatch++;
  });

  // Lost: a cell acknowledged as booked that is not booked. Doubled: a cell booked twice in its
  // history, or a day whose place counter disagrees with the booked rows.
  const booked = new Set(
    (await rowsOf<{ child: string; day: string }>(db, sql`select child_id as child, day::text as day from bookings where service_id = ${town.cantine} and state = 'booked'`)).map(
      (r) => `${r.child}|${r.day}`,
    ),
  );
  let ackCells = 0;
  let lost = 0;
  for (const answer of acknowledged.values()) {
    for (const result of (answer.body as { results: Result[] }).results) {
      if (result.status !== 'booked') continue;
      ackCells++;
      if (!booked.has(`${result.childId}|${result.date}`)) lost++;
    }
  }
  const [{ n: twiceBooked }] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select e.booking_id from booking_events e join bookings b on b.id = e.booking_id
        where b.service_id = ${town.cantine} and e.to_state = 'booked' group by e.booking_id having count(*) > 1) d`,
  );
  const [{ n: counterDrift }] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from capacity_usage u
        where u.service_id = ${town.cantine} and u.used <> (select count(*) from bookings b where b.service_id = u.service_id and b.day = u.day and b.state = 'booked')`,
  );
  const unacknowledged = families - acknowledged.size;
  const figures = {
    fault: 'kill -9 during a booking rush',
    families,
    cellsPerRequest: 5,
    requestsSent: sent,
    acknowledgedBeforeKill,
    inFlightAtKill,
    restartMs,
    retriedWithSameKey: unanswered.length,
    acknowledgedAfterRestart: acknowledged.size - acknowledgedBeforeKill,
    unacknowledged,
    bookedCellsAcknowledged: ackCells,
    replays: firstAnswers.length,
    replayMismatch,
    lost,
    doubled: twiceBooked + counterDrift,
    status5xx: status5xx + retried5xx,
  };
  const ok = status5xx + retried5xx === 0 && lost === 0 && twiceBooked === 0 && counterDrift === 0 && replayMismatch === 0 && unacknowledged === 0 && ackCells > 0 && inFlightAtKill + (families - sent) > 0;
  return { ok, figures };
}
