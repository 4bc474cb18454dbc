import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { ApiClient } from '../../api/client.js';
import { getBasketPayment, type BasketPaymentView } from '../../api/panier.js';
import { errorText } from '../../base/error-text.js';
import { wait } from './payment-flow.js';
import type { PanierOutcome } from './panier-result.js';

/** The fragment the payment providers land the browser back with after a basket or debt payment (docs/api.md). */
export const BASKET_RETURN = /^#portail-panier-paiement=([0-9a-f-]{36})$/i;

/**
 * Back from the provider after paying a basket or a debt: takes the payment id out of the
 * address, then reads the verified result until the provider has settled it. Used by the
 * commune's return page, whichever of `<portail-panier>` and `<portail-factures>` it holds.
 */
export class BasketReturn implements ReactiveController {
  id: string | null = null;
  result: BasketPaymentView | null = null;
  timedOut = false;

  private readonly task: Task<readonly [ApiClient | undefined, string | null], void>;

  constructor(
    private readonly host: ReactiveControllerHost,
    client: () => ApiClient | undefined,
    /** Called once the result is known (or the reads gave up): the host moves the focus, reloads its data. */
    settled: () => void,
    /** Time between two reads of a payment the provider has not confirmed yet, and how many reads. */
    pacing: () => { delayMs: number; reads: number },
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([c, id], { signal }) => {
        if (!c || !id) return;
        try {
          for (let read = 1; ; read++) {
            this.result = await getBasketPayment(c, id, signal);
            if (this.result.status !== 'pending' || this.result.abandoned) break;
            if (read >= pacing().reads) {
              this.timedOut = true;
              break;
            }
            await wait(pacing().delayMs, signal);
          }
        } finally {
          if (!signal.aborted) settled();
        }
      },
      args: () => [client(), this.id] as const,
    });
  }

  hostConnected(): void {
    const id = BASKET_RETURN.exec(location.hash)?.[1];
    if (!id) return;
    // The fragment has done its job: a reload or a shared link must not show the result again.
    history.replaceState(history.state, '', location.pathname + location.search);
    this.id = id;
  }

  hostDisconnected(): void {
    this.task.abort();
  }

  /** What the result step shows. */
  outcome(confirmedAtOnce: number | null = null): PanierOutcome {
    return {
      result: this.result,
      confirmedAtOnce,
      timedOut: this.timedOut,
      error: this.task.status === TaskStatus.ERROR ? errorText(this.task.error) : '',
    };
  }

  dismiss(): void {
    this.id = null;
    this.result = null;
    this.timedOut = false;
    this.host.requestUpdate();
  }
}
