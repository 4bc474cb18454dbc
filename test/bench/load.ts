import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  non2xx: number;
  status5xx: number;
  errors: number;
  perSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Runs autocannon and computes exact percentiles from every response time it reports. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const times: number[] = [];
  let status5xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode >= 500) status5xx++;
    });
  });
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: times.length,
    non2xx: result.non2xx,
    status5xx,
    errors: result.errors,
    perSecond: round(times.length / (result.duration || 1)),
    p50ms: round(pct(times, 50)),
    p95ms: round(pct(times, 95)),
    p99ms: round(pct(times, 99)),
  };
}
