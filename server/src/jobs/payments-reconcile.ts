import type { Deps } from '../deps.js';
import { reconcilePayments } from '../modules/payments/reconcile.js';
import { every } from './every.js';

const EVERY_MS = 5 * 60 * 1000;

/** Every five minutes, resolves the online payments whose provider never sent a result. */
export function startPaymentsReconcileJob(deps: Deps, intervalMs = EVERY_MS) {
  return every(
    intervalMs,
    async () => {
      const counts = await reconcilePayments(deps, deps.clock.now());
      if (counts.resolved || counts.expired) deps.log({ event: 'paiements_rapproches' });
    },
    (err) => deps.log({ event: 'paiements_rapprochement_erreur', error: err.name }),
  );
}
