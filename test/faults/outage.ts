import { randomUUID } from 'node:crypto';
import type { BenchTown } from '../bench/seed.js';
import { isAnswer, request, sleep, type ApiProcess, type Outcome } from './harness.js';
import { ORIGIN } from './seed.js';

interface Sample {
  at: number;
  outcome: Outcome;
}

/** Longest a request may wait during the outage: PostgreSQL's connect timeout (5 s) and a margin. */
const HANG_LIMIT_MS = 7000;
/** After the proxy is back, the API must answer normally again within this time. */
const RECOVERY_LIMIT_MS = 10_000;

/**
 * (c) PostgreSQL unreachable under load: the API reaches PostgreSQL through a proxy that is cut
 * (connections closed, new ones refused) for 5 s while clients read plannings, write bookings and
 * read the public configuration. During the outage the API answers 503 with Retry-After and a
 * French message, promptly; afterwards it recovers by itself, without a restart.
 */
export async function databaseOutage(api: ApiProcess, proxy: { cut(): void; restore(): Promise<void> }, town: BenchTown, outageMs = 5000) {
  const samples: Sample[] = [];
  let running = true;
  const base = `${api.url}/v1/t/${town.publicKey}`;
  const headers = (i: number) => ({ origin: ORIGIN, authorization: `Bearer ${town.tokens[i]}`, 'content-type': 'application/json' });
  const crashesBefore = api.crashes.length;
  const client = async (worker: number) => {
    for (let n = 0; running; n++) {
      const i = (worker * 97 + n) % town.tokens.length;
      const kind = n % 3;
      const at = performance.now();
      const outcome =
        kind === 0
          ? await request(`${base}/planning?childId=${town.childIds[i]}&from=${town.week[0]}&to=${town.week[4]}`, { headers: headers(i), timeoutMs: 20_000 })
          : kind === 1
            ? await request(`${base}/planning/changes`, {
                method: 'POST',
                headers: { ...headers(i), 'idempotency-key': `faults-c-${randomUUID()}` },
                body: JSON.stringify({ changes: [{ childId: town.childIds[i], serviceId: town.soir, date: town.week[n % 5], action: n % 2 ? 'book' : 'cancel' }] }),
                timeoutMs: 20_000,
              })
            : await request(`${base}/config`, { headers: { origin: ORIGIN }, timeoutMs: 20_000 });
      samples.push({ at, outcome });
      // A parent's pace, not a flood: the figures are about answers, not throughput.
      await sleep(20);
    }
  };
  const load = Promise.all(Array.from({ length: 20 }, (_, w) => client(w)));
  await sleep(2000);
  const cutAt = performance.now();
  proxy.cut();
  await sleep(outageMs);
  const restoredAt = performance.now();
  await proxy.restore();
  await sleep(RECOVERY_LIMIT_MS);
  running = false;
  await load;

  const answers = samples.filter((s) => isAnswer(s.outcome)) as { at: number; outcome: Extract<Outcome, { status: number }> }[];
  const unavailable = answers.filter((s) => s.outcome.status === 503);
  const badUnavailable = unavailable.filter(
    (s) => !s.outcome.headers.get('retry-after') || !/indisponible/.test(String((s.outcome.body as { message?: string })?.message ?? '')),
  ).length;
  const other5xx = answers.filter((s) => s.outcome.status >= 500 && s.outcome.status !== 503).length;
  const networkErrors = samples.length - answers.length;
  const duringOutage = samples.filter((s) => s.at >= cutAt && s.at < restoredAt);
  const slowest = Math.max(0, ...duringOutage.map((s) => s.outcome.ms));
  const firstOk = answers.find((s) => s.at >= restoredAt && s.outcome.status < 300);
  const recoveryMs = firstOk ? Math.round(firstOk.at + firstOk.outcome.ms - restoredAt) : null;
  // Once recovered, every answer is a normal one again.
  const failingAfterRecovery = firstOk ? answers.filter((s) => s.at > firstOk.at + 1000 && s.outcome.status >= 500).length : null;
  const crashes = api.crashes.length - crashesBefore;
  const figures = {
    fault: 'PostgreSQL unreachable under load',
    outageMs,
    requests: samples.length,
    duringOutage: duringOutage.length,
    status2xx: answers.filter((s) => s.outcome.status < 300).length,
    status503: unavailable.length,
    status503WithoutRetryAfterOrFrench: badUnavailable,
    status5xxOtherThan503: other5xx,
    networkErrors,
    slowestDuringOutageMs: Math.round(slowest),
    recoveryMs,
    failingAfterRecovery,
    apiCrashes: crashes,
  };
  const ok =
    unavailable.length > 0 &&
    badUnavailable === 0 &&
    other5xx === 0 &&
    networkErrors === 0 &&
    slowest <= HANG_LIMIT_MS &&
    recoveryMs !== null &&
    recoveryMs <= RECOVERY_LIMIT_MS &&
    failingAfterRecovery === 0 &&
    crashes === 0;
  return { ok, figures };
}
