/**
 * What every online payment provider offers the payments service, in words that name none of them.
 * Each provider's file turns its own protocol into these; nothing here touches the database: the
 * payments service decides what to write.
 */
import type { PaymentRedirect } from '../contracts/index.js';

export type Environment = 'sandbox' | 'test' | 'production';

/** A tenant's provider as its adapter uses it: public configuration and the opened secret. */
export interface Settings<Name extends string, Config, Secret extends string | null> {
  provider: Name;
  environment: Environment;
  config: Config;
  secret: Secret;
}

/** How this server reaches the providers, and the instant a message is judged at. */
export interface ProviderContext {
  publicUrl: string;
  fetch: typeof fetch;
  now: Date;
}

export interface Attempt {
  paymentId: string;
  amountCents: number;
  email: string;
  invoice: { number: string; refdet: string; label: string; year: number };
  /** The régie's own DGFiP client number, which PayFiP and TIPI use before the commune's. */
  regieNumcli: string | null;
  /** 1 for the first online attempt on this invoice with this provider. */
  attempt: number;
  notificationUrl: string;
  returnUrl: string;
}

export interface Started {
  redirect: PaymentRedirect;
  /** Our reference of the attempt, the one the provider's messages name. */
  reference: string;
  providerOperationId: string | null;
}

/**
 * The provider refused to open the attempt or could not be reached: the payer was sent nowhere and
 * can try again later. `reason` and `summary` go to the attempt's event, the message to the log.
 */
export class ProviderUnavailable extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly summary: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A notification or return as received: decoded fields (query and form body) and the raw string Paybox signs. */
export interface Incoming {
  fields: Record<string, string>;
  raw: string;
  /** Leading parameters of ours in `raw` (the return URL's `paiement`). */
  ownParams: string[];
}

/** Which payment a message names, with the message as read, or why it cannot be used at all. */
export type Identified<Message> =
  | { ok: true; by: 'operation' | 'reference'; key: string; message: Message }
  | { ok: false; reason: string };

/** What a message must match: the payment as recorded, its invoice's debt reference and its régie's client number. */
export interface ExpectedPayment {
  amountCents: number;
  reference: string | null;
  providerOperationId: string | null;
  environment: Environment;
  createdAt: Date;
  refdet: string | null;
  regieNumcli: string | null;
}

export interface Receipt {
  providerOperationId?: string | null;
  authorisationNumber?: string | null;
  transactionId?: string | null;
}

/** The non-sensitive fields of a message kept with its event: references, amounts, status codes. */
export type Summary = Record<string, string>;

/** What a verified message, or the provider asked directly, says of one payment. */
export type Verdict =
  | { kind: 'paid'; receipt: Receipt; summary: Summary }
  /** The message says paid, but nothing authenticates it (TIPI): the payment waits for the régie's check. */
  | { kind: 'unconfirmed'; receipt: Receipt; reason: string; summary: Summary }
  /** Over without money taken; `error` is an answer no rule reads as paid. */
  | { kind: 'refused' | 'expired' | 'error'; summary: Summary }
  /** The payer gave up; not `final` while the provider still lets them come back and pay. */
  | { kind: 'cancelled'; final: boolean; summary: Summary }
  | { kind: 'pending'; summary: Summary }
  /** Not to be believed for this payment: tampered, another amount, reference or shop. */
  | { kind: 'rejected'; reason: string; summary: Summary }
  /**
   * The provider could not be asked, so nothing is known yet; `retryLater` is false when it
   * answered something unreadable rather than nothing.
   */
  | { kind: 'unavailable'; reason: string; retryLater: boolean };

export type ProviderResult = 'paid' | 'refused' | 'cancelled' | 'expired' | 'error' | 'pending';

/** The verdict of a provider's result once its message has passed every check. */
export function verdictOf(result: ProviderResult, receipt: Receipt, summary: Summary, cancellationFinal = true): Verdict {
  if (result === 'paid') return { kind: 'paid', receipt, summary };
  if (result === 'cancelled') return { kind: 'cancelled', final: cancellationFinal, summary };
  return { kind: result, summary };
}

export const rejected = (reason: string, summary: Summary = {}): Verdict => ({ kind: 'rejected', reason, summary });

/**
 * One provider. A message is read and authenticated once by `identify` (nothing unsigned ever
 * chooses a payment), then the reading is checked against the payment it names by `verify`.
 */
export interface ProviderAdapter<S extends Settings<string, unknown, string | null>, Message> {
  /** The payer's browser comes back with the same signed result as the notification, verified like one. */
  readonly signedReturn: boolean;
  /** The provider's server posts its result to the return address too (legacy TIPI has only that one). */
  readonly notifiesAtReturn: boolean;
  /**
   * Where the browser goes for a new attempt, and our reference of it.
   * @throws ProviderUnavailable when the provider refuses the attempt or cannot be reached.
   */
  start(attempt: Attempt, settings: S, context: ProviderContext): Promise<Started>;
  identify(message: Incoming, settings: S): Identified<Message>;
  verify(message: Message, payment: ExpectedPayment, settings: S, context: ProviderContext): Promise<Verdict>;
  /**
   * Asks the provider what became of a payment, for the providers that can be asked. `settings`
   * is null when the commune has left the provider since: its last payments there are still resolved.
   */
  lookup?(payment: ExpectedPayment, settings: S | null, context: ProviderContext): Promise<Verdict>;
}
