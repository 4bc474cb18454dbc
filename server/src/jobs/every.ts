/**
 * Runs `round` every `intervalMs`, never two rounds at once (a slow round makes the next tick a
 * no-op rather than a pile-up), and once at start when asked; `stop()` waits for the round in progress. Errors are the round's
 * to report: a rejected round is passed to `onError` and the schedule goes on.
 */
export function every(intervalMs: number, round: () => Promise<unknown>, onError: (err: Error) => void, { atStart = false } = {}) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = round()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  if (atStart) tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
