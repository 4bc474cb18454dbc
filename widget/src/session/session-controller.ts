import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionChangeReason, SessionState, SessionStore } from './session-store.js';

/** The expiry warning shows this long before the session ends (RGAA 13.1). */
export const WARNING_BEFORE_EXPIRY_MS = 2 * 60 * 1000;
const WARNING_TICK_MS = 5_000;

/**
 * Re-renders its host when the shared session changes, and while the session is about to end,
 * so that the host can show a countdown.
 */
export class SessionController implements ReactiveController {
  #unsubscribe?: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #store?: SessionStore;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (state: SessionState | null, reason: SessionChangeReason) => void,
  ) {
    host.addController(this);
  }

  /** The store can only be known once the host has read its attributes. */
  set store(store: SessionStore | undefined) {
    if (store === this.#store) return;
    this.#stopListening();
    this.#store = store;
    if (this.#connected) this.#listen();
    this.host.requestUpdate();
  }

  get store(): SessionStore | undefined {
    return this.#store;
  }

  get state(): SessionState | null {
    return this.#store?.state ?? null;
  }

  /** Milliseconds left when the warning must show, else null. */
  get warningRemaining(): number | null {
    const remaining = this.#store?.remaining() ?? null;
    return remaining !== null && remaining <= WARNING_BEFORE_EXPIRY_MS ? Math.max(remaining, 0) : null;
  }

  #connected = false;

  hostConnected(): void {
    this.#connected = true;
    this.#listen();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopListening();
  }

  #listen(): void {
    if (!this.#store) return;
    this.#unsubscribe = this.#store.subscribe((state, reason) => {
      this.onChange?.(state, reason);
      this.host.requestUpdate();
      this.#schedule();
    });
    this.#schedule();
  }

  #stopListening(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const remaining = this.#store?.remaining() ?? null;
    if (remaining === null || remaining <= 0) return;
    const untilWarning = remaining - WARNING_BEFORE_EXPIRY_MS;
    const delay = untilWarning > 0 ? untilWarning : Math.min(WARNING_TICK_MS, remaining);
    this.#timer = setTimeout(() => {
      this.host.requestUpdate();
      this.#schedule();
    }, Math.min(delay, 2 ** 31 - 1));
  }
}
