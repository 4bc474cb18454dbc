import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './context.js';
import type { Deps } from '../deps.js';

/** One structured line per request: id, tenant, route pattern (never the raw URL), status, duration. */
export function requestLog(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    await next();
    c.header('X-Request-Id', requestId);
    deps.log({
      requestId,
      tenant: c.get('tenant')?.id,
      method: c.req.method,
      route: safeRoute(c),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

function safeRoute(c: Parameters<MiddlewareHandler>[0]) {
  try {
    return routePath(c, -1);
  } catch {
    return 'unmatched';
  }
}
