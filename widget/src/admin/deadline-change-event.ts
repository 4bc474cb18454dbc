import type { DeadlineRule } from './api/planning.js';

/** A deadline editor's rule changed. Bubbles and is composed. */
export class DeadlineChangeEvent extends Event {
  static readonly eventName = 'portail-deadline-change';
  constructor(readonly rule: DeadlineRule) {
    super(DeadlineChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'portail-deadline-change': DeadlineChangeEvent;
  }
}
