import type { FamilySummary, Session, SessionTimes } from '../../../server/src/contracts/index.js';

/** Idle lifetime granted by the server on each authenticated call (docs/api.md). */
export const IDLE_LIFETIME_MS = 30 * 60 * 1000;

export interface SessionState {
  token: string;
  family: FamilySummary;
  /** Epoch milliseconds. */
  idleExpiresAt: number;
  expiresAt: number;
}

export type SessionChangeReason = 'signed-in' | 'refreshed' | 'signed-out' | 'expired';
export type SessionListener = (state: SessionState | null, reason: SessionChangeReason) => void;

function isState(value: unknown): value is SessionState {
  const v = value as SessionState | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.token === 'string' && typeof v.idleExpiresAt === 'number' &&
    typeof v.expiresAt === 'number' && typeof v.family?.name === 'string'
  );
}

/**
 * The parent's session for one public key, shared by every element of the page and kept in
 * `sessionStorage` so that it survives navigation between town pages in the same tab.
 */
export class SessionStore {
  #state: SessionState | null = null;
  #listeners = new Set<SessionListener>();
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storageKey: string) {
    this.#state = this.#load();
    this.#scheduleExpiry();
  }

  get state(): SessionState | null {
    return this.#state;
  }

  /** Milliseconds before the session ends (idle or absolute), or null when signed out. */
  remaining(now = Date.now()): number | null {
    const s = this.#state;
    return s ? Math.min(s.idleExpiresAt, s.expiresAt) - now : null;
  }

  signIn(session: Session): void {
    this.#set(
      {
        token: session.token,
        family: { id: session.family.id, name: session.family.name },
        idleExpiresAt: Date.parse(session.idleExpiresAt),
        expiresAt: Date.parse(session.expiresAt),
      },
      'signed-in',
    );
  }

  /** A new token for the same family (password change) or new expiry times (prolong). */
  replace(session: Session): void {
    if (!this.#state) return this.signIn(session);
    this.#set(
      {
        ...this.#state,
        token: session.token,
        idleExpiresAt: Date.parse(session.idleExpiresAt),
        expiresAt: Date.parse(session.expiresAt),
      },
      'refreshed',
    );
  }

  /** Records activity: the server's times when it sent them, else a local estimate. */
  touch(times?: SessionTimes): void {
    if (!this.#state) return;
    this.#set(
      {
        ...this.#state,
        idleExpiresAt: times ? Date.parse(times.idleExpiresAt) : Date.now() + IDLE_LIFETIME_MS,
        expiresAt: times ? Date.parse(times.expiresAt) : this.#state.expiresAt,
      },
      'refreshed',
    );
  }

  clear(reason: 'signed-out' | 'expired'): void {
    if (!this.#state) return;
    this.#set(null, reason);
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(state: SessionState | null, reason: SessionChangeReason): void {
    this.#state = state;
    this.#save();
    this.#scheduleExpiry();
    for (const listener of [...this.#listeners]) listener(state, reason);
  }

  #scheduleExpiry(): void {
    clearTimeout(this.#expiryTimer);
    const remaining = this.remaining();
    if (remaining === null) return;
    // setTimeout overflows above 2^31-1 ms; re-arm instead of firing early.
    this.#expiryTimer = setTimeout(() => {
      if ((this.remaining() ?? 1) <= 0) this.clear('expired');
      else this.#scheduleExpiry();
    }, Math.min(Math.max(remaining, 0), 2 ** 31 - 1));
  }

  #load(): SessionState | null {
    try {
      const raw = sessionStorage.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      if (!isState(parsed)) return null;
      return Math.min(parsed.idleExpiresAt, parsed.expiresAt) > Date.now() ? parsed : null;
    } catch {
      return null;
    }
  }

  #save(): void {
    try {
      if (this.#state) sessionStorage.setItem(this.storageKey, JSON.stringify(this.#state));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage can be disabled (privacy settings): the session then lasts as long as the page.
    }
  }
}

const stores = new Map<string, SessionStore>();

/** One store per public key, shared by every element of the page. */
export function sessionStoreFor(publicKey: string): SessionStore {
  let store = stores.get(publicKey);
  if (!store) {
    store = new SessionStore(`portail-famille:session:${publicKey}`);
    stores.set(publicKey, store);
  }
  return store;
}
