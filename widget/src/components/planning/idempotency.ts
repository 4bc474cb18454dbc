/**
 * One Idempotency-Key per write the parent means to make: asking again for the same body (a
 * retry after a network failure) gives the same key, so the server applies it once; another
 * body, or the same one after a success, gets a fresh key.
 */
export class IdempotencyKey {
  #key: string | null = null;
  #body = '';

  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (!this.#key || text !== this.#body) {
      this.#key = newKey();
      this.#body = text;
    }
    return this.#key;
  }

  /** The server answered: the next write is a new one. */
  settle(): void {
    this.#key = null;
  }
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID only exists in secure contexts; some town sites are still served over http.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
