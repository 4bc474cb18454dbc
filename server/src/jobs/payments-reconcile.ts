import type { Deps } from '../deps.js';
import { reconcilePayments } from '../modules/payments/reconcile.js';

const EVERY_MS = 5 * 60 * 1000;

/** Every five minutes, resolves the online payments whose provider never sent a result. */
export function startPaymentsReconcileJob(deps: Deps, intervalMs = EVERY_MS) {
  let running: Promise<void> | null = null;
  const round = () => {
    if (running) return;
    running = reconcilePayments(deps, deps.clock.now())
      .then((counts) => {
        if (counts.resolved || counts.expired) deps.log({ event: 'paiements_rapproches' });
      })
      .catch((err: Error) => deps.log({ event: 'paiements_rapprochement_erreur', error: err.name }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
