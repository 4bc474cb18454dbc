import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Database } from '../../server/src/db/client.js';
import type { Deps } from '../../server/src/deps.js';
import type { AppEnv } from '../../server/src/http/context.js';
import { clientIp, trustedProxiesFrom } from '../../server/src/http/client-ip.js';
import { call, makeContext, openTestDatabase, seedTenant, unique } from './helpers.js';

/** The address clientIp sees behind `proxies` trusted proxies, for one X-Forwarded-For header. */
async function seen(proxies: number, forwardedFor?: string) {
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', { trustedProxies: proxies } as Deps);
      await next();
    })
    .get('/', (c) => c.text(clientIp(c)));
  return (await app.request('/', { headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor } })).text();
}

describe('the client address behind proxies', () => {
  it('takes the entry the trusted proxy added, not the one the client wrote first', async () => {
    expect(await seen(1, '203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(1, '10.66.66.66, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(1, ' 1.1.1.1 ,2.2.2.2,  203.0.113.9 ')).toBe('203.0.113.9');
  });

  it('skips as many entries as there are proxies in front', async () => {
    // client-written, client as seen by the outer proxy, outer proxy as seen by the inner one
    expect(await seen(2, '10.66.66.66, 203.0.113.9, 192.0.2.1')).toBe('203.0.113.9');
    expect(await seen(2, '203.0.113.9, 192.0.2.1')).toBe('203.0.113.9');
    expect(await seen(2, '203.0.113.9')).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For without a trusted proxy, and an empty one', async () => {
    expect(await seen(0, '203.0.113.9')).toBe('inconnue');
    expect(await seen(1, '')).toBe('inconnue');
    expect(await seen(1, ' , ')).toBe('inconnue');
    expect(await seen(1)).toBe('inconnue');
  });

  it('reads TRUST_PROXY as a number of proxies, true meaning one as before', () => {
    expect(trustedProxiesFrom(undefined)).toBe(0);
    expect(trustedProxiesFrom('')).toBe(0);
    expect(trustedProxiesFrom('false')).toBe(0);
    expect(trustedProxiesFrom('0')).toBe(0);
    expect(trustedProxiesFrom('true')).toBe(1);
    expect(trustedProxiesFrom('TRUE')).toBe(1);
    expect(trustedProxiesFrom('1')).toBe(1);
    expect(trustedProxiesFrom('2')).toBe(2);
    expect(trustedProxiesFrom('yes')).toBeNull();
    expect(trustedProxiesFrom('-1')).toBeNull();
    expect(trustedProxiesFrom('10.0.0.1')).toBeNull();
  });
});

describe('throttling behind a proxy', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('throttles one address spraying logins even when it writes a new X-Forwarded-For entry each time', async () => {
    const ctx = makeContext(database);
    const town = await seedTenant(ctx);
    const address = unique('ip-');
    let last: Response | undefined;
    for (let i = 0; i < 51; i++) {
      last = await call(ctx, 'POST', `${town.base}/session`, {
        body: { login: `${unique('spray')}@exemple.fr`, password: 'mauvais mot de passe' },
        headers: { 'X-Forwarded-For': `${unique('forged-')}, ${address}` },
      });
    }
    expect(last!.status).toBe(429);
  });
});
