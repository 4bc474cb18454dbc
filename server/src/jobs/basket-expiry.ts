import type { Deps } from '../deps.js';
import { expireBaskets } from '../modules/basket/expiry.js';
import { every } from './every.js';

const EVERY_MS = 60 * 1000;

/** Every minute, empties the unpaid baskets whose delay passed, releasing their places. */
export function startBasketExpiryJob(deps: Deps, intervalMs = EVERY_MS) {
  return every(
    intervalMs,
    async () => {
      const { expired } = await expireBaskets(deps, deps.clock.now());
      if (expired) deps.log({ event: 'paniers_expires' });
    },
    (err) => deps.log({ event: 'paniers_expiration_erreur', error: err.name }),
  );
}
