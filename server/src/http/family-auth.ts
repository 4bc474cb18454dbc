import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './context.js';
import { authenticate, findSession } from '../modules/auth/service.js';

export const bearerToken = (header: string | undefined) => /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(header ?? '')?.[1];

/** Requires a live parent session (Authorization: Bearer); `always` records the activity even within the minute. */
export function requireFamily(touch: 'always' | 'lazy' = 'lazy'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new ApiError(401, 'session_expiree', 'Votre session a expiré. Veuillez vous reconnecter.');
    const deps = c.get('deps');
    const preloaded = c.get('session');
    const row = preloaded !== undefined ? preloaded : await findSession(deps, c.get('tenant').id, token);
    c.set('family', await authenticate(deps, row, touch));
    await next();
  };
}
