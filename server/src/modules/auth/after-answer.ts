import type { Deps } from '../../deps.js';

const running = new Set<Promise<void>>();

/**
 * Runs work once the answer has gone out, so its length tells the client nothing (the
 * "mot de passe oublié" answer must take the same time whether the account exists). A failure is
 * logged, never shown; work lost in a crash is a reset link the parent asks for again.
 */
export function afterAnswer(deps: Deps, event: string, work: () => Promise<void>) {
  const task = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((err: unknown) => deps.log({ event, error: err instanceof Error ? err.name : 'erreur' }))
    .finally(() => running.delete(task));
  running.add(task);
}

/** Resolves when no deferred work is left (tests, graceful stop). */
export async function deferredWorkSettled() {
  while (running.size) await Promise.all(running);
}
